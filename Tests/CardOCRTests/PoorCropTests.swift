import CLeptonica
import CardModel
import Foundation
import Logging
import Testing

@testable import CardOCR

// A page whose one found card reads as almost nothing is read whole again
// (models/ocr/parameters.json `poor_crop`, `TesseractRecognizer.readWholeAgain`).

private let logger = Logger(label: "PoorCropTests")
private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures", isDirectory: true)

@Suite("Poor crop")
struct PoorCropTests {
    /// The text of the one card read on fixture `photo` with `rule`, and how many pages the
    /// rule read again.
    static func read(
        _ photo: String, with rule: OCRParameters.PoorCrop
    ) throws -> (text: String, rereads: Int) {
        setenv("OMP_THREAD_LIMIT", "1", 1)
        var options = OCROptions(languages: "auto")
        options.parameters.poorCrop = rule
        let recognizer = try TesseractRecognizer(options: options, logger: logger)
        let cards = try recognizer.recognizeCards(inFileAt: fixtures.appendingPathComponent(photo))
        #expect(cards.count == 1)
        return (cards.map(\.recognized.text).joined(separator: "\n"), recognizer.poorCropRereads)
    }

    /// Fixture `photo` read with the fitted rule is read again over its found box grown, and
    /// its text holds every one of `words`; read with `other` (the rule with one part changed),
    /// it is read once and loses the first of them.
    static func expectReadGrown(
        _ photo: String, finding words: [String], notWith other: OCRParameters.PoorCrop
    ) throws {
        let fitted = try read(photo, with: OCRParameters.fitted.poorCrop)
        #expect(fitted.rereads == 1)
        for word in words { #expect(fitted.text.contains(word)) }
        let off = try read(photo, with: other)
        #expect(off.rereads == 0)
        #expect(!off.text.contains(words[0]))
    }

    /// Fewer letters than `max_letters` read the page whole; 0 (a file without the key) never.
    @Test func letterLimit() throws {
        let rule = OCRParameters.PoorCrop(maxLetters: 40)
        #expect(rule.readsWhole(letters: 26))
        #expect(!rule.readsWhole(letters: 40))
        #expect(!OCRParameters.PoorCrop.off.readsWhole(letters: 0))
        let encoded = try JSONEncoder().encode(OCRParameters.fitted)
        var file = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        file["poor_crop"] = nil
        let decoded = try OCRParameters.decode(JSONSerialization.data(withJSONObject: file))
        #expect(decoded.poorCrop == .off)
        #expect(OCRParameters.fitted.poorCrop.maxLetters == 40)
        #expect(TesseractRecognizer.letterCount(.plainText("ISHIKAWA Kaori\n03-1234")) == 13)
    }

    /// The cut-lines rule: two lines run into the crop's sides; the box grows by `grow` of its
    /// long side within the image; a second reading must hold `min_gain` times the letters.
    @Test func cutLinesGrowTheCrop() throws {
        let rule = OCRParameters.PoorCrop(maxLetters: 40, minCutLines: 2, grow: 0.5, minGain: 1.2)
        #expect(rule.grows(cutLines: 2))
        #expect(!rule.grows(cutLines: 1))
        #expect(!OCRParameters.PoorCrop(maxLetters: 40).grows(cutLines: 5))
        #expect(rule.gains(120, over: 100))
        #expect(!rule.gains(119, over: 100))
        let pix = try PixImage("pixCreate") { pixCreate(1000, 800, 8) }
        let grown = rule.grown(PixelBox(x: 300, y: 100, width: 400, height: 250), within: pix)
        #expect(grown == PixelBox(x: 100, y: 0, width: 800, height: 550))
        let fitted = OCRParameters.fitted.poorCrop
        #expect(fitted.minCutLines == 2 && fitted.grow == 0.7 && fitted.minGain == 1.2)
        let line = { (x: Int, width: Int) in
            RecognizedLine(
                text: "+90 232 489", box: PixelBox(x: x, y: 10, width: width, height: 30), confidence: 0.9)
        }
        let page = RecognizedPage(
            width: 1000, height: 600, lines: [line(0, 300), line(700, 298), line(600, 300), line(100, 300)])
        #expect(TesseractRecognizer.cutLineCount(page, rule: rule, pixels: nil) == 2)
    }

    /// A line whose first glyph the crop cut in half starts a little inside the crop's side, with
    /// the rest of that glyph between: within `edge_margin` of its height of the side it counts
    /// as cut when ink lies there, and not when blank paper does (a card's narrow margin).
    @Test func linesNearASideAreCutWhenInkRunsToIt() throws {
        let pix = try PixImage("pixCreate") { pixCreate(1000, 600, 8) }
        pixSetAll(pix.pointer)
        for x in 2..<8 {
            for y in 60..<70 { pixSetPixel(pix.pointer, l_int32(x), l_int32(y), 0) }
        }
        let pixels = GreyPixels(pix)
        let line = { (x: Int, y: Int, width: Int) in
            RecognizedLine(
                text: "Anmitek Complex", box: PixelBox(x: x, y: y, width: width, height: 30), confidence: 0.9)
        }
        // Blank paper left of the first, ink left of the second, the third at the side, blank
        // paper right of the fourth.
        let page = RecognizedPage(
            width: 1000, height: 600,
            lines: [line(20, 10, 300), line(13, 50, 300), line(0, 90, 300), line(680, 130, 302)])
        var rule = OCRParameters.PoorCrop(maxLetters: 40, minCutLines: 2, grow: 0.5, minGain: 1.2)
        #expect(rule.edgeDistance(lineHeight: 30) == 3)
        #expect(TesseractRecognizer.cutLineCount(page, rule: rule, pixels: pixels) == 1)
        rule.edgeMargin = 1
        #expect(rule.edgeDistance(lineHeight: 30) == 30)
        #expect(TesseractRecognizer.cutLineCount(page, rule: rule, pixels: pixels) == 2)
        #expect(TesseractRecognizer.cutLineCount(page, rule: rule, pixels: nil) == 1)
        var file = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(rule)) as? [String: Any])
        file["edge_margin"] = nil
        let decoded = try JSONDecoder().decode(
            OCRParameters.PoorCrop.self, from: JSONSerialization.data(withJSONObject: file))
        #expect(decoded.edgeMargin == 0)
    }

    /// A card a hard shadow crosses: the finder takes its lit part for the card, and the name,
    /// the company and the start of every contact line are cut off at the crop's left edge.
    /// Read again over the found box grown, they come back; without the rule they are lost.
    @Test func shadowCrossedCardIsReadGrown() throws {
        var noGrowing = OCRParameters.fitted.poorCrop
        noGrowing.minCutLines = 0
        try Self.expectReadGrown(
            "shadow-crossed-card-photo.jpg", finding: ["MUSTAFA", "Lenolan"], notWith: noGrowing)
    }

    /// A card under a hard shadow, a dark band across its top: the finder takes the lit part,
    /// and the crop cuts the address lines inside their first glyphs, so their boxes start
    /// 13-20 px from the side, with the rest of those glyphs between. Within `edge_margin` of
    /// their height they count as cut, the found box is read grown and the name comes back;
    /// counted within 3 px only, they do not, and it is lost.
    @Test func linesCutInsideTheirFirstGlyphGrowTheCrop() throws {
        var nearSideOnly = OCRParameters.fitted.poorCrop
        nearSideOnly.edgeMargin = 0
        try Self.expectReadGrown(
            "shadow-and-band-card-photo.jpg", finding: ["Nisha Naidu"], notWith: nearSideOnly)
    }

    /// The grown reading replaces the first when it is surer, holds `min_gain` times the letters
    /// and digits, and is in the same script: a grown box that takes in wood grain can turn to
    /// `jpn` and read the grain as rows of kana, surer by its sheer length (TestImages'
    /// 187-photo lost every field so).
    @Test func grownReadingInAnotherScriptIsNotKept() {
        let rule = OCRParameters.PoorCrop(maxLetters: 40, minCutLines: 2, grow: 0.5, minGain: 1.2)
        func page(_ text: String, _ languages: String) -> RecognizedPage {
            RecognizedPage.plainText(text, languages: languages)
        }
        let first = page("Aurora Foods\n+91 44 2874", "Latin")
        let whole = page("Aurora Foods Private Limited\n+91 44 2874 4985\nwww.aurorafoods.com", "Latin")
        let grain = page("Aurora Foods Private Limited ーーニーニ\nーーーーニーニーー ーーデ\nーーーニーーニー", "jpn+eng")
        #expect(TesseractRecognizer.keepsGrown(whole, over: first, rule: rule))
        #expect(!TesseractRecognizer.keepsGrown(first, over: whole, rule: rule))
        let letters = TesseractRecognizer.alphanumericCount
        #expect(letters(grain.text) >= 2 * letters(first.text))
        #expect(!TesseractRecognizer.keepsGrown(grain, over: first, rule: rule))
    }

    /// A card printed white above and blue below: the finder takes the white half for the card,
    /// which holds only the name and the title. Read whole, the blue half's contact lines come
    /// back; without the rule they are lost.
    @Test func twoToneCardIsReadWhole() throws {
        let photo = "two-tone-card-photo.jpg"
        let fitted = try Self.read(photo, with: OCRParameters.fitted.poorCrop)
        #expect(fitted.rereads == 1)
        #expect(fitted.text.contains("aoba.co.jp"))
        #expect(fitted.text.contains("8515-2490"))
        let off = try Self.read(photo, with: .off)
        #expect(off.rereads == 0)
        #expect(!off.text.contains("aoba.co.jp"))
    }
}
