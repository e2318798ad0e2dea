import CTesseract
import CardModel
import CardTestSupport
import Foundation
import Logging
import Testing

@testable import CardOCR

// Multi-page TIFF and PDF, page and pixel caps, and the per-file deadline, with real Tesseract
// and poppler on TestImages/pages and TestImages/broken (run with OMP_THREAD_LIMIT=1).

private let logger = Logger(label: "PageTests")

private func recognizer(_ options: OCROptions = OCROptions()) throws -> TesseractRecognizer {
    try TesseractRecognizer(options: options, logger: logger)
}

private func pages(_ name: String) -> URL {
    TestImages.root.appendingPathComponent("pages", isDirectory: true).appendingPathComponent(name)
}

private func truth(_ url: URL) throws -> TruthFile {
    let truthURL = url.deletingPathExtension().appendingPathExtension("truth.json")
    return try JSONDecoder().decode(TruthFile.self, from: Data(contentsOf: truthURL))
}

/// Lowercased, without accents or whitespace, as RecognizerTests compares names.
private func folded(_ s: String) -> String {
    s.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        .unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }
        .map(String.init).joined()
}

private func cards(_ results: [PageResult]) -> [[RecognizedCard]] {
    results.map { if case .cards(let found) = $0 { found } else { [] } }
}

@Suite("Multi-page files")
struct MultiPageTests {
    /// Protects multi-page TIFF: every page is read, cards carry their page and a file-wide index.
    @Test func tiffGivesCardsFromEveryPage() throws {
        let url = pages("two-cards.tif")
        let results = try recognizer().recognizePages(inFileAt: url)
        #expect(results.count == 2)
        let found = cards(results)
        #expect(found.map(\.count) == [1, 1])
        let all = found.flatMap { $0 }
        #expect(all.map(\.page) == [0, 1])
        #expect(all.map(\.index) == [0, 1])
        for (card, expected) in zip(all, try truth(url).cards) {
            #expect(folded(card.recognized.text).contains(folded(expected.name ?? "")), "page \(card.page)")
        }
    }

    /// Protects PDF: every page is rasterised and read, in page order, with page numbers set.
    @Test func pdfGivesCardsFromEveryPage() throws {
        let url = pages("three-pages.pdf")
        let results = try recognizer().recognizePages(inFileAt: url)
        #expect(results.count == 3)
        let all = cards(results).flatMap { $0 }
        #expect(all.map(\.page) == [0, 1, 2])
        #expect(all.map(\.index) == [0, 1, 2])
        for (card, expected) in zip(all, try truth(url).cards) {
            #expect(
                folded(card.recognized.text).contains(folded(expected.emails.first ?? "")),
                "page \(card.page)")
        }
        // The convenience returns the same cards.
        #expect(try recognizer().recognizeCards(inFileAt: url).map(\.page) == [0, 1, 2])
    }

    /// Protects the rendering resolution: a card page comes out at ~300 DPI (its truth box size).
    @Test func pdfPagesRenderAtThreeHundredDPI() throws {
        let url = pages("three-pages.pdf")
        let card = try #require(try recognizer().recognizeCards(inFileAt: url).first)
        let box = try #require(try truth(url).cards.first?.bbox)
        #expect(
            abs(card.bbox.width - box.width) < 30 && abs(card.bbox.height - box.height) < 30, "\(card.bbox)")
    }

    /// Protects partial failure: a damaged page is reported by number, the good pages' cards stay.
    @Test func brokenPageLeavesTheOtherPages() throws {
        let url = TestImages.broken("broken-page.pdf")
        let results = try recognizer().recognizePages(inFileAt: url)
        #expect(results.count == 3)
        guard results.count == 3 else { return }
        #expect(cards(results)[0].count == 1)
        #expect(cards(results)[2].count == 1)
        guard case .failed(let page, let reason) = results[1] else {
            Issue.record("page 2 should fail: \(results[1])")
            return
        }
        #expect(page == 1)
        #expect(reason.contains("page size"))
        #expect(!reason.contains(url.path), "the reason leaves naming the file to the caller")
        let all = try recognizer().recognizeCards(inFileAt: url)
        #expect(all.map(\.page) == [0, 2])
        #expect(all.map(\.index) == [0, 1])
        // Pages 1 and 3 are the cards of two-cards.tif (scripts/generate_pages.py).
        let expected = try truth(pages("two-cards.tif")).cards
        for (card, truth) in zip(all, expected) {
            #expect(folded(card.recognized.text).contains(folded(truth.name ?? "")))
        }
    }

    /// Protects partial failure in TIFF: undecodable pixels on page 2 do not lose page 1.
    @Test func damagedTiffPageLeavesTheOtherPage() throws {
        let url = TestImages.broken("damaged-page.tif")
        let results = try recognizer().recognizePages(inFileAt: url)
        #expect(results.count == 2)
        #expect(cards(results).first?.count == 1)
        guard results.count == 2, case .failed(1, let reason) = results[1] else {
            Issue.record("page 2 should fail: \(results)")
            return
        }
        #expect(reason.contains("TIFF decoder"))
    }

    /// Protects against reading a half-written multi-page TIFF as a shorter file.
    @Test func truncatedTiffIsRefusedNotShortened() throws {
        let whole = try [UInt8](Data(contentsOf: pages("two-cards.tif")))
        #expect(PageReader.tiffDirectoryChain(whole)?.count == 2)
        #expect(PageReader.tiffDirectoryChain(whole)?.truncated == false)
        let directory = try TemporaryDirectory()
        for fraction in [0.3, 0.7, 0.99] {
            let url = try directory.write(
                Data(whole.prefix(Int(Double(whole.count) * fraction))), to: "cut.tif")
            let error = try #require(throws: OCRError.self) { try recognizer().recognizePages(inFileAt: url) }
            guard case .corruptImage(url.path, .tiff, let reason) = error else {
                Issue.record("cut at \(fraction): \(error)")
                continue
            }
            #expect(reason.contains("truncated"), "cut at \(fraction)")
        }
    }

    /// Protects single images: still one page, page 0, unchanged.
    @Test func singleImageIsOnePage() throws {
        let url = TestImages.cardsDirectory.appendingPathComponent("001-clean.png")
        let results = try recognizer().recognizePages(inFileAt: url)
        #expect(results.count == 1)
        #expect(cards(results).first?.map(\.page) == [0])
    }
}

