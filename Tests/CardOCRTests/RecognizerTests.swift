import CardModel
import CardTestSupport
import Foundation
import Logging
import Testing

@testable import CardOCR

// Real Tesseract on the synthetic cards of TestImages/ (run with OMP_THREAD_LIMIT=1).

private let logger = Logger(label: "CardOCRTests")

private func recognizer(_ options: OCROptions = OCROptions()) throws -> TesseractRecognizer {
    try TesseractRecognizer(options: options, logger: logger)
}

private func sample(_ name: String) throws -> TestImages.Sample {
    try #require(TestImages.samples().first { $0.name == name }, "missing TestImages/cards/\(name)")
}

/// Lowercased, without accents or whitespace: "Jörg Göbel" matches OCR's "Jorg Gobel" (Debian's
/// `eng` model reads few accented letters; that is the extractor's concern, not the finder's).
private func folded(_ s: String) -> String {
    s.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        .unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }
        .map(String.init).joined()
}

private func expectReads(
    _ card: RecognizedCard?, _ truth: CardTruth, sourceLocation: SourceLocation = #_sourceLocation
) {
    let text = folded(card?.recognized.text ?? "")
    if let name = truth.name {
        #expect(text.contains(folded(name)), "name not read", sourceLocation: sourceLocation)
    }
    for email in truth.emails {
        #expect(text.contains(folded(email)), "email not read", sourceLocation: sourceLocation)
    }
}

