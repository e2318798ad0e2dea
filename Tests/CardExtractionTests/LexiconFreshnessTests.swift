import Foundation
import Testing

@testable import CardExtraction
import CardModel

/// The repository root, found from this file's path (Tests/CardExtractionTests/<file>).
private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()

/// Parses a lexicon file the way scripts/build-lexicons does.
private func parseLexicon(_ url: URL) throws -> [String: [String]] {
    let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
    // The marker line of files with several entries per line (scripts/build-lexicons).
    let splitOnSpaces = lines.contains { $0.trimmingCharacters(in: .whitespaces) == "# entries: several per line, separated by spaces" }
    var sections: [String: [String]] = [:]
    var current = "main"
    for raw in lines {
        let line = raw.trimmingCharacters(in: .whitespaces)
        if line.isEmpty || line.hasPrefix("#") { continue }
        if line.hasPrefix("[") && line.hasSuffix("]") {
            current = String(line.dropFirst().dropLast())
            continue
        }
        let entries = splitOnSpaces ? line.split(separator: " ").map(String.init) : [line]
        sections[current, default: []].append(contentsOf: entries)
    }
    return sections
}

/// Protects against editing models/lexicons without running scripts/build-lexicons (both generated
/// tables).
@Test func generatedLexiconsMatchModelFiles() throws {
    let folder = repositoryRoot.appendingPathComponent("models/lexicons")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
        $0.hasSuffix(".txt")
    }.sorted()
    #expect(!files.isEmpty)
    var expected: [String: String] = [:]
    for file in files {
        let stem = String(file.dropLast(4))
        for (section, entries) in try parseLexicon(folder.appendingPathComponent(file)) {
            expected["\(stem)/\(section)"] = entries.joined(separator: "\n")
        }
    }
    #expect(
        Set(expected.keys) == Set(Lexicons.allTables.keys),
        "Sources/*/Generated is out of date: run scripts/build-lexicons")
    for (key, value) in expected {
        #expect(Lexicons.allTables[key] == value, "\(key) is out of date: run scripts/build-lexicons")
    }
    // Each file is compiled once: CardModel's files are not in CardExtraction's table too.
    #expect(Set(GeneratedLexicons.tables.keys).isDisjoint(with: ContactLexiconTables.tables.keys))
}

/// Protects the README's promise that every model file is listed with its checksum.
@Test func modelsReadmeListsEveryLexicon() throws {
    let readme = try String(
        contentsOf: repositoryRoot.appendingPathComponent("models/README.md"), encoding: .utf8)
    let files = try FileManager.default.contentsOfDirectory(
        atPath: repositoryRoot.appendingPathComponent("models/lexicons").path
    )
    .filter { $0.hasSuffix(".txt") }
    for file in files {
        #expect(readme.contains(file), "models/README.md does not list \(file)")
    }
}
