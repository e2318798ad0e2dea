import CardModel
import CardOCR
import Foundation

/// A `TextRecognizer` that returns canned pages by file name, for tests of the layers above OCR.
///
/// Files not in `pages` fail with `failure(for:)`, or, when that returns nil, read as one card
/// holding `defaultText`. Thread confinement is the caller's business, as with real engines.
public final class FakeRecognizer: TextRecognizer {
    /// Canned results, keyed by file name (last path component).
    public var pages: [String: [RecognizedPage]]
    public var defaultText: String?
    /// Errors to throw, keyed by file name.
    public var errors: [String: any Error]
    /// Names of the files recognized, in call order.
    public private(set) var calls: [String] = []
    /// Seconds to sleep per file, to simulate slow OCR.
    public var delay: Double
    /// Canned per-page results (multi-page files with failing pages), keyed by file name; they
    /// take precedence over `pages` in `recognizePages`.
    public var pageResults: [String: [PageResult]] = [:]

    public init(
        pages: [String: [RecognizedPage]] = [:], errors: [String: any Error] = [:], defaultText: String? = nil,
        delay: Double = 0
    ) {
        self.pages = pages
        self.errors = errors
        self.defaultText = defaultText
        self.delay = delay
    }

    public func recognizePages(inFileAt url: URL) throws -> [PageResult] {
        let name = url.lastPathComponent
        guard let canned = pageResults[name] else { return [.cards(try recognizeCards(inFileAt: url))] }
        calls.append(name)
        return canned
    }

    public func recognizeCards(inFileAt url: URL) throws -> [RecognizedCard] {
        if let canned = pageResults[url.lastPathComponent] {
            calls.append(url.lastPathComponent)
            return try PageResult.cards(in: canned, path: url.path)
        }
        let name = url.lastPathComponent
        calls.append(name)
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        if let error = errors[name] { throw error }
        let found: [RecognizedPage]
        if let canned = pages[name] {
            found = canned
        } else if let defaultText {
            found = [RecognizedPage.plainText(defaultText)]
        } else {
            throw FakeRecognizerError.unknownFile(name)
        }
        return found.enumerated().map { index, page in
            RecognizedCard(
                index: index, bbox: PixelBox(x: 0, y: 0, width: page.width, height: page.height),
                recognized: page, timings: StageTimings(decode: 1, preprocess: 2, ocr: 3))
        }
    }
}

/// The fake's own failure, with a message like a real one.
public enum FakeRecognizerError: Error, CustomStringConvertible {
    case unknownFile(String)

    public var description: String {
        switch self {
        case .unknownFile(let name): "\(name): no canned OCR result (FakeRecognizer)."
        }
    }
}

/// A temporary folder removed when the value is deinitialised.
public final class TemporaryDirectory: @unchecked Sendable {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("cardscan-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `data` to `name` inside the folder and returns its URL.
    @discardableResult
    public func write(_ data: Data, to name: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        return file
    }
}
