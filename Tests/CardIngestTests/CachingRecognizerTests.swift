import CardModel
import CardOCR
import CardTestSupport
import Foundation
import Testing

@testable import CardIngest

// The development OCR cache (`eval --ocr-cache`) must not hand one reading's results to another.

@Suite("OCR cache")
struct CachingRecognizerTests {
    /// Protects fits and stage experiments: a reading with a stage skipped or other OCR
    /// parameters gets its own entries, while the default reading keeps its old keys (and hits).
    @Test func variantsAreCachedApart() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ocr-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let image = folder.appendingPathComponent("card.png")
        try Data("not really a png".utf8).write(to: image)
        let cache = folder.appendingPathComponent("cache")
        let inner = FakeRecognizer(defaultText: "Ada Lovelace\nada@example.com")

        var skipped = OCROptions()
        skipped.disabledStages = [.enlarge]
        var refitted = OCROptions()
        refitted.parameters.smallText.minWordHeight = 18
        #expect(CachingRecognizer.variant(of: OCROptions()).isEmpty)
        let variants = [OCROptions(), skipped, refitted].map(CachingRecognizer.variant(of:))
        #expect(Set(variants).count == 3)

        for variant in variants {
            let recognizer = try CachingRecognizer(directory: cache, languages: "eng", variant: variant) { inner }
            _ = try recognizer.recognizeCards(inFileAt: image)
            _ = try recognizer.recognizeCards(inFileAt: image)
        }
        // One miss per variant, the second call of each a hit.
        #expect(inner.calls.count == 3)
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { $0.hasSuffix(".json") }
        #expect(entries.count == 3)
        // The default reading's key is the one caches made before variants existed.
        #expect(entries.contains { $0.hasSuffix("-eng.json") })
    }
}
