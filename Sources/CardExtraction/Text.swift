import CardModel
import Foundation

/// Small, pure string helpers shared by the extraction stages.
enum Text {
    /// Lowercased, diacritics removed, for lexicon look-ups ("Jürgen" -> "jurgen").
    static func fold(_ s: String) -> String {
        s.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    static func isHan(_ c: Character) -> Bool { c.unicodeScalars.contains(where: ContactText.isHan) }

    static func containsHan(_ s: String) -> Bool { s.contains(where: isHan) }

    static func hanCount(_ s: String) -> Int { s.reduce(0) { $0 + (isHan($1) ? 1 : 0) } }

    /// Letters other than Han characters.
    static func latinLetterCount(_ s: String) -> Int {
        s.reduce(0) { $0 + ($1.isLetter && !isHan($1) ? 1 : 0) }
    }

    static func digitCount(_ s: String) -> Int { s.reduce(0) { $0 + ($1.isASCII && $1.isNumber ? 1 : 0) } }

    /// Replaces full-width ASCII variants (：＠．１) by ASCII and collapses runs of spaces.
    static func normalizeWidth(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for scalar in s.unicodeScalars {
            if (0xFF01...0xFF5E).contains(scalar.value), let ascii = Unicode.Scalar(scalar.value - 0xFEE0) {
                out.unicodeScalars.append(ascii)
            } else if scalar.value == 0x3000 {
                out.unicodeScalars.append(" ")
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return joinHan(collapseSpaces(out))
    }

    /// Removes the spaces OCR puts between Han characters, and between Han characters and
    /// digits ("广州 市 天 河 路 119 号" -> "广州市天河路119号"); Chinese is printed without them.
    static func joinHan(_ s: String) -> String {
        guard containsHan(s) else { return s }
        let chars = Array(s)
        var out = ""
        for (i, c) in chars.enumerated() {
            if c == " ", i > 0, i + 1 < chars.count {
                let a = chars[i - 1]
                let b = chars[i + 1]
                let aHan = isHan(a)
                let bHan = isHan(b)
                if (aHan && bHan) || (aHan && b.isNumber) || (a.isNumber && bHan)
                    || (aHan && (b == ":" || b == "："))
                    || ((a == ":" || a == "：") && bHan)
                {
                    continue
                }
            }
            out.append(c)
        }
        return out
    }

    /// Separator bars read as a capital I ("G-1 I Plot A-27 I Road No.10 I Wagle Industrial
    /// Estate", "G-1 \ Plot A-27 \ Road No.10, Wagle Industrial Estate I MIDC"): on a line with
    /// two or more lone bar-like tokens (I, l, \, |, ¦, Í, Ì, or a bar glued to one: "|Ì"), none
    /// after a word a number or numeral follows ("Phase I", "Sector I"), each misread one becomes
    /// a comma after the word before it. One alone counts when it cannot be a letter (Í, Ì, \,
    /// "|Ì"), or when it is an I or l before a capitalised word on a line with a postcode's digits
    /// ("Thane, Maharashtra I India - 400604"; "Tom I Jones" keeps its initial).
    static func barsReadAsI(_ s: String) -> String {
        let tokens = s.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        // A bar OCR may also read as a backslash, a lower-case l, a broken bar or an accented I.
        let letters: Set<String> = ["I", "l"]
        func isBar(_ t: String) -> Bool {
            ["I", "l", "\\", "|", "¦", "Í", "Ì"].contains(t)
                || (t.count == 2 && t.contains("|") && t.allSatisfy { "|IlÍÌ".contains($0) })
        }
        let bars = tokens.indices.filter { isBar(tokens[$0]) && $0 > 0 && $0 < tokens.count - 1 }
        guard !bars.contains(where: { i in
            let before = fold(tokens[i - 1].trimmingCharacters(in: .punctuationCharacters))
            return AddressFinder.numberedWords.contains(before)
        }) else { return s }
        if bars.count == 1 {
            let i = bars[0]
            let digits = s.filter(\.isNumber).count
            let neverALetter = !letters.contains(tokens[i]) && tokens[i] != "|"
            let betweenAddressWords = digits >= 4 && tokens[i + 1].first?.isUppercase == true
                && tokens[i - 1].last?.isLetter == true
            let alone = neverALetter || betweenAddressWords
            guard alone else { return s }
        } else if bars.isEmpty {
            return s
        }
        // Misread bars become commas after the word before them; printed bars stay to split.
        var out = tokens
        for i in bars.reversed() where tokens[i] != "|" {
            if !bars.contains(i - 1), !out[i - 1].hasSuffix(",") { out[i - 1] += "," }
            out.remove(at: i)
        }
        return out.joined(separator: " ")
    }

    /// Marks a wide gap inside a line as a separator (" | "): models that keep the printed
    /// spacing (`chi_sim`, whose config sets `preserve_interword_spaces`) write a run of spaces
    /// where the words stand far apart, such as a logo character left of the company name
    /// ("企     北京金龙贸易有限公司", TestImages: 4 of 29 Chinese cards read the logo into the
    /// company). Other models write single spaces, which are left alone.
    static func separateWideGaps(_ s: String) -> String {
        guard s.contains("   ") else { return s }
        return s.replacingOccurrences(of: "(?<=\\S) {3,}(?=\\S)", with: " | ", options: .regularExpression)
    }

    static func collapseSpaces(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// Words of a line: split at spaces and commas, outer punctuation trimmed, empty dropped.
    /// Brackets, quotes, punctuation, bullets and trade marks trimmed from a word's ends.
    static let wordMarks = CharacterSet(charactersIn: "()[]{}\"'“”‘’:;!?*·•®™©℠")

    static func words(_ s: String) -> [String] {
        s.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "/" || $0 == "|" })
            .map { $0.trimmingCharacters(in: wordMarks) }
            .filter { !$0.isEmpty }
    }

    /// Folded words with a trailing dot removed ("Str." -> "str"), for lexicon matching.
    static func foldedWords(_ s: String) -> [String] {
        words(s).map { fold($0) }.map { $0.hasSuffix(".") && $0.count > 1 ? String($0.dropLast()) : $0 }
    }

    /// Whether `run` occurs in `words` as consecutive words (an empty run does).
    static func containsRun(_ run: [String], in words: [String]) -> Bool {
        guard !run.isEmpty else { return true }
        guard words.count >= run.count else { return false }
        return (0...(words.count - run.count)).contains { Array(words[$0..<$0 + run.count]) == run }
    }

    /// Whether `text` holds `part` with at most one character replaced ("dulkit" holds "pulkit").
    static func containsWithOneSubstitution(_ text: String, _ part: String) -> Bool {
        let t = Array(text), p = Array(part)
        guard !p.isEmpty, t.count >= p.count else { return false }
        return (0...(t.count - p.count)).contains { start in
            var misses = 0
            for i in p.indices where t[start + i] != p[i] {
                misses += 1
                if misses > 1 { return false }
            }
            return true
        }
    }

    /// Similarity of two strings in 0...1 from their longest common substring, relative to the
    /// shorter string; cheap and good enough to compare names with email local parts.
    static func overlap(_ a: String, _ b: String) -> Double {
        let x = Array(a)
        let y = Array(b)
        guard !x.isEmpty, !y.isEmpty else { return 0 }
        var best = 0
        var previous = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            var current = [Int](repeating: 0, count: y.count + 1)
            for j in 1...y.count where x[i - 1] == y[j - 1] {
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
            }
            previous = current
        }
        return Double(best) / Double(min(x.count, y.count))
    }

    /// Repairs the commonest letter misread in words: a lower-case "l" read for a capital "I"
    /// at the start of a word ("lronbridge" -> "Ironbridge", "Vikram lyer" -> "Vikram Iyer").
    /// Applied when "l" is followed by a consonant no English word starts "l"+ with, or when the
    /// other words of the line are capitalised. Words with '@', '/' or inner dots are left alone.
    /// Also drops a stray apostrophe before a capitalised word ("'Vami" -> "Vami").
    static func repairLetters(_ s: String) -> String {
        let words = s.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let capitalised = words.filter { $0.first?.isLetter == true }.filter { $0.first?.isUppercase == true }
            .count
        let lettered = words.filter { $0.first?.isLetter == true }.count
        return words.map { w -> String in
            // A stray mark read as an apostrophe before a capitalised word ("'Vami Travel",
            // "Phạm 'Thanh Phương": accents of the line above): no word begins so.
            if let first = w.first, "'‘’`".contains(first), w.count >= 3,
                w.dropFirst().first?.isUppercase == true, w.dropFirst().allSatisfy(\.isLetter)
            {
                return String(w.dropFirst())
            }
            guard w.count >= 3, w.hasPrefix("l"), !w.contains("@"), !w.contains("/"),
                !w.dropLast().contains("."),
                w.allSatisfy({ $0.isLetter || $0 == "." || $0 == "," || $0 == "-" })
            else { return w }
            // A legal form in lower case ("pvt. ltd.", "ltda", "llc") is no misread capital.
            let bare = fold(w.trimmingCharacters(in: CharacterSet(charactersIn: ".,")))
            if Lexicons.shared.companyForms.contains(bare) { return w }
            let second = Array(w)[1]
            let impossible = second.isLetter && !"aeiouyläöüéèl".contains(second)
            let titleCaseLine = lettered >= 2 && capitalised == lettered - 1 && second.isLowercase
            return impossible || titleCaseLine ? "I" + w.dropFirst() : w
        }.joined(separator: " ")
    }

    /// Words after which "Al" is the abbreviation AI read with a lower-case l ("Cloud & Al
    /// Department", "Al Research Lab"): units and the work they do.
    static let unitsAfterAI: Set<String> = [
        "department", "dept", "lab", "labs", "laboratory", "research", "team", "division", "group", "center",
        "centre", "institute", "unit", "office", "platform", "solutions", "products", "engineering",
        "innovation", "strategy", "and", "&",
    ]

    /// "Cloud & Al Department" -> "Cloud & AI Department": a sans-serif capital I read as a
    /// lower-case l in "AI", in a title or unit, where the word stands after "&", "and" or "of"
    /// or before a unit word (or ends the line). "Al" before a name stays (the Arabic article
    /// of "Al Futtaim Group").
    static func repairAI(_ s: String) -> String {
        var words = s.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        for i in words.indices where words[i] == "Al" {
            let before = i > 0 ? fold(words[i - 1]) : ""
            let after =
                i + 1 < words.count ? fold(words[i + 1]).trimmingCharacters(in: .punctuationCharacters) : nil
            let joined = ["&", "and", "of", "for", "in"].contains(before)
            // Before a unit word, or after a joining word with nothing but punctuation or the end
            // of the line after it.
            if after.map(unitsAfterAI.contains) == true || (joined && (after ?? "").isEmpty) {
                words[i] = "AI"
            }
        }
        return words.joined(separator: " ")
    }

    /// "Bahnhofstrafe", "Landstrabe": 'ß' read as 'f', 'b', 'k' or 'B' by models without it.
    static func repairEszett(_ s: String) -> String {
        guard s.lowercased().contains("stra") else { return s }
        return s.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            var w = String(word)
            let trail = w.reversed().prefix(while: { $0 == "," || $0 == "." }).count
            let core = String(w.dropLast(trail))
            for bad in ["strafe", "strabe", "strake", "straBe", "strape", "strase", "stra8e", "strabe"]
            where core.lowercased().hasSuffix(bad.lowercased()) && core.count >= bad.count {
                w =
                    String(core.dropLast(bad.count))
                    + (core.dropLast(bad.count).isEmpty ? "Straße" : "straße") + String(w.suffix(trail))
                break
            }
            return w
        }.joined(separator: " ")
    }

