import Foundation

/// Corrects one misread letter in a company's words from the card's own domain: "Faicon
/// Biotech Ltd" beside falcon-biotech.com reads "Falcon Biotech Ltd".
enum DomainSpelling {
    /// The first labels of hosts (from `Contacts.host(ofSite:)`/`host(ofEmail:)`) that may spell
    /// company words, split at hyphens ("falcon-biotech.com" -> "falcon", "biotech",
    /// "falconbiotech"), four letters or more.
    static func words(fromHosts hosts: [String]) -> Set<String> {
        var out: Set<String> = []
        for host in hosts {
            guard let name = host.split(separator: ".").first else { continue }
            out.insert(String(name).replacingOccurrences(of: "-", with: ""))
            for piece in name.split(separator: "-") { out.insert(String(piece)) }
        }
        return out.filter { $0.count >= 4 }
    }

    /// `value` without a logo read as one or two letters before the word that starts the
    /// domain ("L HDFC Securities" beside hdfcsec.com): kept when the domain starts with it
    /// too ("A Plus Solutions", aplus.com).
    static func droppingLogoGlyph(_ value: String, domainWords: Set<String>) -> String {
        let words = value.split(separator: " ")
        guard words.count >= 2, (1...2).contains(words[0].count), words[0].allSatisfy(\.isLetter) else {
            return value
        }
        let glyph = words[0].lowercased()
        // A legal form printed before the name ("PT Nearix Indonesia") is no logo.
        guard !Lexicons.shared.leadingCompanyForms.contains(Text.fold(String(words[0]))) else { return value }
        let next = words[1].lowercased().filter(\.isLetter)
        guard next.count >= 3, domainWords.contains(where: { $0.hasPrefix(next) }),
            !domainWords.contains(where: { $0.hasPrefix(glyph) })
        else { return value }
        return words.dropFirst().joined(separator: " ")
    }

    /// `value` whose first word lost its first letters to a logo, a shadow or a panel edge, the
    /// domain spelling it whole ("avi Travel" beside vavi.com, "HWA" beside vishwa.co.in): one
    /// to three letters put back, in the printed word's case. A word the lexicons know ("Tech"
    /// beside hitech.com) is left as printed, and so is a name printed as one ("Smith" beside
    /// jsmith.com; "HWA" and "avi" are no such print).
    static func restoringLostStart(_ value: String, domainWords: Set<String>) -> String {
        guard let first = value.split(separator: " ").first.map(String.init) else { return value }
        let core = first.trimmingCharacters(in: CharacterSet.letters.inverted)
        let lower = core.lowercased()
        let titleCase = core.first?.isUppercase == true && core.dropFirst().allSatisfy(\.isLowercase)
        guard core.count >= 3, core.allSatisfy({ $0.isASCII && $0.isLetter }), first.hasPrefix(core),
            !domainWords.contains(lower), !Lexicons.shared.knows(Text.fold(core), names: titleCase)
        else { return value }
        let whole = domainWords.filter { $0.hasSuffix(lower) && (1...3).contains($0.count - lower.count) }
        guard whole.count == 1, let fix = whole.first, lower.count * 2 >= fix.count else { return value }
        let lost = String(fix.dropLast(lower.count))
        let restored = core.allSatisfy(\.isUppercase) && core.count >= 2
            ? lost.uppercased() : lost.prefix(1).uppercased() + lost.dropFirst()
        return restored + value
    }

