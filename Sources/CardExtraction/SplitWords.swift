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
        // A capital and a small letter make a word of their own: the Vietnamese "Thu Ha" beside
        // thuha@ keeps its space, where "NAKAM U RA" and "Ca stillo" are pieces.
        func isFragment(_ token: String) -> Bool {
            let l = letters(token)
            let word = token.count == 2 && token.first!.isUppercase && token.last!.isLowercase
            return !l.isEmpty && ((l.count <= 2 && !word) || token.first?.isLowercase == true)
        }
        var i = 0
        while i < tokens.count {
            var joined = false
            for width in stride(from: min(4, tokens.count - i), through: 2, by: -1) {
                let window = tokens[i..<(i + width)]
                // Letters and a trailing hyphen only: "ía-", never "Ltd." or "|".
                // Name particles are words of their own: "Lotte van den Berg" beside
                // lotte.vandenberg@ keeps its spaces.
                let particles = Lexicons.shared.nameParticles
                guard !window.contains(where: { particles.contains($0.lowercased()) }),
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
