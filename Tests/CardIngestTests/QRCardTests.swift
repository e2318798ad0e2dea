import CardExtraction
import CardModel
import CardOCR
import CardPhone
import CardTestSupport
import Foundation
import Logging
import Testing

// Real zbar + Tesseract + extraction on the synthetic QR cards of TestImages/ (images after 261).

@Suite("QR codes on real card images")
struct QRCardTests {
    private let recognizer: TesseractRecognizer
    private let extractor = FieldExtractor(phoneNumbers: LibPhoneNumber())

    init() throws {
        recognizer = try TesseractRecognizer(logger: Logger(label: "QRCardTests"))
    }

    /// `TestImages/samples/qr-vcard.png`: a clean card with a vCard QR code, and its truth.
    private func vCardSample() throws -> (URL, CardTruth) {
        let url = TestImages.root.appendingPathComponent("samples/qr-vcard.png")
        let data = try Data(contentsOf: url.deletingPathExtension().appendingPathExtension("truth.json"))
        let truth = try JSONDecoder().decode(TruthFile.self, from: data)
        return (url, try #require(truth.cards.first))
    }

    /// Protects the whole QR path: zbar finds the vCard on the preprocessed card and its fields
    /// win, equal to the truth, with the QR code named as their source.
    @Test func vCardFieldsComeFromTheCode() throws {
        let (url, truth) = try vCardSample()
        let cards = try recognizer.recognizeCards(inFileAt: url)
        let page = try #require(cards.first?.recognized)
        #expect(page.codes.first?.payload.hasPrefix("BEGIN:VCARD") == true)
        let fields = extractor.extract(from: page)
        #expect(fields.name?.value == truth.name)
        #expect(fields.company?.value == truth.company)
        #expect(fields.company?.evidence?.hasPrefix("QR code (vCard)") == true)
        #expect(fields.address?.value == truth.address)
        #expect(Set(fields.emails.map(\.value)) == Set(truth.emails))
        #expect(Set(fields.phones.compactMap(\.e164)) == Set(truth.phones.compactMap(\.e164)))
        #expect(fields.phones.allSatisfy { $0.confidence >= 0.95 })
    }

    /// Protects URL codes on a real image (a noisy JPEG card): the website comes from the code.
    @Test func urlCodeFillsTheWebsite() throws {
        let sample = try #require(
            TestImages.samples(kind: "noisy").first { $0.conditions.contains("QR URL") },
            "no noisy TestImages card with a URL QR code")
        let cards = try recognizer.recognizeCards(inFileAt: sample.url)
        let fields = extractor.extract(from: try #require(cards.first?.recognized))
        #expect(fields.websites.first?.evidence?.hasPrefix("QR code (URL)") == true)
        #expect(fields.websites.count == sample.truth.cards[0].websites.count)
    }
}