@Suite("Reading cards")
struct ReadingTests {
    /// Protects the basic path: a clean 300-DPI card yields its name and e-mail.
    @Test(arguments: ["001-clean.png", "028-clean.png", "037-clean.png"])
    func cleanCardReadsNameAndEmail(_ name: String) throws {
        let s = try sample(name)
        let cards = try recognizer().recognizeCards(inFileAt: s.url)
        try #require(cards.count == 1)
        expectReads(cards.first, s.truth.cards[0])
        #expect(cards[0].rotation == 0)
        #expect(
            cards[0].bbox
                == PixelBox(
                    x: 0, y: 0, width: s.truth.cards[0].bbox?.width ?? 0,
                    height: s.truth.cards[0].bbox?.height ?? 0))
    }

    /// Protects orientation: cards turned 90/180/270 degrees read upright, with the turn reported.
    @Test(arguments: [("031-rotated.png", 90), ("004-rotated.png", 180), ("058-rotated.png", 270)])
    func rotatedCardReadsUpright(_ name: String, clockwise: Int) throws {
        let s = try sample(name)
        // "rotated 90 ccw" is made upright by turning 90 degrees clockwise.
        #expect(s.number(after: "rotated").map { Int($0) } == clockwise)
        let cards = try recognizer().recognizeCards(inFileAt: s.url)
        try #require(cards.count == 1)
        #expect(cards[0].rotation == clockwise)
        expectReads(cards.first, s.truth.cards[0])
    }

    /// Protects deskew beyond Leptonica's default +/-7 degrees: a card skewed ~10 degrees reads.
    @Test func skewedCardReads() throws {
        let s = try #require(
            TestImages.samples(kind: "skewed").first {
                abs($0.number(after: "skewed") ?? 0) >= 9 && $0.name.hasSuffix(".png")
            })
        let cards = try recognizer().recognizeCards(inFileAt: s.url)
        try #require(cards.count == 1)
        expectReads(cards.first, s.truth.cards[0])
        // "skewed +9.7 ccw" is corrected by turning 9.7 degrees clockwise.
        #expect(abs(cards[0].skew - (s.number(after: "skewed") ?? 0)) < 1.5)
    }

    /// Protects perspective correction: a photographed card on a desk reads.
    @Test(arguments: ["007-photo.jpg", "034-photo.jpg"])
    func photoCardReadsAfterPerspective(_ name: String) throws {
        let s = try sample(name)
        let debug = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cardocr-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: debug) }
        let cards = try recognizer(OCROptions(debugImageDirectory: debug)).recognizeCards(inFileAt: s.url)
        try #require(cards.count == 1)
        expectReads(cards.first, s.truth.cards[0])
        let truthBox = try #require(s.truth.cards[0].bbox)
        #expect(cards[0].bbox.iou(truthBox) > 0.85)
        let written = try FileManager.default.contentsOfDirectory(atPath: debug.path)
        #expect(written.contains { $0.hasSuffix("-perspective.png") })
    }

    /// Protects chi_sim+eng: a Chinese card's name (Han characters) is read.
    @Test func chineseCardReads() throws {
        let s = try sample("009-chinese.png")
        let cards = try recognizer(OCROptions(languages: "chi_sim+eng")).recognizeCards(inFileAt: s.url)
        try #require(cards.count == 1)
        expectReads(cards.first, s.truth.cards[0])
        #expect(cards[0].recognized.languages == "chi_sim+eng")
    }

    /// Protects the output shape: lines carry text, words with boxes inside the page, 0...1
    /// confidences, no punctuation-only lines, and timings.
    @Test func linesAreWellFormed() throws {
        let s = try sample("001-clean.png")
        let card = try #require(try recognizer().recognizeCards(inFileAt: s.url).first)
        let page = card.recognized
        #expect(!page.lines.isEmpty)
        for line in page.lines {
            #expect(line.text.unicodeScalars.contains { CharacterSet.alphanumerics.contains($0) })
            #expect((0...1).contains(line.confidence))
            #expect(!line.words.isEmpty)
            for word in line.words {
                #expect((0...1).contains(word.confidence))
                #expect(word.box.x >= 0 && word.box.maxX <= page.width && word.box.maxY <= page.height)
            }
        }
        #expect(card.timings.decode > 0 && card.timings.ocr > 0)
    }

    /// Protects the protocol's empty result: an image without text holds no readable card.
    @Test func blankImageHoldsNoCard() throws {
        // A white 1004x650 grey PGM: header, then one byte per pixel.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cardocr-\(UUID().uuidString).pgm")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(Array("P5\n1004 650\n255\n".utf8) + [UInt8](repeating: 255, count: 1004 * 650)).write(
            to: url)
        #expect(try recognizer().recognizeCards(inFileAt: url).isEmpty)
    }

    /// Protects against odd shapes: tiny images and thin strips are read (as nothing), not failed.
    @Test(arguments: [(1, 1), (5, 3), (3000, 10), (10, 3000), (40, 25)])
    func oddShapesDoNotFail(_ width: Int, _ height: Int) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cardocr-\(UUID().uuidString).pgm")
        defer { try? FileManager.default.removeItem(at: url) }
        let stripes = (0..<(width * height)).map { ($0 / 3) % 2 == 0 ? UInt8(0) : 255 }
        try Data(Array("P5\n\(width) \(height)\n255\n".utf8) + stripes).write(to: url)
        let cards = try recognizer().recognizeCards(inFileAt: url)
        #expect(cards.count <= 1)
    }

    /// Protects per-worker engines: two recognizers on two threads give identical results.
    @Test func twoRecognizersOnTwoThreadsAgree() throws {
        let urls = try ["001-clean.png", "022-rotated.png"].map { try sample($0).url }
        let results = ResultBox()
        let threads = (0..<2).map { _ in
            Thread {
                do {
                    let r = try TesseractRecognizer(options: OCROptions(), logger: Logger(label: "thread"))
                    results.append(try urls.map { try r.recognizeCards(inFileAt: $0).map(\.recognized) })
                } catch {
                    results.append([])
                }
            }
        }
        for thread in threads { thread.start() }
        while results.count < 2 { Thread.sleep(forTimeInterval: 0.02) }
        let all = results.values
        #expect(all.count == 2)
        #expect(!all[0].isEmpty && all[0] == all[1])
    }
}

/// Collects results from threads.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [[[RecognizedPage]]] = []

    func append(_ value: [[RecognizedPage]]) { lock.withLock { stored.append(value) } }
    var count: Int { lock.withLock { stored.count } }
    var values: [[[RecognizedPage]]] { lock.withLock { stored } }
}

