import CLeptonica
import CardModel
import CardTestSupport
import Foundation
import Logging
import Testing

@testable import CardOCR

// Rows of large type on Chinese, Japanese and Korean cards read again as one line
// (models/ocr/parameters.json `large_rows`, `TesseractRecognizer.rereadLargeRows`).

private let logger = Logger(label: "LargeRowsTests")
private let installed = Set(TesseractLanguages.installed())

@Suite("Large rows")
struct LargeRowsTests {
    static let rule = OCRParameters.LargeRows(minHeightRatio: 1.4, maxGap: 2.0, minConfidence: 0.6)

    static func line(_ text: String, confidence: Double = 0.9) -> RecognizedLine {
        RecognizedLine(text: text, box: PixelBox(x: 0, y: 0, width: 100, height: 50), confidence: confidence)
    }

    static func word(_ text: String, x: Int, confidence: Double = 0.9) -> RecognizedWord {
        RecognizedWord(text: text, box: PixelBox(x: x, y: 0, width: 40, height: 50), confidence: confidence)
    }

    /// Which large lines are read again: unsure ones (the `+eng` part of the model read the Han
    /// name: "fet 3 oR" for 高建榮, 0.55 sure) and single characters left of a spaced name ("野"
    /// of 狩野 貴大); a large line read well in the script, or a Latin wordmark read surely, is left.
    @Test func brokenLines() {
        #expect(Self.rule.isBroken(Self.line("fet 3 oR", confidence: 0.55)))
        #expect(!Self.rule.isBroken(Self.line("NITORI", confidence: 0.95)))
        #expect(Self.rule.isBroken(Self.line("野", confidence: 0.91)))
        #expect(Self.rule.isBroken(Self.line("高建榮", confidence: 0.4)))
        #expect(!Self.rule.isBroken(Self.line("高建榮", confidence: 0.86)))
        #expect(!Self.rule.isBroken(Self.line("株式会社 ニトリ", confidence: 0.94)))
    }

    /// A short large line read surely is read again when its row holds unread ink beside it
    /// ("藤裕子" of 齋藤 裕子, the first character standing apart): a name's few letters, never
    /// an address or a number, and only from `min_unread_width` line heights on.
    @Test func shortLinesBesideUnreadInk() throws {
        let rule = OCRParameters.LargeRows(
            minHeightRatio: 1.4, maxGap: 1.5, minConfidence: 0.6, minUnreadWidth: 0.5)
        #expect(rule.leavesInkUnread(Self.line("藤裕子"), unreadWidth: 0.8))
        #expect(!rule.leavesInkUnread(Self.line("藤裕子"), unreadWidth: 0.3))
        #expect(!rule.leavesInkUnread(Self.line("埼玉県さいたま市大宮区"), unreadWidth: 0.8))
        #expect(!rule.leavesInkUnread(Self.line("桜木町2-2"), unreadWidth: 0.8))
        #expect(!rule.leavesInkUnread(Self.line("MINI MINI"), unreadWidth: 0.8))
        #expect(!Self.rule.leavesInkUnread(Self.line("藤裕子"), unreadWidth: 0.8))
        // The row's ink is measured only for lines that may be such a name.
        #expect(rule.mayBeShortOfALetter(Self.line("藤裕子")))
        #expect(!rule.mayBeShortOfALetter(Self.line("MINI MINI")))
        // A parameters file without the key leaves it off.
        let json = #"{"min_height_ratio": 1.4, "max_gap": 1.5, "min_confidence": 0.6}"#
        let decoded = try JSONDecoder().decode(OCRParameters.LargeRows.self, from: Data(json.utf8))
        #expect(decoded.minUnreadWidth == 0)
        #expect(OCRParameters.fitted.largeRows.minUnreadWidth == 0.5)
    }

    /// A line of Han alone whose box is wider than its letters fill leaves ink unread inside it
    /// ("藤裕子" across the whole row of 齋藤 裕子); kana, Latin letters and a full box do not.
    @Test func boxWiderThanItsHanLetters() {
        func line(_ text: String, _ width: Int, _ height: Int) -> RecognizedLine {
            RecognizedLine(
                text: text, box: PixelBox(x: 0, y: 0, width: width, height: height), confidence: 0.9)
        }
        #expect(abs(TesseractRecognizer.unreadInside(line("藤裕子", 311, 48)) - 3.48) < 0.01)
        #expect(TesseractRecognizer.unreadInside(line("小松美絵", 384, 87)) < 0.5)
        #expect(TesseractRecognizer.unreadInside(line("サービス部", 175, 34)) == 0)
        #expect(TesseractRecognizer.unreadInside(line("NTT", 316, 61)) == 0)
    }

    /// Marks at a row's ends are the crop's margin ("| 島津 華梨"); a row of marks is no reading.
    @Test func marksAtTheEndsAreDropped() throws {
        let words = [
            Self.word("|", x: 0, confidence: 0.2), Self.word("島津", x: 50), Self.word("華梨", x: 100),
            Self.word("。", x: 150),
        ]
        let trimmed = try #require(TesseractRecognizer.trimmingMarks(("| 島津 華梨 。", words, 0.7)))
        #expect(trimmed.text == "島津 華梨")
        #expect(trimmed.words.count == 2)
        #expect(abs(trimmed.confidence - 0.9) < 1e-9)
        let marks = [Self.word("|", x: 0), Self.word("。", x: 50)]
        #expect(TesseractRecognizer.trimmingMarks(("| 。", marks, 0.9)) == nil)
    }

