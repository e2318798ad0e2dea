import Foundation

/// The word lists the contact model reads, built once from the compiled-in tables
/// (`scripts/build-contact-lexicons` from `models/lexicons`).
struct ContactLexicons: Sendable {
    /// Folded honorifics printed before a name ("dr", "prof.").
    let namePrefixes: Set<String>
    /// Folded post-nominals printed after a name ("phd", "mba").
    let nameSuffixes: Set<String>
    /// Lower-case words that begin a family name ("van", "de", "bin").
    let nameParticles: Set<String>
    /// Lower-case words that join two family names ("e", "y").
    let nameConnectors: Set<String>
    /// Folded given names ("ana", "maria").
    let givenNames: Set<String>
    /// Chinese surnames, double-character ones first.
    let chineseSurnames: [String]
    /// Characters of Chinese given names, simplified and traditional.
    let chineseGivenNameCharacters: Set<Character>
    /// Folded country spelling -> ISO 3166 region.
    let countries: [String: String]
    /// Folded subdivision code or name -> region ("pr" -> BR, "california" -> US).
    let subdivisions: [String: String]

    static let shared = ContactLexicons(tables: ContactLexiconTables.tables)

    init(tables: [String: String]) {
        func list(_ key: String) -> [String] {
            (tables[key] ?? "").split(separator: "\n").map(String.init)
        }
        namePrefixes = Set(list("name-affixes/prefix").map(ContactText.fold))
        nameSuffixes = Set(list("name-affixes/suffix").map(ContactText.fold))
        nameParticles = Set(list("name-affixes/particle").map { $0.lowercased() })
        nameConnectors = Set(list("name-affixes/connector").map { $0.lowercased() })
        givenNames = Set(list("given-names/main").map(ContactText.fold))
        chineseSurnames = list("chinese-surnames/main").sorted { $0.count > $1.count }
        chineseGivenNameCharacters = Set(list("chinese-given-name-chars/main").joined())
        var countries: [String: String] = [:]
        for row in list("countries/main") {
            let parts = row.split(separator: "\t", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            countries[ContactText.fold(parts[1])] = countries[ContactText.fold(parts[1])] ?? parts[0]
        }
        for (spelling, region) in [("usa", "US"), ("u.s.a.", "US"), ("uk", "GB"), ("england", "GB")] {
            countries[spelling] = countries[spelling] ?? region
        }
        self.countries = countries
        var subdivisions: [String: String] = [:]
        for row in list("subdivisions/main") {
            let parts = row.split(separator: "\t").map(String.init)
            guard parts.count == 3 else { continue }
            subdivisions[ContactText.fold(parts[1])] = subdivisions[ContactText.fold(parts[1])] ?? parts[0]
            subdivisions[ContactText.fold(parts[2])] = subdivisions[ContactText.fold(parts[2])] ?? parts[0]
        }
        self.subdivisions = subdivisions
    }
}

/// Text helpers of the contact model.
public enum ContactText {
    /// Lowercased, accents and width folded, trimmed.
    public static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .trimmingCharacters(in: .whitespaces)
    }

    /// True for Han ideographs, kana and Hangul: scripts that print the family name first.
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xAC00...0xD7A3,
            0x1100...0x11FF, 0x3130...0x318F, 0x20000...0x2FFFD:
            return true
        default: return false
        }
    }

    /// True for Han ideographs (the unified block and its extension A), as Chinese and Japanese
    /// names, titles and addresses print them; not kana or Hangul.
    public static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
    }

    static func isHangul(_ scalar: Unicode.Scalar) -> Bool {
        (0xAC00...0xD7A3).contains(scalar.value) || (0x1100...0x11FF).contains(scalar.value)
            || (0x3130...0x318F).contains(scalar.value)
    }

    static func isKana(_ scalar: Unicode.Scalar) -> Bool { (0x3040...0x30FF).contains(scalar.value) }

    /// Hiragana and katakana letters in `text` (not the marks, the middle dot or the long-vowel
    /// sign): two or more make a card Japanese for OCR (`--lang auto`) and for extraction.
    public static func kanaCount(_ text: String) -> Int {
        text.unicodeScalars.filter { (0x3041...0x3096).contains($0.value) || (0x30A1...0x30FA).contains($0.value) }.count
    }

    /// Japanese numbers in their domestic form, as cards without .jp or +81 print them: a mobile
    /// (080, 090) or a Tokyo or Osaka line (03, 06), hyphenated 3-4-4 or 2-4-4 ("090-2739-0085",
    /// "03-5155-3708"). Korea's 070 and its 3-3-4 area lines, Taiwan's 9-digit 03 and 06 lines,
    /// China's and India's groupings are other shapes. Regular expressions.
    public static let japaneseDomesticNumbers = [
        "(?<![0-9-])0[89]0-[0-9]{4}-[0-9]{4}(?![0-9-])", "(?<![0-9-])0[36]-[0-9]{4}-[0-9]{4}(?![0-9-])",
    ]

    /// Whether `text` holds a Japanese number in its domestic form (`japaneseDomesticNumbers`).
    public static func holdsJapaneseDomesticNumber(_ text: String) -> Bool {
        japaneseDomesticNumbers.contains { text.range(of: $0, options: .regularExpression) != nil }
    }

    /// Letters of `text` that only Turkish (and Azerbaijani) prints: ğ Ğ ı İ (ş is Romanian too).
    public static func turkishLetterCount(_ text: String) -> Int {
        text.unicodeScalars.filter { [0x011E, 0x011F, 0x0130, 0x0131].contains($0.value) }.count
    }

    /// Letters of `text` that only Vietnamese prints: o and u with a horn (ơ Ơ ư Ư) and the
    /// Latin Extended Additional vowels with a dot below or a hook above (U+1EA0-1EF9: ạ ả ấ
    /// ... ỹ), precomposed as OCR outputs them.
    public static func vietnameseLetterCount(_ text: String) -> Int {
        text.unicodeScalars.filter {
            [0x01A0, 0x01A1, 0x01AF, 0x01B0].contains($0.value) || (0x1EA0...0x1EF9).contains($0.value)
        }.count
    }

    /// Hangul letters (syllables and jamo) in `text`.
    public static func hangulCount(_ text: String) -> Int {
        text.unicodeScalars.filter(isHangul).count
    }

    /// Empty and whitespace-only text as nil, other text trimmed.
    public static func nonEmpty(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else {
            return nil
        }
        return trimmed
    }
}