@Suite("Finding cards on pages")
struct FindingTests {
    private func regions(_ s: TestImages.Sample) throws -> [CardRegion] {
        let decoded = try ImageDecoder.decode(
            path: s.url.path, maxPixels: OCROptions.defaultMaxPixels, applyEXIF: true)
        let debug = DebugImages(directory: nil, path: s.url.path, logger: logger)
        return try CardFinder.find(
        in: decoded.pix.grey(), darkestChannel: decoded.pix.darkestChannelIfColour, debug: debug)
    }

    /// Protects card finding on scanner pages: each scan page yields one card close to its true box.
    @Test func scanPagesYieldOneCardNearItsBox() throws {
        let scans = TestImages.samples(kind: "scan")
        #expect(scans.count >= 10)
        for s in scans {
            let found = try regions(s)
            let truth = try #require(s.truth.cards.first?.bbox)
            #expect(found.count == 1, "\(s.name)")
            #expect((found.first?.bbox.iou(truth) ?? 0) >= 0.7, "\(s.name)")
        }
    }

    /// Protects flatbed pages: every card on the page is found, in reading order, near its box.
    @Test func flatbedPagesYieldEveryCard() throws {
        let pages = TestImages.samples(kind: "flatbed")
        #expect(pages.count >= 10)
        for s in pages {
            let boxes = try regions(s).map(\.bbox)
            #expect(boxes.count == s.truth.cards.count, "\(s.name)")
            // Every truth card has its own found box (the finder's order need not be the
            // generator's: 269-flatbed lists a lower left card before a higher right one).
            var unused = boxes
            for (i, card) in s.truth.cards.enumerated() {
                guard let truth = card.bbox else { continue }
                let best = unused.indices.max { unused[$0].iou(truth) < unused[$1].iou(truth) }
                #expect(best.map { unused[$0].iou(truth) >= 0.6 } == true, "\(s.name) card \(i)")
                if let best { unused.remove(at: best) }
            }
        }
    }

    /// Protects clean renders: a card image is read whole, never split into pieces.
    @Test func cleanCardsAreReadWhole() throws {
        for s in TestImages.samples(kind: "clean") + TestImages.samples(kind: "lowdpi") {
            let found = try regions(s)
            #expect(found.count == 1, "\(s.name)")
        }
    }
}

@Suite("Refusing bad inputs")
struct ErrorTests {
    /// Protects the error contract: every broken input fails with the right case, naming the file.
    @Test(arguments: [
        ("empty.jpg", "empty"), ("truncated.jpg", "corrupt"), ("truncated.png", "corrupt"),
        ("not-an-image.jpg", "unsupported"), ("garbage.png", "corrupt"), ("bomb.png", "tooManyPixels"),
    ])
    func brokenInputFailsClearly(_ name: String, expected: String) throws {
        let url = TestImages.broken(name)
        #expect(FileManager.default.fileExists(atPath: url.path))
        let error = try #require(throws: OCRError.self) { try recognizer().recognizeCards(inFileAt: url) }
        #expect(error.path == url.path)
        #expect(error.description.contains(url.path))
        switch (expected, error) {
        case ("empty", .emptyFile), ("corrupt", .corruptImage), ("unsupported", .unsupportedFormat(_, .text)),
            ("tooManyPixels", .tooManyPixels):
            break
        default:
            Issue.record("\(name): expected \(expected), got \(error)")
        }
    }

