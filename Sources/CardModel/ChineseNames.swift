import Foundation

/// Chinese personal names as cards print them: a surname from `chinese-surnames.txt` and a given
/// name of one or two characters, without spaces ("李冠宇", "歐陽文").
public enum ChineseNames {
    /// The surname and given name of `text` (spaces ignored) when it is shaped as a Chinese name:
    /// two to four Han characters, opening with a known surname (`surnames`) and
    /// one or two characters after it; nil otherwise.
    public static func parts(of text: String) -> (surname: String, given: String)? {
        guard let compact = hanOnly(text), (2...4).contains(compact.count) else { return nil }
        for surname in surnames where compact.hasPrefix(surname) {
            let given = String(compact.dropFirst(surname.count))
            if (1...2).contains(given.count) { return (surname, given) }
        }
        return nil
    }

    /// The surname and given name of `text` when it is a Chinese name of known characters: shaped
    /// as one (`parts(of:)`) and every given-name character one that names use
    /// (`knowsGivenCharacters`); nil otherwise.
    public static func knownName(_ text: String) -> (surname: String, given: String)? {
        parts(of: text).flatMap { knowsGivenCharacters($0.given) ? $0 : nil }
    }

    /// `chinese-surnames.txt` (simplified) with each surname's traditional form (ICU's Hans-Hant:
    /// 吴 and 吳, 张 and 張), double surnames first.
    static let surnames: [String] = {
        let simplified = ContactLexicons.shared.chineseSurnames
        let joined = simplified.joined(separator: "\n")
        let traditional = (joined.applyingTransform(StringTransform("Hans-Hant"), reverse: false) ?? joined)
            .split(separator: "\n").map(String.init)
        var seen = Set<String>()
        return (simplified + traditional).filter { seen.insert($0).inserted }.sorted { $0.count > $1.count }
    }()

    /// The given name of a line of three Han characters shaped as a name but for its first, no
    /// known surname, where the two after it are given-name characters (纖佳穎: 羅 misread);
    /// nil otherwise.
    public static func givenAfterUnknownSurname(_ text: String) -> String? {
        guard let compact = hanOnly(text), compact.count == 3, parts(of: compact) == nil else { return nil }
        let given = String(compact.dropFirst())
        return knowsGivenCharacters(given) ? given : nil
    }

    /// Whether every character of `given` is a known given-name character
    /// (`chinese-given-name-chars.txt`: the names of two corpora with their traditional forms).
    /// A misread one rarely is: 李冠字 for 李冠宇, 吳淑分 for 吳淑芬.
    public static func knowsGivenCharacters(_ given: String) -> Bool {
        !given.isEmpty && given.allSatisfy { ContactLexicons.shared.chineseGivenNameCharacters.contains($0) }
    }

    /// `text` without its spaces when the rest is Han ideographs only (`ContactText.isHan`).
    private static func hanOnly(_ text: String) -> String? {
        let compact = String(text.filter { !$0.isWhitespace })
        return compact.unicodeScalars.allSatisfy(ContactText.isHan) ? compact : nil
    }
}