    /// `value` with each word of five or more letters that is one substituted letter (one per
    /// five letters) away from a domain word respelled like it, keeping the printed case, after
    /// dropping a logo's letters before the domain's word (`droppingLogoGlyph`).
    static func repair(_ value: String, domainWords: Set<String>) -> String {
        guard !domainWords.isEmpty else { return value }
        let unglyphed = droppingLogoGlyph(value, domainWords: domainWords)
        let value = restoringLostStart(unglyphed, domainWords: domainWords)
        return value.split(separator: " ", omittingEmptySubsequences: false).map { token -> String in
            let word = String(token)
            if let letters = digitsAsLetters(word, domainWords: domainWords) { return letters }
            let core = word.trimmingCharacters(in: CharacterSet.letters.inverted)
            guard core.count >= 5, core.allSatisfy({ $0.isASCII && $0.isLetter }),
                !domainWords.contains(core.lowercased())
            else { return word }
            let lower = Array(core.lowercased())
            // Longer words may differ in more letters: one per five (a wordmark in display type
            // read "Motiersandmounts" for holdersandmounts, three letters off in sixteen).
            let allowed = max(1, lower.count / 5)
            let matches = domainWords.filter { candidate in
                candidate.count == lower.count && (1...allowed).contains(zip(candidate, lower).filter { $0 != $1 }.count)
            }
            // Letters OCR reads as two ("Udgarn" for udgam): the domain's spelling, its case
            // taken from the printed word's first letter and the rest.
            if matches.isEmpty, let fix = domainWords.sorted().first(where: {
                $0.count != lower.count && confusable($0) == confusable(String(lower))
            }) {
                let respelled =
                    core.allSatisfy(\.isUppercase)
                    ? fix.uppercased()
                    : core.first?.isUppercase == true ? fix.prefix(1).uppercased() + fix.dropFirst() : fix
                return word.replacingOccurrences(of: core, with: respelled)
            }
            guard matches.count == 1, let fix = matches.first else { return word }
            let respelled = String(zip(core, fix).map { printed, wanted in
                printed.isUppercase ? Character(String(wanted).uppercased()) : wanted
            })
            return word.replacingOccurrences(of: core, with: respelled)
        }.joined(separator: " ")
    }

    /// The letters OCR reads as each digit: `Phones.digitConfusions` turned round ("1": i, l).
    static let lettersReadAsDigits: [Character: [Character]] = Dictionary(
        grouping: Phones.digitConfusions.filter { $0.key.isLetter }.map { (digit: $0.value, letter: $0.key) },
        by: \.digit
    ).mapValues { Array(Set($0.map { Character($0.letter.lowercased()) })) }

    /// Letters OCR read as digits in a word the domain spells ("1xix Travel" beside ixix.vn,
    /// "HAR0N" beside haron.com): the word with the domain's letters in their place, capitals
    /// where the word is in capitals or starts; nil when no domain word reads so.
    static func digitsAsLetters(_ word: String, domainWords: Set<String>) -> String? {
        let letters = lettersReadAsDigits
        let core = word.trimmingCharacters(in: CharacterSet.alphanumerics.inverted)
        guard core.count >= 4, core.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
            core.contains(where: \.isNumber), core.filter(\.isLetter).count >= 2,
            core.allSatisfy({ $0.isLetter || letters[$0] != nil })
        else { return nil }
        let lower = Array(core.lowercased())
        let capitals = core.filter(\.isLetter).allSatisfy(\.isUppercase)
        let found = domainWords.filter { candidate in
            candidate.count == lower.count && zip(candidate, lower).allSatisfy { wanted, printed in
                wanted == printed || (letters[printed]?.contains(wanted) ?? false)
            }
        }
        guard found.count == 1, let fix = found.first else { return nil }
        let respelled = String(zip(core, fix).enumerated().map { n, pair -> Character in
            let (printed, wanted) = pair
            if printed.isLetter { return printed }
            return capitals || n == 0 ? Character(String(wanted).uppercased()) : wanted
        })
        return word.replacingOccurrences(of: core, with: respelled)
    }

    /// A spelling in which letter pairs OCR confuses with one letter are that letter ("rn" and
    /// "m", "vv" and "w"), for comparing a printed word with a domain label.
    static func confusable(_ s: String) -> String {
        s.lowercased().replacingOccurrences(of: "rn", with: "m").replacingOccurrences(of: "vv", with: "w")
    }
}