    /// Protects the decompression-bomb guard: the limit comes from the header, before decoding.
    @Test func bombIsRefusedFromItsHeader() throws {
        let url = TestImages.broken("bomb.png")
        let start = Date()
        #expect(
            throws: OCRError.tooManyPixels(path: url.path, width: 30000, height: 30000, limit: 100_000_000)
        ) {
            try recognizer().recognizeCards(inFileAt: url)
        }
        // Decoding 900 megapixels would take seconds and ~110 MB; the header check takes microseconds.
        #expect(Date().timeIntervalSince(start) < 2)
        let small = try sample("001-clean.png").url
        #expect(throws: OCRError.self) {
            try recognizer(OCROptions(maxPixels: 1000)).recognizeCards(inFileAt: small)
        }
    }

    /// Protects the missing-model message: it names the language, the directory and the package.
    @Test(arguments: [
        ("deu", "tesseract-ocr-deu"), ("chi_tra", "tesseract-ocr-chi-tra"),
        ("Latin", "tesseract-ocr-script-latn"),
    ])
    func missingLanguageNamesItsPackage(_ language: String, package: String) throws {
        // A tessdata directory holding only eng, whatever this machine has installed.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cardocr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createSymbolicLink(
            atPath: directory.appendingPathComponent("eng.traineddata").path,
            withDestinationPath: TesseractLanguages.debianDirectory + "/eng.traineddata")
        #expect(TesseractLanguages.installed(in: directory.path) == ["eng"])
        #expect(
            throws: OCRError.missingLanguage(language: language, directory: directory.path, package: package)
        ) {
            try TesseractRecognizer(
                options: OCROptions(languages: "\(language)+eng", tessdataDirectory: directory.path),
                logger: logger)
        }
        let message = OCRError.missingLanguage(
            language: language, directory: directory.path, package: package
        ).description
        #expect(message.contains("Install \(package) or pass --tessdata DIR"))
    }

    /// Protects the tessdata check: a missing directory is named, not reported as a missing model.
    @Test func missingTessdataDirectoryIsNamed() {
        #expect(throws: OCRError.tessdataNotFound(directory: "/nonexistent/tessdata")) {
            try TesseractRecognizer(
                options: OCROptions(tessdataDirectory: "/nonexistent/tessdata"), logger: logger)
        }
    }

    /// Protects language-string validation: nothing path-like reaches Tesseract.
    @Test(arguments: ["", "eng+", "../etc/passwd", "eng deu"])
    func malformedLanguageIsRefused(_ languages: String) {
        #expect(throws: OCRError.invalidLanguage(languages)) {
            try TesseractRecognizer(options: OCROptions(languages: languages), logger: logger)
        }
    }

    /// Protects magic-byte detection: AVIF is refused by content, whatever the name (PDF and
    /// HEIC, now read, are detected the same way: PageTests, heicIsRead).
    @Test(arguments: [
        ([0, 0, 0, 0x1C] + Array("ftypavif".utf8), ImageFormat.avif), ([0x00, 0x01, 0x02, 0x03, 0xFE], .unknown),
    ])
    func unsupportedFormatsAreRefusedByContent(_ bytes: [UInt8], format: ImageFormat) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cardocr-\(UUID().uuidString).jpg")
        try Data(bytes + [UInt8](repeating: 0x20, count: 64)).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: OCRError.unsupportedFormat(path: url.path, detected: format)) {
            try recognizer().recognizeCards(inFileAt: url)
        }
    }

    /// Protects HEIC input (iPhone photos) through libheif: the sample card read from HEIC gives
    /// the same name, e-mail and phone as from PNG; a cut HEIC file is a clear error, not a crash.
    @Test func heicIsRead() throws {
        let heic = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("TestImages/heic/clean.heic")
        let cards = try recognizer().recognizeCards(inFileAt: heic)
        let text = cards.map(\.recognized.text).joined(separator: "\n")
        #expect(text.contains("Pereira"), "\(text)")
        #expect(text.contains("juniperenergy"), "\(text)")
        let bytes = try Data(contentsOf: heic)
        let cut = FileManager.default.temporaryDirectory.appendingPathComponent("cut-\(UUID().uuidString).heic")
        try bytes.prefix(bytes.count / 3).write(to: cut)
        defer { try? FileManager.default.removeItem(at: cut) }
        #expect(throws: OCRError.self) { try recognizer().recognizeCards(inFileAt: cut) }
    }

    /// Protects file-system errors: a missing file and a directory are named as such.
    @Test func missingFileAndDirectoryAreNamed() throws {
        let missing = URL(fileURLWithPath: "/nonexistent/card.jpg")
        #expect(throws: OCRError.fileNotFound(path: missing.path)) {
            try recognizer().recognizeCards(inFileAt: missing)
        }
        let directory = FileManager.default.temporaryDirectory
        #expect(throws: OCRError.notARegularFile(path: directory.path)) {
            try recognizer().recognizeCards(inFileAt: directory)
        }
    }

    /// Protects against OCRing half-written JPEGs that libjpeg would pad with grey.
    @Test func jpegCutAnywhereIsRefused() throws {
        let bytes = try [UInt8](Data(contentsOf: sample("003-noisy.jpg").url))
        for fraction in [0.3, 0.6, 0.9, 0.999] {
            let cut = Array(bytes.prefix(Int(Double(bytes.count) * fraction)))
            #expect(ImageDecoder.incompleteness(of: cut, format: .jpeg) != nil, "cut at \(fraction)")
        }
        #expect(ImageDecoder.incompleteness(of: bytes, format: .jpeg) == nil)
    }
}

