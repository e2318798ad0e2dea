import CardModel
import Foundation
import Testing

@Suite("RecognizedPage JSON")
struct RecognizedPageCodingTests {
    /// Protects saved pages from before QR decoding: JSON without `codes` still reads, as no codes.
    @Test func pageWithoutCodesKeyDecodes() throws {
        let json = #"{"width": 10, "height": 5, "lines": [], "languages": "eng"}"#
        let page = try JSONDecoder().decode(RecognizedPage.self, from: Data(json.utf8))
        #expect(page.codes.isEmpty)
    }

    /// Protects the compatible extension: `codes` is written only when a code was found, and
    /// round-trips with symbology and payload.
    @Test func codesKeyOnlyWhenPresent() throws {
        var page = RecognizedPage(width: 10, height: 5, lines: [])
        let plain = String(decoding: try JSONEncoder().encode(page), as: UTF8.self)
        #expect(!plain.contains("codes"))
        page.codes = [DecodedCode(symbology: "QR-Code", payload: "https://example.com")]
        let decoded = try JSONDecoder().decode(RecognizedPage.self, from: JSONEncoder().encode(page))
        #expect(decoded == page)
    }
}
