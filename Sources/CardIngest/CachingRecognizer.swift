import CardModel
import CardOCR
import CardStore
import Foundation

/// A recognizer that keeps what another recognizer read, keyed by the file's bytes, the
/// languages and the reading's variant (skipped stages, OCR parameters other than the
/// compiled-in ones), so extraction can be re-run over a set of images without reading them
/// again.
///
/// For development only (`cardscan eval --ocr-cache DIR`): fitting extraction weights replays
/// hundreds of cards many times, and OCR is 99% of the time per card. The cache cannot know
/// about changes to the OCR code itself: delete the folder after changing it. The inner recognizer is created only on the first miss, so a replay from a full cache
/// loads no Tesseract engine. One instance per worker, like every recognizer.
public final class CachingRecognizer: TextRecognizer {
    private let directory: URL
    private let languages: String
    private let variant: String
    private let makeInner: () throws -> any TextRecognizer
    private var inner: (any TextRecognizer)?

    /// Creates a cache in `directory` (created when missing) in front of the recognizer that
    /// `makeInner` creates on the first file not in the cache. `variant` names how the inner
    /// recognizer reads when that differs from the default (empty for the default reading).
    public init(
        directory: URL, languages: String, variant: String = "",
        makeInner: @escaping () throws -> any TextRecognizer
    ) throws {
        self.directory = directory
        self.languages = languages
        self.variant = variant
        self.makeInner = makeInner
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    public func recognizeCards(inFileAt url: URL) throws -> [RecognizedCard] {
        try PageResult.cards(in: recognizePages(inFileAt: url), path: url.path)
    }

    public func recognizePages(inFileAt url: URL) throws -> [PageResult] {
        let entry = directory.appendingPathComponent(try key(for: url) + ".json")
        if let data = try? Data(contentsOf: entry),
            let pages = try? JSONDecoder().decode([PageResult].self, from: data)
        {
            return pages
        }
        if inner == nil { inner = try makeInner() }
        guard let inner else { return [] }
        let pages = try inner.recognizePages(inFileAt: url)
        let data = try JSONEncoder().encode(pages)
        try data.write(to: entry, options: .atomic)
        return pages
    }

    /// SHA-256 of the file's bytes, the language string and, for a non-default reading, a digest
    /// of its variant (default readings keep the keys they always had).
    private func key(for url: URL) throws -> String {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw OCRError.readFailed(path: url.path, reason: error.localizedDescription)
        }
        let base = ContentHash.sha256(of: bytes) + "-" + languages.replacingOccurrences(of: "+", with: "_")
        return variant.isEmpty ? base : base + "-" + ContentHash.sha256(of: Data(variant.utf8)).prefix(12)
    }

    /// The variant of a reading with `options`: empty for the default reading (no stage skipped,
    /// the compiled-in OCR parameters), else a description of what differs.
    public static func variant(of options: OCROptions) -> String {
        var parts: [String] = []
        if !options.disabledStages.isEmpty {
            parts.append("skip=" + options.disabledStages.map(\.rawValue).sorted().joined(separator: ","))
        }
        if options.parameters != .fitted, let data = try? JSONEncoder.sortedKeys.encode(options.parameters) {
            parts.append("parameters=" + String(decoding: data, as: UTF8.self))
        }
        if options.pageSegmentation != OCROptions().pageSegmentation {
            parts.append("psm=\(options.pageSegmentation.rawValue)")
        }
        return parts.joined(separator: ";")
    }
}

extension JSONEncoder {
    fileprivate static var sortedKeys: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
