/// Lexicon entries matched as substrings of a line: Han, kana and Hangul entries, which cards
/// print without spaces between words ("市场部经理"). Entries are indexed by their first
/// character, so a line is walked once instead of being searched once per entry (thousands of
/// entries since the world lexicons: a search per entry made extraction cost more than OCR).
struct SubstringLexicon: Sendable {
    /// The entries in lexicon order; matches are reported in this order.
    let entries: [String]
    private let byFirst: [Character: [(index: Int, characters: [Character])]]

    init(_ entries: [String]) {
        self.entries = entries
        var byFirst: [Character: [(index: Int, characters: [Character])]] = [:]
        for (index, entry) in entries.enumerated() {
            let characters = Array(entry)
            guard let first = characters.first else { continue }
            byFirst[first, default: []].append((index, characters))
        }
        self.byFirst = byFirst
    }

    var isEmpty: Bool { entries.isEmpty }

    /// Every entry found in `text`, each once, in lexicon order.
    func matches(in text: String) -> [String] {
        let characters = Array(text)
        var found = Set<Int>()
        for start in characters.indices {
            guard let candidates = byFirst[characters[start]] else { continue }
            for candidate in candidates where !found.contains(candidate.index) {
                if Self.occurs(candidate.characters, in: characters, at: start) { found.insert(candidate.index) }
            }
        }
        return found.sorted().map { entries[$0] }
    }

    /// Whether any entry occurs in `text`.
    func occurs(in text: String) -> Bool {
        let characters = Array(text)
        for start in characters.indices {
            guard let candidates = byFirst[characters[start]] else { continue }
            if candidates.contains(where: { Self.occurs($0.characters, in: characters, at: start) }) { return true }
        }
        return false
    }

    /// The entries `text` ends with, in lexicon order.
    func suffixes(of text: String) -> [String] {
        let characters = Array(text)
        var found: [Int] = []
        for start in characters.indices {
            guard let candidates = byFirst[characters[start]] else { continue }
            for candidate in candidates
            where candidate.characters.count == characters.count - start
                && Self.occurs(candidate.characters, in: characters, at: start)
            {
                found.append(candidate.index)
            }
        }
        return found.sorted().map { entries[$0] }
    }

    private static func occurs(_ entry: [Character], in text: [Character], at start: Int) -> Bool {
        guard start + entry.count <= text.count else { return false }
        for offset in 1..<max(1, entry.count) where text[start + offset] != entry[offset] { return false }
        return true
    }
}

/// Multi-word lexicon entries ("research & development", "chief executive officer") matched as
/// whole-word runs of a folded line: each run of words is looked up once, instead of searching
/// the line once per entry.
struct PhraseLexicon: Sendable {
    private let phrases: Set<String>
    private let longest: Int

    init<S: Sequence>(_ entries: S) where S.Element == String {
        let phrases = Set(entries.filter { $0.contains(" ") })
        self.phrases = phrases
        longest = phrases.map { $0.split(separator: " ", omittingEmptySubsequences: false).count }.max() ?? 0
    }

    /// The entries found in a folded line (commas count as spaces), sorted.
    func matches(inFolded folded: String) -> [String] {
        guard longest >= 2, folded.contains(" ") else { return [] }
        let words = folded.replacing(",", with: " ").split(separator: " ", omittingEmptySubsequences: false)
        var found = Set<String>()
        for start in words.indices where !words[start].isEmpty {
            var run = String(words[start])
            for end in (start + 1)..<min(words.count, start + longest) {
                if words[end].isEmpty { break }
                run += " " + words[end]
                if phrases.contains(run) { found.insert(run) }
            }
        }
        return found.sorted()
    }
}