@Suite("Refusing bad PDFs and enforcing caps")
struct PageLimitTests {
    /// Protects the encrypted-PDF message: it names the file and says how to get a readable copy.
    @Test func encryptedPDFIsAClearError() throws {
        let url = TestImages.broken("encrypted.pdf")
        let error = try #require(throws: OCRError.self) { try recognizer().recognizeCards(inFileAt: url) }
        #expect(error == .encryptedPDF(path: url.path))
        #expect(error.description.contains(url.path))
        #expect(error.description.contains("password"))
    }

    /// Protects garbage and truncated PDFs: refused as corrupt, naming the file, nothing read.
    @Test func garbageAndTruncatedPDFsAreClearErrors() throws {
        let directory = try TemporaryDirectory()
        var random = SystemRandomNumberGenerator()
        let noise = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &random) }
        let garbage = try directory.write(
            Data(Array("%PDF-1.7\n".utf8) + noise + Array("\n%%EOF\n".utf8)), to: "garbage.pdf")
        let whole = try Data(contentsOf: pages("three-pages.pdf"))
        let truncated = try directory.write(whole.prefix(whole.count / 2), to: "truncated.pdf")
        for url in [garbage, truncated] {
            let error = try #require(throws: OCRError.self) { try recognizer().recognizeCards(inFileAt: url) }
            guard case .corruptImage(let path, .pdf, _) = error else {
                Issue.record("\(url.lastPathComponent): \(error)")
                continue
            }
            #expect(path == url.path)
            #expect(error.description.contains(url.path))
        }
    }

    /// Protects the page cap: a file with more pages is refused before any page is read.
    @Test func pageCapRefusesTheFile() throws {
        let pdf = pages("three-pages.pdf")
        #expect(throws: OCRError.tooManyPages(path: pdf.path, pages: 3, limit: 2)) {
            try recognizer(OCROptions(maxPages: 2)).recognizePages(inFileAt: pdf)
        }
        let tiff = pages("two-cards.tif")
        #expect(throws: OCRError.tooManyPages(path: tiff.path, pages: 2, limit: 1)) {
            try recognizer(OCROptions(maxPages: 1)).recognizePages(inFileAt: tiff)
        }
        #expect(
            OCRError.tooManyPages(path: pdf.path, pages: 3, limit: 2).description.contains("--max-pages 3"))
    }

    /// Protects the pixel cap on PDF: the DPI drops to fit it, and a page too big to read fails alone.
    @Test func pdfPixelCapLowersTheDPI() throws {
        // Card pages (3.35x2.17 in) fit 200,000 pixels at ~166 DPI; the letter page would need 46 DPI.
        let results = try recognizer(OCROptions(maxPixels: 200_000)).recognizePages(
            inFileAt: pages("three-pages.pdf"))
        #expect(results.count == 3)
        guard results.count == 3 else { return }
        #expect(!results[0].isFailure)
        #expect(!results[2].isFailure)
        guard case .failed(1, let reason) = results[1] else {
            Issue.record("the letter page should fail: \(results[1])")
            return
        }
        #expect(reason.contains("DPI"))
        for (width, height) in [(612.0, 792.0), (241.0, 156.0), (14_400.0, 14_400.0)] {
            for limit in [100_000, 1_000_000, 100_000_000] {
                let dpi = PageReader.renderDPI(width: width, height: height, maxPixels: limit)
                #expect(dpi <= PageReader.pdfDPI)
                #expect(PageReader.pixels(width: width, height: height, dpi: dpi) <= limit)
            }
        }
    }

    /// Protects the pixel cap on TIFF pages: checked from each page's header; all pages too big is a file error.
    @Test func tiffPixelCapIsPerPage() throws {
        let url = pages("two-cards.tif")
        let results = try recognizer(OCROptions(maxPixels: 600_000)).recognizePages(inFileAt: url)
        #expect(results.allSatisfy { $0.isFailure })
        let error = try #require(throws: OCRError.self) {
            try recognizer(OCROptions(maxPixels: 600_000)).recognizeCards(inFileAt: url)
        }
        guard case .noReadablePage(let path, let reasons) = error else {
            Issue.record("\(error)")
            return
        }
        #expect(path == url.path)
        #expect(reasons.count == 2)
        #expect(reasons.first?.contains("1004x650") == true)
    }
}

