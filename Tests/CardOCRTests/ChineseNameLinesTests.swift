import CardModel
import Foundation
import Logging
import Testing

@testable import CardOCR

private let installed = Set(TesseractLanguages.installed())

/// Protects the reread of Chinese names with a misread given name (issue 9): `chi_tra` reads this
/// generated card's bold 朱淑芬 as 朱淑卻; the name line read again alone, as one word, gives the name.
@Suite struct ChineseNameLinesTests {
    let logger = Logger(label: "test")

    @Test(.enabled(if: installed.isSuperset(of: ["chi_tra"]), "tesseract-ocr-chi-tra not installed"))
    func misreadGivenNameIsReadAgainAsOneWord() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/taiwanese-name-misread-card.png")
        let recognizer = try TesseractRecognizer(options: OCROptions(languages: "auto"), logger: logger)
        let card = try #require(try recognizer.recognizeCards(inFileAt: url).first)
        let text = card.recognized.text.replacingOccurrences(of: " ", with: "")
        #expect(text.contains("朱淑芬"))
        #expect(!text.contains("朱淑卻"))
    }

    /// A surname misread into no surname (羅佳穎 as 纖佳穎) is read again the same way; the reading must
    /// keep the given name.
    @Test(.enabled(if: installed.isSuperset(of: ["chi_tra"]), "tesseract-ocr-chi-tra not installed"))
    func misreadSurnameIsReadAgainKeepingTheGivenName() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/taiwanese-surname-misread-photo.jpg")
        let recognizer = try TesseractRecognizer(options: OCROptions(languages: "auto"), logger: logger)
        let card = try #require(try recognizer.recognizeCards(inFileAt: url).first)
        let text = card.recognized.text.replacingOccurrences(of: " ", with: "")
        #expect(text.contains("羅佳穎"))
        #expect(!text.contains("纖佳穎"))
    }
}
