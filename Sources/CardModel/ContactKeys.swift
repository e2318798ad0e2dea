import Foundation

/// Keys that make "the same person" comparable: folded case and accents, no punctuation, no
/// legal forms. The store keeps them beside each contact (`name_key`, `company_key`) for
/// duplicate detection; the extractor's QR merge uses the same edit distance.
extension ContactNormalizer {
    /// Words of a text, folded (case, accents), letters and digits only.
    public static func words(_ text: String) -> [String] {
        let folded = text.folding(
            options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        return folded.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }

    /// A person's name as sorted folded words ("Smith, John" and "john smith" agree).
    public static func nameKey(_ name: String?) -> String {
        guard let name else { return "" }
        return words(name).sorted().joined(separator: " ")
    }

    static let legalSuffixes: Set<String> = [
        "inc", "incorporated", "llc", "ltd", "limited", "gmbh", "ag", "co", "corp", "corporation", "company",
        "sa", "sas", "sarl", "bv", "nv", "plc", "kg", "oy", "ab", "srl", "spa", "pty", "the",
    ]

    /// A company name without legal-form words and punctuation ("ACME, Inc." is "acme").
    public static func companyKey(_ company: String?) -> String {
        guard let company else { return "" }
        let kept = words(company).filter { !legalSuffixes.contains($0) }
        return kept.joined(separator: " ")
    }

    /// True when two name keys are the same person at a glance: equal, one edit per 6
    /// characters apart (OCR slips), or the same surname with matching initials ("J Smith").
    public static func namesAreClose(_ a: String, _ b: String) -> Bool {
        guard !a.isEmpty, !b.isEmpty else { return false }
        if a == b { return true }
        let limit = max(1, min(a.count, b.count) / 6)
        if abs(a.count - b.count) <= limit, editDistance(Array(a), Array(b), limit: limit) <= limit {
            return true
        }
        let wa = a.split(separator: " ")
        let wb = b.split(separator: " ")
        guard wa.count >= 2, wb.count >= 2 else { return false }
        // Same set of long words, and every short word (an initial) matches a word's first letter.
        let longA = Set(wa.filter { $0.count > 1 })
        let longB = Set(wb.filter { $0.count > 1 })
        let (small, large) = longA.count <= longB.count ? (longA, longB) : (longB, longA)
        guard !small.isEmpty, small.isSubset(of: large) else { return false }
        let rest = large.subtracting(small)
        let initials = (wa + wb).filter { $0.count == 1 }.compactMap(\.first)
        return rest.allSatisfy { word in initials.contains { $0 == word.first } }
    }

    /// Edit distance, giving up (returning limit + 1) once it exceeds `limit`.
    public static func editDistance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
