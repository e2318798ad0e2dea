import Foundation
import Testing

@testable import CardModel

/// Protects against editing models/lexicons without running scripts/build-lexicons (which runs
/// scripts/build-contact-lexicons).
@Test func contactLexiconsMatchModelFiles() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    var expected: [String: String] = [:]
    for file in [
        "name-affixes", "given-names", "chinese-surnames", "chinese-given-name-chars", "countries", "subdivisions",
    ] {
        let text = try String(
            contentsOf: root.appendingPathComponent("models/lexicons/\(file).txt"), encoding: .utf8)
        var section = "main"
        var sections: [String: [String]] = [:]
        let lines = text.components(separatedBy: "\n")
        // The marker line of files with several entries per line (scripts/build-contact-lexicons).
        let splitOnSpaces = lines.contains {
            $0.trimmingCharacters(in: .whitespaces) == "# entries: several per line, separated by spaces"
        }
        for raw in lines {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast())
                continue
            }
            let entries = splitOnSpaces ? line.split(separator: " ").map(String.init) : [line]
            sections[section, default: []].append(contentsOf: entries)
        }
        for (name, entries) in sections { expected["\(file)/\(name)"] = entries.joined(separator: "\n") }
    }
    #expect(
        expected == ContactLexiconTables.tables,
        "Sources/CardModel/Generated is out of date: run scripts/build-lexicons")
}
