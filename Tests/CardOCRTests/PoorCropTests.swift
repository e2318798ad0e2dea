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
    /// Fewer letters than `max_letters` read the page whole; 0 (a file without the key) never.
    @Test func letterLimit() throws {
        let rule = OCRParameters.PoorCrop(maxLetters: 40)
        #expect(rule.readsWhole(letters: 26))
        #expect(!rule.readsWhole(letters: 40))
        #expect(!OCRParameters.PoorCrop.off.readsWhole(letters: 0))
        var file = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(OCRParameters.fitted)) as? [String: Any])
        file["poor_crop"] = nil
        let decoded = try OCRParameters.decode(JSONSerialization.data(withJSONObject: file))
        #expect(decoded.poorCrop == .off)
        #expect(OCRParameters.fitted.poorCrop.maxLetters == 40)
        #expect(TesseractRecognizer.letterCount(.plainText("ISHIKAWA Kaori\n03-1234")) == 13)
    }

    /// A card printed white above and blue below: the finder takes the white half for the card,
    /// which holds only the name and the title. Read whole, the blue half's contact lines come
    /// back; without the rule they are lost.
    @Test func twoToneCardIsReadWhole() throws {
        setenv("OMP_THREAD_LIMIT", "1", 1)
        let url = fixtures.appendingPathComponent("two-tone-card-photo.jpg")
        func read(_ rule: OCRParameters.PoorCrop) throws -> (text: String, rereads: Int) {
            var options = OCROptions(languages: "auto")
            options.parameters.poorCrop = rule
            let recognizer = try TesseractRecognizer(options: options, logger: logger)
            let cards = try recognizer.recognizeCards(inFileAt: url)
            #expect(cards.count == 1)
            return (cards.map(\.recognized.text).joined(separator: "\n"), recognizer.poorCropRereads)
        }
        let fitted = try read(OCRParameters.fitted.poorCrop)
        #expect(fitted.rereads == 1)
        #expect(fitted.text.contains("aoba.co.jp"))
        #expect(fitted.text.contains("8515-2490"))
        let off = try read(.off)
        #expect(off.rereads == 0)
        #expect(!off.text.contains("aoba.co.jp"))
    }
}
