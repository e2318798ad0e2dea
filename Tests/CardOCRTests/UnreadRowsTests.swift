import CLeptonica
import CardModel
import Foundation
import Logging
import Testing

@testable import CardOCR

// Rows of large type that no line of a Chinese, Japanese or Korean reading covers, read alone
// (models/ocr/parameters.json `unread_rows`, `TesseractRecognizer.readUnreadRows`).

private let logger = Logger(label: "UnreadRowsTests")
private let installed = Set(TesseractLanguages.installed())

@Suite("Unread rows")
struct UnreadRowsTests {
    static func box(_ x: Int, _ y: Int, _ width: Int, _ height: Int) -> PixelBox {
        PixelBox(x: x, y: y, width: width, height: height)
    }

    /// Shapes make a row left to right when they share it and stand at most a letter's height
    /// apart ("許 淑 芬" letter-spaced); a shape on another row, or far along this one, starts
    /// its own.
    @Test func shapesGroupIntoRows() {
        let rows = TesseractRecognizer.rows(of: [
            Self.box(230, 87, 50, 54), Self.box(69, 87, 50, 54), Self.box(149, 87, 52, 54),
            Self.box(69, 300, 40, 40), Self.box(700, 90, 50, 50),
        ])
        #expect(rows.count == 3)
        #expect(rows[0].shapes.map(\.x) == [69, 149, 230])
        #expect(rows[0].span == Self.box(69, 87, 211, 54))
        #expect(rows[1].shapes == [Self.box(69, 300, 40, 40)])
        #expect(rows[2].shapes == [Self.box(700, 90, 50, 50)])
    }

    /// A line much smaller than a shape is a piece read from its letters ("二二" from 國, 11 px
    /// of a 46 px letter) and neither covers it nor keeps its row from being read; a line of the
    /// letter's size does.
    @Test func piecesAndCovers() {
        let letter = Self.box(244, 254, 44, 46)
        #expect(TesseractRecognizer.isPiece(Self.box(250, 260, 40, 11), of: letter))
        #expect(!TesseractRecognizer.isPiece(Self.box(200, 250, 160, 40), of: letter))
        #expect(TesseractRecognizer.holdsMiddle(Self.box(200, 250, 160, 40), of: letter))
        #expect(!TesseractRecognizer.holdsMiddle(Self.box(300, 250, 160, 40), of: letter))
    }

    /// A reading with Latin letters, ASCII or full-width, was no row of the script ("[LA人上"
    /// read from a logo's band).
    @Test func latinLettersRejectAReading() {
        #expect(TesseractRecognizer.hasLatinLetters("[LA人上"))
        #expect(TesseractRecognizer.hasLatinLetters("ＡＢ株式会社"))
        #expect(!TesseractRecognizer.hasLatinLetters("許淑芬"))
        #expect(!TesseractRecognizer.hasLatinLetters("〒100-8270 東京都"))
    }

    /// One letter read over and over is fabric or wood grain read as a row, not type; a name
    /// with a letter twice is a name.
    @Test func oneLetterRepeatedIsTexture() {
        #expect(TesseractRecognizer.isOneLetterRepeated("いいいいいいいい"))
        #expect(TesseractRecognizer.isOneLetterRepeated("二 二 二"))
        #expect(!TesseractRecognizer.isOneLetterRepeated("林林"))
        #expect(!TesseractRecognizer.isOneLetterRepeated("許淑芬"))
        #expect(!TesseractRecognizer.isOneLetterRepeated("淑淑芬"))
    }

    /// Only shapes the size of large type count: from `minHeightRatio` median line heights up to
    /// six, at most three times as wide as high, clear of the image's edges.
    @Test func largeTypeShapes() throws {
        let rule = OCRParameters.UnreadRows(minHeightRatio: 1.4, minConfidence: 0.7, maxJoinGap: 2.5)
        let pix = try PixImage("pixCreate") { pixCreate(400, 300, 8) }
        #expect(
            TesseractRecognizer.isLargeType(Self.box(50, 50, 40, 45), median: 29, rule: rule, within: pix))
        #expect(
            !TesseractRecognizer.isLargeType(Self.box(50, 50, 30, 30), median: 29, rule: rule, within: pix))
        #expect(
            !TesseractRecognizer.isLargeType(Self.box(50, 50, 200, 45), median: 29, rule: rule, within: pix))
        #expect(
            !TesseractRecognizer.isLargeType(Self.box(0, 50, 40, 45), median: 29, rule: rule, within: pix))
        #expect(
            !TesseractRecognizer.isLargeType(Self.box(50, 50, 150, 200), median: 29, rule: rule, within: pix))
    }

    /// A parameters file from before the stage (no `unread_rows`) still decodes, with it off.
    @Test func olderParameterFilesLeaveTheStageOff() throws {
        let json =
            #"{"small_text": {"min_word_height": 22, "max_mean_confidence": 0.8, "target_factor": 1.4, "max_enlarge": 2.5}}"#
        #expect(try OCRParameters.decode(Data(json.utf8)).unreadRows == .off)
        #expect(OCRParameters.fitted.unreadRows.minHeightRatio > 0)
    }

    /// The first card of a fixture read with `--lang auto` and `parameters`, and its recognizer.
    static func read(
        _ fixture: String, _ parameters: OCRParameters
    ) throws -> (RecognizedCard, TesseractRecognizer) {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/\(fixture)")
        var options = OCROptions(languages: "auto")
        options.parameters = parameters
        let recognizer = try TesseractRecognizer(options: options, logger: logger)
        return (try #require(try recognizer.recognizeCards(inFileAt: url).first), recognizer)
    }

    /// Real Tesseract on a real card image: a generated photo of a Taiwanese card in a Hei face,
    /// its name 高 國 華 letter-spaced and large over small lines. `chi_tra+eng` reads every line
    /// but the name; read from the card's ink, the row gives the name.
    @Test(needsChineseTraditional)
    func droppedNameRowIsRead() throws {
        var off = OCRParameters.fitted
        off.unreadRows = .off
        let (before, _) = try Self.read("taiwanese-spaced-name-photo.jpg", off)
        #expect(before.recognized.languages == "chi_tra+eng")
        #expect(!before.recognized.text.contains("國華"))
        let (after, recognizer) = try Self.read("taiwanese-spaced-name-photo.jpg", .fitted)
        #expect(after.recognized.text.replacingOccurrences(of: " ", with: "").contains("高國華"))
        #expect(recognizer.unreadRowReads >= 1)
    }

    /// A Chinese name of known characters is kept however unsure its reading: a generated scan
    /// of a Taiwanese card whose bold Ming name 蔡宗翰 Tesseract drops, and reads alone at 0.69,
    /// under the fitted 0.7. With no reading sure enough (`minConfidence` 1), the name still is.
    @Test(needsChineseTraditional)
    func aNameRowIsReadBelowTheConfidence() throws {
        var parameters = OCRParameters.fitted
        parameters.unreadRows.minConfidence = 1
        let (card, _) = try Self.read("taiwanese-ming-name-card.jpg", parameters)
        #expect(card.recognized.languages == "chi_tra+eng")
        #expect(card.recognized.text.replacingOccurrences(of: " ", with: "").contains("蔡宗翰"))
    }
}

/// The tests that read Chinese cards need Debian's tesseract-ocr-chi-tra.
private let needsChineseTraditional: ConditionTrait = .enabled(
    if: installed.contains("chi_tra"), "chi_tra.traineddata not installed (tesseract-ocr-chi-tra)")