    /// The row is cut to its own ink for the second reading: grown up and down from its middle
    /// to the first row without ink, so the small kana printed above a name stay out.
    @Test func inkRowsLeaveTheKanaAbove() throws {
        let pix = try PixImage("pixCreate") { pixCreate(400, 200, 8) }
        try leptonica("pixSetAll") { pixSetAll(pix.pointer) }  // white
        func ink(_ box: PixelBox) throws {
            let rectangle = try LeptonicaBox(box)
            try leptonica("pixClearInRect") { pixClearInRect(pix.pointer, rectangle.pointer) }  // black
        }
        try ink(PixelBox(x: 60, y: 40, width: 100, height: 12))  // kana above the name
        try ink(PixelBox(x: 50, y: 60, width: 60, height: 70))  // two large letters
        try ink(PixelBox(x: 200, y: 62, width: 60, height: 66))
        let pixels = GreyPixels(pix)
        // The line box Tesseract gave reaches into the kana.
        let span = PixelBox(x: 50, y: 45, width: 210, height: 85)
        let rows = try #require(TesseractRecognizer.inkRows(of: span, pixels: pixels))
        #expect(rows == PixelBox(x: 50, y: 60, width: 210, height: 70))
    }

    /// The row is widened over the ink of its row on both sides, up to a gap of `maxGap` line
    /// heights, and stops at a surely read line of smaller type on the row (a title beside the
    /// name); an unsure small line there is a piece of a large letter and does not stop it.
    @Test func rowIsWidenedOverItsInk() throws {
        let pix = try PixImage("pixCreate") { pixCreate(1000, 200, 8) }
        try leptonica("pixSetAll") { pixSetAll(pix.pointer) }
        func ink(_ box: PixelBox) throws {
            let rectangle = try LeptonicaBox(box)
            try leptonica("pixClearInRect") { pixClearInRect(pix.pointer, rectangle.pointer) }
        }
        try ink(PixelBox(x: 20, y: 80, width: 60, height: 25))  // a title in small type
        try ink(PixelBox(x: 300, y: 60, width: 50, height: 50))  // 狩
        try ink(PixelBox(x: 370, y: 60, width: 50, height: 50))  // 野: the line found
        try ink(PixelBox(x: 480, y: 60, width: 50, height: 50))  // 貴, 60 px on
        try ink(PixelBox(x: 550, y: 60, width: 50, height: 50))  // 大
        try ink(PixelBox(x: 900, y: 60, width: 50, height: 50))  // far beyond the gap
        let found = RecognizedLine(text: "野", box: PixelBox(x: 370, y: 60, width: 50, height: 50), confidence: 0.9)
        let title = RecognizedLine(text: "係長", box: PixelBox(x: 20, y: 80, width: 60, height: 25), confidence: 0.96)
        let piece = RecognizedLine(text: "-EB.", box: PixelBox(x: 480, y: 70, width: 40, height: 23), confidence: 0)
        let page = RecognizedPage(width: 1000, height: 200, lines: [title, found, piece], languages: "jpn+eng")
        let span = try #require(
            TesseractRecognizer.rowInk(
                of: found.box, large: [1], in: page, pixels: GreyPixels(pix), maxGap: 2.0, minConfidence: 0.6))
        #expect(span == PixelBox(x: 300, y: 60, width: 300, height: 50))

        // A surely read small line on the row bounds it.
        var sure = page
        sure.lines[2].confidence = 0.9
        let bounded = try #require(
            TesseractRecognizer.rowInk(
                of: found.box, large: [1], in: sure, pixels: GreyPixels(pix), maxGap: 2.0, minConfidence: 0.6))
        #expect(bounded.x == 300 && bounded.x + bounded.width == 420)
    }

    /// A parameters file from before the stage (no `large_rows`) still decodes, with it off.
    @Test func olderParameterFilesLeaveTheStageOff() throws {
        let json = #"{"small_text": {"min_word_height": 22, "max_mean_confidence": 0.8, "target_factor": 1.4, "max_enlarge": 2.5}}"#
        #expect(try OCRParameters.decode(Data(json.utf8)).largeRows == .off)
        #expect(OCRParameters.fitted.largeRows.minHeightRatio > 0)
    }

    /// Real Tesseract on a real card image: on a flatbed page of two cards, the Chinese card's
    /// large two-character name 孙敏 is lost by the page reading and found when its row is read
    /// again alone with chi_sim.
    @Test(.enabled(if: installed.contains("chi_sim"), "chi_sim.traineddata not installed (tesseract-ocr-chi-sim)"))
    func largeHanNameIsReadAgain() throws {
        let url = TestImages.cardsDirectory.appendingPathComponent("071-flatbed.jpg")
        func chineseCard(_ parameters: OCRParameters) throws -> (RecognizedCard, TesseractRecognizer) {
            var options = OCROptions(languages: "auto")
            options.parameters = parameters
            let recognizer = try TesseractRecognizer(options: options, logger: logger)
            let cards = try recognizer.recognizeCards(inFileAt: url)
            return (try #require(cards.first { $0.recognized.languages.hasPrefix("chi_sim") }), recognizer)
        }
        var off = OCRParameters.fitted
        off.largeRows = .off
        let (before, _) = try chineseCard(off)
        #expect(!before.recognized.text.contains("孙敏"))
        let (after, recognizer) = try chineseCard(.fitted)
        #expect(after.recognized.text.contains("孙敏"))
        #expect(recognizer.largeRowRereads >= 1)
    }
}
