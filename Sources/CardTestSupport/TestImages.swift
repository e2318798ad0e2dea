import CardModel
import Foundation

/// Locates the repository's `TestImages/` directory and the synthetic cards in it.
///
/// Found from this file's `#filePath` (`Sources/CardTestSupport/` is two levels below the
/// repository root), so tests work from any working directory. `CARDSCAN_TEST_IMAGES` overrides
/// the location (for images not merged yet).
public enum TestImages {
    /// One test image and its truth file.
    public struct Sample: Sendable {
        public var url: URL
        public var truth: TruthFile
        /// The kind from the truth file, else from the name (`012-rotated.png` -> `rotated`).
        public var kind: String
        /// How the image was degraded, from the truth file (`"rotated 90 ccw"`, `"skewed +5.2 ccw"`,
        /// `"4 cards"`, `"dark lid"`, ...).
        public var conditions: [String]

        public var name: String { url.lastPathComponent }

        /// The first condition starting with `prefix`, parsed as a number after it
        /// (`number(after: "rotated")` is 90 for `"rotated 90 ccw"`).
        public func number(after prefix: String) -> Double? {
            for condition in conditions where condition.hasPrefix(prefix + " ") {
                let rest = condition.dropFirst(prefix.count + 1).split(separator: " ").first ?? ""
                if let value = Double(rest) { return value }
            }
            return nil
        }
    }

    /// The `TestImages/` directory.
    public static var root: URL {
        if let override = ProcessInfo.processInfo.environment["CARDSCAN_TEST_IMAGES"], !override.isEmpty {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // CardTestSupport
            .deletingLastPathComponent()  // Sources
            .deletingLastPathComponent()  // repository root
            .appendingPathComponent("TestImages", isDirectory: true)
    }

    /// `TestImages/cards/`.
    public static var cardsDirectory: URL { root.appendingPathComponent("cards", isDirectory: true) }

    /// `TestImages/broken/<name>`, e.g. `broken("truncated.jpg")`.
    public static func broken(_ name: String) -> URL {
        root.appendingPathComponent("broken", isDirectory: true).appendingPathComponent(name)
    }

    private struct Conditions: Decodable {
        var conditions: [String]?
    }

    /// Every card image with a readable `.truth.json` beside it, sorted by name; optionally
    /// only those of one kind.
    public static func samples(kind: String? = nil) -> [Sample] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: cardsDirectory.path)) ?? []
        let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "tif", "tiff", "webp", "bmp"]
        var result: [Sample] = []
        for name in names.sorted() {
            let url = cardsDirectory.appendingPathComponent(name)
            guard imageExtensions.contains(url.pathExtension.lowercased()) else { continue }
            let truthURL = url.deletingPathExtension().appendingPathExtension("truth.json")
            guard let data = try? Data(contentsOf: truthURL),
                let truth = try? JSONDecoder().decode(TruthFile.self, from: data)
            else { continue }
            let stem = url.deletingPathExtension().lastPathComponent
            let fromName = stem.split(separator: "-", maxSplits: 1).dropFirst().first.map(String.init) ?? stem
            let sampleKind = truth.kind ?? fromName
            if let kind, sampleKind != kind { continue }
            let conditions = (try? JSONDecoder().decode(Conditions.self, from: data))?.conditions ?? []
            result.append(Sample(url: url, truth: truth, kind: sampleKind, conditions: conditions))
        }
        return result
    }
}
