import Foundation

/// A person's name in parts, as vCard's `N` and the address books' import columns want it.
///
/// The printed form stays in ``ContactFields/name``; these parts sit beside it. Parts are
/// the printed words (accents and case kept); a part that is absent is an empty string.
public struct PersonName: Hashable, Sendable, Codable {
    /// Honorifics before the name: "Dr.", "Prof. Dr.".
    public var prefix: String
    public var given: String
    /// Further given names and initials: "F.", "María".
    public var middle: String
    public var family: String
    /// Post-nominals: "PhD", "MBA", "Jr.".
    public var suffix: String
    /// True when the name is written family name first (Chinese, Japanese, Korean).
    public var familyFirst: Bool

    public init(
        prefix: String = "", given: String = "", middle: String = "", family: String = "",
        suffix: String = "",
        familyFirst: Bool = false
    ) {
        self.prefix = prefix
        self.given = given
        self.middle = middle
        self.family = family
        self.suffix = suffix
        self.familyFirst = familyFirst
    }

    enum CodingKeys: String, CodingKey { case prefix, given, middle, family, suffix, familyFirst }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        prefix = try c.decodeIfPresent(String.self, forKey: .prefix) ?? ""
        given = try c.decodeIfPresent(String.self, forKey: .given) ?? ""
        middle = try c.decodeIfPresent(String.self, forKey: .middle) ?? ""
        family = try c.decodeIfPresent(String.self, forKey: .family) ?? ""
        suffix = try c.decodeIfPresent(String.self, forKey: .suffix) ?? ""
        familyFirst = try c.decodeIfPresent(Bool.self, forKey: .familyFirst) ?? false
    }

    /// True when no part holds text.
    public var isEmpty: Bool { [prefix, given, middle, family, suffix].allSatisfy(\.isEmpty) }

    /// The parts as one name in the order the name's script writes them.
    public var formatted: String {
        let core =
            familyFirst
            ? (given.isEmpty
                ? family
                : family + (family.unicodeScalars.contains(where: ContactText.isCJK) ? "" : " ") + given)
            : [given, middle, family].filter { !$0.isEmpty }.joined(separator: " ")
        return [prefix, core, suffix].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// Korean surnames of two syllables; all others are one syllable.
    static let koreanDoubleSurnames: Set<String> = ["남궁", "황보", "제갈", "선우", "독고", "사공", "서문", "동방"]

    /// Splits a printed name into parts.
    ///
    /// Honorifics, post-nominals and particles come from `models/lexicons/name-affixes.txt`; a name in
    /// Chinese, Japanese or Korean script is family name first (a Chinese name without a space
    /// splits after the surname from `chinese-surnames.txt`, in either script (`ChineseNames`:
    /// 陳德倫 as well as 陈德伦), a Korean one after the first
    /// syllable); "Family, Given" is read as written; otherwise the family name is the last word
    /// with the particles before it and the words before it that are not known given names
    /// ("Ana María López García": family "López García").
    public static func parse(_ printed: String) -> PersonName {
        let lexicons = ContactLexicons.shared
        let text = printed.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return PersonName() }
        if text.unicodeScalars.contains(where: ContactText.isCJK),
            !text.unicodeScalars.contains(where: { $0.properties.isAlphabetic && $0.isASCII })
        {
            return parseCJK(text)
        }
        // "López-García, Ana María, PhD": commas separate suffixes, or family from given.
        let commaParts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        var trailingSuffixes: [String] = []
        var body = commaParts.first ?? text
        var invertedGiven: String?
        for part in commaParts.dropFirst() {
            let words = part.split(separator: " ").map(String.init)
            if words.allSatisfy({ lexicons.nameSuffixes.contains(ContactText.fold($0)) }) {
                trailingSuffixes += words
            } else if invertedGiven == nil && trailingSuffixes.isEmpty {
                invertedGiven = part
            } else {
                body += " " + part
            }
        }
        var words = body.split(whereSeparator: \.isWhitespace).map(String.init)
        var prefixes: [String] = []
        while words.count > 1, lexicons.namePrefixes.contains(ContactText.fold(words[0])) {
            prefixes.append(words.removeFirst())
        }
        var suffixes: [String] = []
        while words.count > 1,
            let last = words.last, lexicons.nameSuffixes.contains(ContactText.fold(last)),
            !isInitial(last)
        {
            suffixes.insert(words.removeLast(), at: 0)
        }
        suffixes += trailingSuffixes
        var name = PersonName(
            prefix: prefixes.joined(separator: " "), suffix: suffixes.joined(separator: " "))
        if let invertedGiven {
            var givenWords = invertedGiven.split(separator: " ").map(String.init)
            while givenWords.count > 1, lexicons.namePrefixes.contains(ContactText.fold(givenWords[0])) {
                prefixes.append(givenWords.removeFirst())
            }
            name.prefix = prefixes.joined(separator: " ")
            name.family = words.joined(separator: " ")
            name.given = givenWords.first ?? ""
            name.middle = givenWords.dropFirst().joined(separator: " ")
            return name
        }
        switch words.count {
        case 0: return name
        case 1:
            name.given = words[0]
            return name
        default: break
        }
        var familyStart = words.count - 1
        if let particle = (1..<(words.count - 1)).first(where: {
            lexicons.nameParticles.contains(words[$0].lowercased())
        })
        {
            familyStart = particle
        } else {
            while familyStart > 1 {
                let candidate = words[familyStart - 1]
                // "García y López", "Silva e Souza": a connector joins the family name before it.
                if lexicons.nameConnectors.contains(candidate.lowercased()), familyStart > 2 {
                    familyStart -= 1
                    continue
                }
                let folded = ContactText.fold(candidate)
                guard !isInitial(candidate), !lexicons.givenNames.contains(folded),
                    lexicons.givenNames.contains(ContactText.fold(words[0])),
                    candidate.first?.isUppercase == true, !candidate.contains("-") || familyStart == 1
                else { break }
                familyStart -= 1
            }
            // No family name starts with a connector.
            while familyStart < words.count - 1,
                lexicons.nameConnectors.contains(words[familyStart].lowercased())
            {
                familyStart += 1
            }
        }
        name.given = words[0]
        name.middle = words[1..<familyStart].joined(separator: " ")
        name.family = words[familyStart...].joined(separator: " ")
        return name
    }

    /// "F." or "J": a one-letter word, with or without a period.
    static func isInitial(_ word: String) -> Bool {
        let letters = word.filter(\.isLetter)
        return letters.count == 1 && (word.count == 1 || word.hasSuffix("."))
    }

    static func parseCJK(_ text: String) -> PersonName {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        if words.count > 1 {
            return PersonName(
                given: words.dropFirst().joined(separator: " "), family: words[0], familyFirst: true)
        }
        if text.unicodeScalars.contains(where: ContactText.isHangul) {
            let prefix2 = String(text.prefix(2))
            let familyLength = text.count > 2 && koreanDoubleSurnames.contains(prefix2) ? 2 : 1
            guard text.count > familyLength else { return PersonName(family: text, familyFirst: true) }
            return PersonName(
                given: String(text.dropFirst(familyLength)), family: String(text.prefix(familyLength)),
                familyFirst: true)
        }
        if !text.unicodeScalars.contains(where: ContactText.isKana), (2...4).contains(text.count),
            let surname = ChineseNames.surnames.first(where: {
                text.hasPrefix($0) && text.count > $0.count
            })
        {
            return PersonName(
                given: String(text.dropFirst(surname.count)), family: surname, familyFirst: true)
        }
        // A Japanese name printed without a space cannot be split safely: it stays whole as the
        // family name (the sort key address books use), for a reviewer to split.
        return PersonName(family: text, familyFirst: true)
    }
}
