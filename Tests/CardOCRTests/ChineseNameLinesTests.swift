import CardModel
import Foundation
import Logging
import Testing

@testable import CardOCR

private let installed = Set(TesseractLanguages.installed())

/// Protects the reread of Chinese names with a misread character (issue 9): the name line read again
/// alone, as one word, gives the name.
@Suite struct ChineseNameLinesTests {
    let logger = Logger(label: "test")

    /// The text of the first card of a fixture read with `--lang auto`, its spaces removed (Han is read
    /// letter by letter).
    func text(ofFixture name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/\(name)")
        let recognizer = try TesseractRecognizer(options: OCROptions(languages: "auto"), logger: logger)
        let card = try #require(try recognizer.recognizeCards(inFileAt: url).first)
        return card.recognized.text.replacingOccurrences(of: " ", with: "")
    }

    /// `chi_tra` reads this generated card's bold 朱淑芬 as 朱淑卻, a given-name character no name
    /// uses.
    @Test(.enabled(if: installed.isSuperset(of: ["chi_tra"]), "tesseract-ocr-chi-tra not installed"))
    func misreadGivenNameIsReadAgainAsOneWord() throws {
        let text = try text(ofFixture: "taiwanese-name-misread-card.png")
        #expect(text.contains("朱淑芬"))
        #expect(!text.contains("朱淑卻"))
    }

    /// A surname misread into no surname (羅佳穎 as 纖佳穎) is read again the same way; the reading
    /// must keep the given name.
    @Test(.enabled(if: installed.isSuperset(of: ["chi_tra"]), "tesseract-ocr-chi-tra not installed"))
    func misreadSurnameIsReadAgainKeepingTheGivenName() throws {
        let text = try text(ofFixture: "taiwanese-surname-misread-photo.jpg")
        #expect(text.contains("羅佳穎"))
        #expect(!text.contains("纖佳穎"))
    }
}