    /// Characters `chi_sim` reads for a look-alike that names use, and that no given name uses
    /// itself: "恰" (just, exactly) for "怡" (joyful, as in 欣怡), TestImages: 2 of 29 Chinese
    /// cards. Applied to a value taken as a Chinese name only.
    static let hanNameConfusables: [Character: Character] = ["恰": "怡"]

    /// A Chinese name (all Han, 2-4 characters) with its confusable characters repaired.
    static func repairHanName(_ s: String) -> String {
        guard (2...4).contains(s.count), s.allSatisfy(isHan) else { return s }
        return String(s.map { hanNameConfusables[$0] ?? $0 })
    }

    /// The Japanese postal mark read as a letter, digit or sign before a postcode, or as two
    /// ("7T", "FT"): "T100-8270", "7 363-0008", "7T 150-0002", "FT 100-0005", "=450-0002" ->
    /// "〒100-8270", "〒363-0008", "〒150-0002", "〒100-0005", "〒450-0002". For Japanese cards only
    /// (a "T", "7" or "=" before a 123-4567 number means nothing else there; Japanese phone
    /// numbers start with 0).
    static func repairPostalMark(_ s: String) -> String {
        s.replacingOccurrences(
            of: #"(^|[\s:：])(?:FT|[T7〒=]{1,2}) ?([0-9]{3}-[0-9]{4})(?![0-9])"#, with: "$1〒$2",
            options: .regularExpression)
    }

    /// Only ASCII letters and digits, folded: "Acme Corp." -> "acmecorp".
    static func alphanumericKey(_ s: String) -> String {
        String(fold(s).filter { ($0.isASCII && ($0.isLetter || $0.isNumber)) })
    }

    /// German umlauts and ß as they are spelled where they cannot be written, in e-mail and web
    /// addresses: "Müller & Söhne" -> "Mueller & Soehne", "Straße" -> "Strasse".
    static func umlautsSpelledOut(_ s: String) -> String {
        let spelling: [Character: String] = [
            "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss",
        ]
        guard s.contains(where: { spelling[$0] != nil }) else { return s }
        return s.reduce(into: "") { out, c in out += spelling[c] ?? String(c) }
    }
}
