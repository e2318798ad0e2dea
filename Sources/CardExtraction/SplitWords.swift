import Foundation

/// Joins words that OCR split with spaces ("Inés Ca stillo", "Javier Ga rc ía- Lorca",
/// "NAKAM U RA") when the card's e-mail addresses spell them whole.
///
/// The evidence is strict: the joined letters must be one part of an e-mail's local part
/// (parts split at `.`, `_`, `-` and digits: "ines.castillo" -> "ines", "castillo"), or start
/// or end one ("garcia" in "garcialorca"), with at least four letters; and some piece after the
/// first must look like a fragment (lower-case start or at most two letters), so that two real
/// words ("Inés Castillo" beside "inescastillo@") stay apart.
enum SplitWords {
    /// The parts of e-mail local parts that names may be spelled from, folded to letters.
    static func evidence(fromEmails emails: [String]) -> [String] {
        emails.flatMap { email -> [String] in
            let local = Text.fold(email.split(separator: "@").first.map(String.init) ?? "")
            return local.split(whereSeparator: { !$0.isLetter }).map(String.init).filter { $0.count >= 4 }
        }
    }

    static func join(_ text: String, evidence: [String]) -> String {
        guard !evidence.isEmpty, text.contains(" ") else { return text }
        var tokens = text.split(separator: " ").map(String.init)
        func letters(_ s: some StringProtocol) -> String { Text.fold(String(s)).filter(\.isLetter) }
        func supported(_ core: String) -> Bool {
            core.count >= 4
                && evidence.contains { $0 == core || ($0.count > core.count && ($0.hasPrefix(core) || $0.hasSuffix(core))) }
        }
        func isFragment(_ token: String) -> Bool {
            let l = letters(token)
            return !l.isEmpty && (l.count <= 2 || token.first?.isLowercase == true)
        }
        var i = 0
        while i < tokens.count {
            var joined = false
            for width in stride(from: min(4, tokens.count - i), through: 2, by: -1) {
                let window = tokens[i..<(i + width)]
                // Letters and a trailing hyphen only: "ía-", never "Ltd." or "|".
                // Name particles are words of their own: "Lotte van den Berg" beside
                // lotte.vandenberg@ keeps its spaces.
                guard !window.contains(where: { LineScorer.nameParticles.contains($0.lowercased()) }),
                    window.allSatisfy({ t in t.allSatisfy { $0.isLetter || $0 == "-" } && t.first?.isLetter == true }),
                    window.dropFirst().contains(where: isFragment) || window.dropLast().last?.hasSuffix("-") == true,
                    supported(letters(window.joined()))
                else { continue }
                // "Zha NG" -> "Zhang": a mixed-case start keeps the rest lower-case.
                let first = window.first!
                let mixed = first.dropFirst().contains(where: \.isLowercase)
                let rest = window.dropFirst().map { t in
                    mixed && t.count <= 3 && t.allSatisfy(\.isUppercase) ? t.lowercased() : t
                }
                tokens.replaceSubrange(i..<(i + width), with: [first + rest.joined()])
                joined = true
                break
            }
            // "García- Lorca" -> "García-Lorca" when the e-mail spells both halves together.
            if i + 1 < tokens.count, tokens[i].hasSuffix("-"), tokens[i].count >= 3,
                tokens[i + 1].first?.isUppercase == true,
                evidence.contains(where: { $0.contains(letters(tokens[i] + tokens[i + 1])) })
            {
                tokens.replaceSubrange(i...(i + 1), with: [tokens[i] + tokens[i + 1]])
                continue
            }
            if !joined { i += 1 }
        }
        return tokens.joined(separator: " ")
    }
}

/// Corrects one misread letter in a company's words from the card's own domain: "Faicon
/// Biotech Ltd" beside falcon-biotech.com reads "Falcon Biotech Ltd".
enum DomainSpelling {
    /// The labels of e-mail and web hosts that may spell company words, split at hyphens
    /// ("falcon-biotech.com" -> "falcon", "biotech", "falconbiotech").
    static func words(fromHosts hosts: [String]) -> Set<String> {
        var out: Set<String> = []
        for host in hosts {
            var h = host.lowercased()
            if let scheme = h.range(of: "://") { h = String(h[scheme.upperBound...]) }
            h = String(h.prefix { $0 != "/" })
            let labels = h.split(separator: ".").filter { $0 != "www" }
            guard let name = labels.first else { continue }
            out.insert(String(name).replacingOccurrences(of: "-", with: ""))
            for piece in name.split(separator: "-") { out.insert(String(piece)) }
        }
        return out.filter { $0.count >= 5 }
    }

    /// `value` with each word of five or more letters that is one substituted letter away from
    /// a domain word respelled like it, keeping the printed case.
    static func repair(_ value: String, domainWords: Set<String>) -> String {
        guard !domainWords.isEmpty else { return value }
        return value.split(separator: " ", omittingEmptySubsequences: false).map { token -> String in
            let word = String(token)
            let core = word.trimmingCharacters(in: CharacterSet.letters.inverted)
            guard core.count >= 5, core.allSatisfy({ $0.isASCII && $0.isLetter }),
                !domainWords.contains(core.lowercased())
            else { return word }
            let lower = Array(core.lowercased())
            let matches = domainWords.filter { candidate in
                candidate.count == lower.count && zip(candidate, lower).filter { $0 != $1 }.count == 1
            }
            guard matches.count == 1, let fix = matches.first else { return word }
            let respelled = String(zip(core, fix).map { printed, wanted in
                printed.isUppercase ? Character(String(wanted).uppercased()) : wanted
            })
            return word.replacingOccurrences(of: core, with: respelled)
        }.joined(separator: " ")
    }
}