@Suite("Per-file OCR deadline")
struct DeadlineTests {
    /// Protects the deadline: a tiny one makes a real card fail with an error naming the file.
    @Test func tinyDeadlineFailsTheFile() throws {
        let url = TestImages.cardsDirectory.appendingPathComponent("001-clean.png")
        let error = try #require(throws: OCRError.self) {
            try recognizer(OCROptions(deadlineSeconds: 0.05)).recognizeCards(inFileAt: url)
        }
        #expect(error == .deadlineExceeded(path: url.path, seconds: 0.05))
        #expect(error.description.contains(url.path))
        #expect(error.description.contains("--deadline"))
        // A deadline ends the whole file, not one page.
        let pdf = pages("three-pages.pdf")
        #expect(throws: OCRError.deadlineExceeded(path: pdf.path, seconds: 0.05)) {
            try recognizer(OCROptions(deadlineSeconds: 0.05)).recognizePages(inFileAt: pdf)
        }
    }

    /// Protects enforcement inside Tesseract: its monitor stops a long recognition early.
    @Test func monitorStopsTesseractMidRecognition() throws {
        // A whole flatbed page without card finding: one long recognition (~1 s or more).
        let url = TestImages.root.appendingPathComponent("samples/flatbed.jpg")
        let decoded = try ImageDecoder.decode(path: url.path, maxPixels: 100_000_000, applyEXIF: false)
        let grey = try decoded.pix.grey()
        let engine = try TesseractEngine(
            languages: "eng", directory: TesseractLanguages.directory(nil), mode: OEM_LSTM_ONLY)
        var clock = Stopwatch()
        let full = try engine.recognize(grey, resolution: 200, segmentation: .sparseText)
        let fullMs = clock.lap()
        #expect(!full.lines.isEmpty)
        // The deadline at 30% of this machine's full reading (a fixed 0.25 s is 76% of it on a
        // fast machine, where the full reading takes ~330 ms).
        let seconds = max(0.05, fullMs / 1000 * 0.3)
        let deadline = try #require(OCRDeadline(seconds: seconds, path: url.path))
        #expect(throws: OCRError.deadlineExceeded(path: url.path, seconds: seconds)) {
            try engine.recognize(grey, resolution: 200, segmentation: .sparseText, deadline: deadline)
        }
        let stoppedMs = clock.lap()
        // Stopped at the first word after the deadline, not at the end of the page.
        #expect(stoppedMs < fullMs * 0.75, "full \(Int(fullMs)) ms, with deadline \(Int(stoppedMs)) ms")
    }

    /// Protects "no limit": 0 disables the deadline.
    @Test func zeroMeansNoDeadline() {
        #expect(OCRDeadline(seconds: 0, path: "x") == nil)
        #expect(OCRDeadline(seconds: -1, path: "x") == nil)
    }
}
