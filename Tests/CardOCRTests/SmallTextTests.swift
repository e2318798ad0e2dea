import CardModel
import CardTestSupport
import Foundation
import Logging
import Testing

@testable import CardOCR

// Small text read again larger (PreprocessStage.enlarge, models/ocr/parameters.json).

private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()

private func folded(_ s: String) -> String {
    s.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        .unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }
        .map(String.init).joined()
}

@Suite("Small text")
struct SmallTextTests {
    /// Protects against editing models/ocr/parameters.json without running scripts/build-scoring-model.
    @Test func compiledParametersMatchModelFile() throws {
        let file = repositoryRoot.appendingPathComponent("models/ocr/parameters.json")
        #expect(try OCRParameters.decode(Data(contentsOf: file)) == OCRParameters.fitted)
    }

    /// The enlargement grows as the text shrinks, stays within its cap, and is nil for text
    /// large enough, for a confident reading, or when the stage's threshold is 0 (off).
    @Test func enlargementFollowsTextHeight() throws {
        let small = OCRParameters.SmallText(minWordHeight: 20, maxMeanConfidence: 0.85, targetFactor: 1.5, maxEnlarge: 2.5)
        #expect(small.enlargement(forWordHeight: 25, confidence: 0.5) == nil)
        #expect(small.enlargement(forWordHeight: 20, confidence: 0.5) == nil)
        #expect(small.enlargement(forWordHeight: 15, confidence: 0.9) == nil)
        let slightly = try #require(small.enlargement(forWordHeight: 15, confidence: 0.5))
        #expect(abs(slightly - 2.0) < 1e-9)
        #expect(small.enlargement(forWordHeight: 4, confidence: 0.5) == 2.5)
        let off = OCRParameters.SmallText(minWordHeight: 0, maxMeanConfidence: 0.85, targetFactor: 1.5, maxEnlarge: 2.5)
        #expect(off.enlargement(forWordHeight: 4, confidence: 0.5) == nil)
    }

    /// Real Tesseract: a 150-DPI card read whole at its own size (scale stage off) has small
    /// text; the second, larger reading is the one kept, and it holds the name and the e-mail.
    /// (Any confidence may trigger it here: the fitted limit is for photos, not this clean card.)
    @Test func smallTextIsReadAgainLarger() throws {
        let sample = try #require(TestImages.samples().first { $0.name == "002-lowdpi.png" }, "missing TestImages/cards/002-lowdpi.png")
        let truth = try #require(sample.truth.cards.first)
        var options = OCROptions()
        options.disabledStages = [.scale]
        options.parameters.smallText.maxMeanConfidence = 1.01
        let source = try ImageDecoder.decode(path: sample.url.path, maxPixels: 100_000_000, applyEXIF: true)
        let card = try #require(
            try TesseractRecognizer(options: options, logger: Logger(label: "SmallTextTests"))
                .recognizeCards(inFileAt: sample.url).first)
        #expect(card.recognized.width > source.pix.width, "the larger reading was not kept")
        let text = folded(card.recognized.text)
        if let name = truth.name { #expect(text.contains(folded(name)), "name not read") }
        for email in truth.emails { #expect(text.contains(folded(email)), "e-mail not read") }
    }
}
