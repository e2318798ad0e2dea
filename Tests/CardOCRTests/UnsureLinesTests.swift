import CardModel
import CardTestSupport
import Foundation
import Logging
import Testing

@testable import CardOCR

// Unsure lines read again alone and larger (PreprocessStage.reread, models/ocr/parameters.json).

@Suite("Unsure lines")
struct UnsureLinesTests {
    /// The rule: which lines are read again, at what scale, and which second reading is kept.
    @Test func ruleFollowsConfidenceAndHeight() {
        let rule = OCRParameters.UnsureLines(maxLineConfidence: 0.7, targetHeight: 48, maxScale: 3, minGain: 0.05)
        #expect(rule.rereads(confidence: 0.69))
        #expect(!rule.rereads(confidence: 0.7))
        #expect(!OCRParameters.UnsureLines.off.rereads(confidence: 0))
        #expect(rule.scale(forLineHeight: 24) == 2)
        #expect(rule.scale(forLineHeight: 8) == 3)
        #expect(rule.scale(forLineHeight: 60) == 1)
        #expect(rule.keeps(confidence: 0.8, alphanumerics: 10, over: 0.6, firstAlphanumerics: 12))
        #expect(!rule.keeps(confidence: 0.63, alphanumerics: 10, over: 0.6, firstAlphanumerics: 12))
        // Surer but much shorter: a line that lost most of its text is not kept.
        #expect(!rule.keeps(confidence: 0.95, alphanumerics: 5, over: 0.6, firstAlphanumerics: 12))
    }

    /// A parameters file from before the stage (no `unsure_lines`) still decodes, with the stage off.
    @Test func olderParameterFilesLeaveTheStageOff() throws {
        let json = #"{"small_text": {"min_word_height": 22, "max_mean_confidence": 0.8, "target_factor": 1.4, "max_enlarge": 2.5}}"#
        let parameters = try OCRParameters.decode(Data(json.utf8))
        #expect(parameters.unsureLines == .off)
        #expect(parameters.smallText.minWordHeight == 22)
    }

    /// Words read from a crop scaled up come back in the card's coordinates.
    @Test func wordsOfAScaledCropArePlacedOnTheCard() {
        let word = RecognizedWord(text: "Kawasemi", box: PixelBox(x: 20, y: 10, width: 100, height: 40), confidence: 0.9)
        let placed = TesseractRecognizer.placed([word], from: PixelBox(x: 300, y: 200, width: 80, height: 30), scale: 2)
        #expect(placed.first?.box == PixelBox(x: 310, y: 205, width: 50, height: 20))
    }

    /// Real Tesseract on a 150-DPI card: the company line ("Kawasemi K.K.") comes out of the card's
    /// reading unsure and misread; read again alone and larger it is right.
    @Test func unsureCompanyLineIsReadAgain() throws {
        let sample = try #require(
            TestImages.samples().first { $0.name == "236-lowdpi.png" }, "missing TestImages/cards/236-lowdpi.png")
        let company = try #require(sample.truth.cards.first?.company)
        var options = OCROptions()
        options.languages = OCROptions.automaticLanguages
        let recognizer = try TesseractRecognizer(options: options, logger: Logger(label: "UnsureLinesTests"))
        let card = try #require(try recognizer.recognizeCards(inFileAt: sample.url).first)
        #expect(recognizer.unsureLineRereads > 0)
        #expect(card.recognized.lines.contains { $0.text.contains(company) }, "company line not read")
    }
}