@Suite("Options and stages")
struct OptionTests {
    /// Protects the CLI's --skip-stage names, which users type (new stages are added at the end).
    @Test func stageNamesAreStable() {
        #expect(
            PreprocessStage.allCases.map(\.rawValue) == [
                "exif", "find-cards", "perspective", "scale", "background", "orient", "deskew", "enlarge", "reread", "extend",
                "colour",
            ])
    }

    /// Protects `--lang auto`: the installed models are listed.
    @Test func installedLanguagesAreListed() {
        let installed = TesseractLanguages.installed()
        #expect(installed.contains("eng") && installed.contains("osd"))
    }

    /// Protects debug images: each stage writes `<stem>-c<card>-<NN>-<stage>.png`.
    @Test func debugImagesAreNamedByCardAndStage() throws {
        let s = try sample("006-scan.jpg")
        let debug = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cardocr-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: debug) }
        _ = try recognizer(OCROptions(debugImageDirectory: debug)).recognizeCards(inFileAt: s.url)
        let names = try FileManager.default.contentsOfDirectory(atPath: debug.path)
        #expect(names.contains("006-scan-page-01-decoded.png"))
        #expect(names.contains("006-scan-c0-01-crop.png"))
        #expect(names.contains { $0.hasPrefix("006-scan-c0-0") && $0.hasSuffix("-scale.png") })
    }

    /// Protects decoding of the formats this Leptonica build reads (TIFF, BMP, WebP, GIF, PNM).
    @Test(arguments: [
        ("tif", ImageFormat.tiff), ("bmp", .bmp), ("webp", .webp), ("gif", .gif), ("pgm", .pnm),
        ("jp2", .jp2),
    ])
    func otherFormatsDecode(_ ext: String, format: ImageFormat) throws {
        let png = try ImageDecoder.decode(
            path: sample("001-clean.png").url.path, maxPixels: .max, applyEXIF: true)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cardocr-\(UUID().uuidString).\(ext)")
        defer { try? FileManager.default.removeItem(at: url) }
        try png.pix.grey().write(to: url, as: format)
        let decoded = try ImageDecoder.decode(path: url.path, maxPixels: .max, applyEXIF: true)
        #expect(decoded.format == format)
        #expect(decoded.pix.width == png.pix.width && decoded.pix.height == png.pix.height)
    }

    /// Protects EXIF handling: a JPEG tagged "rotate 90 CW" is turned before anything else.
    @Test func exifOrientationIsApplied() throws {
        let s = try sample("003-noisy.jpg")
        var bytes = try [UInt8](Data(contentsOf: s.url))
        // APP1 "Exif\0\0" + big-endian TIFF header + IFD0 with one entry: 0x0112 SHORT 1 = 6.
        let tiff: [UInt8] = [
            0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01,
            0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        ]
        let payload = Array("Exif".utf8) + [0, 0] + tiff
        let length = payload.count + 2
        bytes.insert(contentsOf: [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload, at: 2)
        #expect(ImageDecoder.exifOrientation(in: bytes) == 6)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cardocr-\(UUID().uuidString).jpg")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }

        let upright = try ImageDecoder.decode(path: s.url.path, maxPixels: .max, applyEXIF: true).pix
        let turned = try ImageDecoder.decode(path: url.path, maxPixels: .max, applyEXIF: true).pix
        let ignored = try ImageDecoder.decode(path: url.path, maxPixels: .max, applyEXIF: false).pix
        #expect(turned.width == upright.height && turned.height == upright.width)
        #expect(ignored.width == upright.width && ignored.height == upright.height)
    }
}
