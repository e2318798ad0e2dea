import CTesseract
import CardModel
import CardTestSupport
import Foundation
import Logging
import Testing

@testable import CardOCR

// Lines that end before their ink does, read again extended (PreprocessStage.extend,
// models/ocr/parameters.json `cut_lines`).

@Suite("Cut lines")
struct CutLinesTests {
    static let rule = OCRParameters.CutLines(minInk: 0.04, maxGap: 1.2, minConfidence: 0.6)

    static func word(_ text: String, x: Int, confidence: Double = 0.9) -> RecognizedWord {
        RecognizedWord(text: text, box: PixelBox(x: x, y: 100, width: 10 * text.count, height: 20), confidence: confidence)
    }

    /// The rule: a longer reading is kept when it starts with what the line said and what it
    /// adds after the line's old end is sure and more than a stray mark.
    @Test func ruleKeepsOnlyTrueExtensions() {
        // "Tel/Fax: 3" ended at x 200; the reading goes on with the number.
        let full = [Self.word("Tel/Fax:", x: 100), Self.word("3123-0800", x: 190)]
        #expect(Self.rule.keeps(first: "Tel/Fax: 3", second: "Tel/Fax: 3123-0800", words: full, end: 200, height: 20))
        // One digit more glued to the last word ("2131-340" -> "2131-3400").
        let glued = [Self.word("2131-3400", x: 100)]
        #expect(Self.rule.keeps(first: "2131-340", second: "2131-3400", words: glued, end: 180, height: 20))
        // An icon or the card's edge read as a stray character after the line.
        let stray = [Self.word("+91-90999", x: 100), Self.word("75512", x: 200), Self.word("7", x: 260)]
        #expect(!Self.rule.keeps(first: "+91-90999 75512", second: "+91-90999 75512 7", words: stray, end: 250, height: 20))
        // An unsure word added.
        let unsure = [Self.word("Visiting", x: 100), Self.word("Scholar", x: 190), Self.word("Pl", x: 270, confidence: 0.3)]
        #expect(!Self.rule.keeps(first: "Visiting Scholar", second: "Visiting Scholar Pl", words: unsure, end: 260, height: 20))
        // The start read differently: not the same line.
        let changed = [Self.word("y23970R", x: 100)]
        #expect(!Self.rule.keeps(first: "723970", second: "y23970R", words: changed, end: 160, height: 20))
        // Nothing more.
        #expect(!Self.rule.keeps(first: "Germany", second: "Germany", words: [Self.word("Germany", x: 100)], end: 170, height: 20))
    }

    /// A parameters file from before the stage (no `cut_lines`) still decodes, with the stage off.
    @Test func olderParameterFilesLeaveTheStageOff() throws {
        let json = #"{"small_text": {"min_word_height": 22, "max_mean_confidence": 0.8, "target_factor": 1.4, "max_enlarge": 2.5}}"#
        let parameters = try OCRParameters.decode(Data(json.utf8))
        #expect(parameters.cutLines == .off)
        #expect(OCRParameters.fitted.cutLines.minInk > 0)
    }

    /// Real Tesseract on a real card image: a line cut short after its first word (as
    /// Tesseract's layout analysis sometimes ends one) is followed by ink, is read again
    /// extended over it, and comes back whole; the other lines are left as they were.
    @Test func aLineCutShortIsReadWhole() throws {
        let url = TestImages.root.appendingPathComponent("cards/001-clean.png")
        let decoded = try ImageDecoder.decode(path: url.path, maxPixels: 100_000_000, applyEXIF: false)
        let grey = try decoded.pix.grey()
        let engine = try TesseractEngine(
            languages: "eng", directory: TesseractLanguages.directory(nil), mode: OEM_LSTM_ONLY)
        let page = try engine.recognize(grey, resolution: 300, segmentation: .sparseText)
        let index = try #require(page.lines.firstIndex { $0.text.hasPrefix("Herengracht") && $0.words.count >= 2 })
        let whole = page.lines[index]
        var cut = page
        let first = whole.words[0]
        cut.lines[index].text = first.text
        cut.lines[index].words = [first]
        cut.lines[index].box = PixelBox(
            x: whole.box.x, y: whole.box.y, width: first.box.x + first.box.width - whole.box.x, height: whole.box.height)

        var options = OCROptions()
        options.parameters.cutLines = Self.rule
        let recognizer = try TesseractRecognizer(options: options, logger: Logger(label: "CutLinesTests"))
        let mended = try recognizer.rereadCutLines(cut, of: grey, with: engine)
        #expect(recognizer.cutLineRereads >= 1)
        #expect(mended.lines[index].text == whole.text)
        #expect(mended.lines[index].box.x + mended.lines[index].box.width >= whole.box.x + whole.box.width - 4)
        for other in page.lines.indices where other != index {
            #expect(mended.lines.contains { $0.text == page.lines[other].text }, "lost \(page.lines[other].text)")
        }
    }
}
