import Foundation
import CardModel

/// Emails and websites found in one segment, after OCR repair.
struct ContactMatches: Sendable {
    var emails: [String] = []
    var websites: [String] = []
    /// Characters of the segment the matches account for, to tell contact lines from others.
    var coveredCharacters = 0
}

enum Contacts {
    /// Top-level domains accepted for websites without `www.` or a scheme: generic ones plus
    /// every country code (two letters).
    static let genericTLDs: Set<String> = [
        "com", "net", "org", "info", "biz", "edu", "gov", "io", "ai", "app", "dev", "tech", "co",
        "online", "site", "store", "shop", "cloud", "design", "agency", "studio", "solutions", "group",
        "global", "media", "digital", "consulting", "law", "health", "bank", "asia", "eu", "name", "pro",
    ]

    /// A generic top-level domain or a country's (two letters that name no country, "ny" in a
    /// misread "facebook.co.ny", are none).
    static func isTLD(_ s: String) -> Bool {
        let t = s.lowercased()
        return genericTLDs.contains(t) || Lexicons.shared.countryCodeDomains.contains(t)
    }

    /// Any top-level domain of the root zone ("startups.aws", "kyoto.travel"): for a web address
    /// that says it is one (`www.`, a scheme, a web label). Without those the short list of
    /// `isTLD` holds, or "Pvt.Ltd" and "Co.Inc" would be websites (`.ltd` and `.inc` exist).
    static func isRootZoneTLD(_ s: String) -> Bool {
        isTLD(s) || Lexicons.shared.topLevelDomains.contains(s.lowercased())
    }

    /// Labels that stand before a country code in second-level domains ("co.uk", "ne.jp",
    /// "com.br", "or.kr").
    static let secondLevelLabels: Set<String> = [
        "co", "ne", "or", "ac", "go", "ed", "com", "net", "org", "edu", "gov",
    ]

    /// The common top-level domain a label that is none of the root zone's is a misreading of:
    /// within one letter of "com", "net" or "org", itself or its first three letters
    /// ("facebook.cony", "acme.con", "x.orq"); nil when it is a real TLD or near none of them.
    static func nearestCommonTLD(_ label: String) -> String? {
        guard (3...4).contains(label.count), !isRootZoneTLD(label) else { return nil }
        let near = ["com", "net", "org"].filter { tld in
            ContactNormalizer.editDistance(Array(label), Array(tld), limit: 1) <= 1
                || label.count == 4
                    && ContactNormalizer.editDistance(Array(label.prefix(3)), Array(tld), limit: 1) <= 1
        }
        return near.count == 1 ? near[0] : nil
    }

    /// Fixes OCR misreads of common top-level domains ("acme.corn" -> "acme.com").
    static func repairTLD(_ host: String) -> String {
        var labels = host.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let last = labels.last else { return host }
        let fixes = [
            "corn": "com", "c0m": "com", "conn": "com", "cpm": "com", "comn": "com", "c om": "com",
            "0rg": "org", "orq": "org", "nct": "net", "ne t": "net", "corn.cn": "com.cn",
        ]
        if let fixed = fixes[last.lowercased()] { labels[labels.count - 1] = fixed }
        // A bracket or bar after ".com" read as a letter ("contoso.coml", "x.com1"): not "co.ml".
        if labels.count >= 2, labels[labels.count - 1].count == 4,
            labels[labels.count - 1].lowercased().hasPrefix("com"),
            let glyph = labels[labels.count - 1].last, "l1iI|".contains(glyph)
        {
            labels[labels.count - 1] = String(labels[labels.count - 1].prefix(3))
        }
        // A lost dot before a country code: "meridian.combr" -> "meridian.com.br", "x.couk" -> "x.co.uk"
        let lower = labels[labels.count - 1].lowercased()
        for generic in ["com", "net", "org", "gov", "edu", "co", "ac"]
        where labels.count >= 2 && lower.hasPrefix(generic) {
            let country = lower.dropFirst(generic.count)
            if country.count == 2, country != "om", lower != "co", !genericTLDs.contains(lower),
                Lexicons.shared.countryCodeDomains.contains(String(country))
            {
                labels[labels.count - 1] = generic
                labels.append(String(country))
                break
            }
        }
        // A lost dot before "edu" or "gov" of a country's second level: "arar.edu.au" read
        // "araredu.au", "nrsc.gov.in" read "nrscgov.in" (few words end in either; "com" and "net"
        // do: "telecom", "planet").
        if labels.count >= 2, labels[labels.count - 1].count == 2,
            Lexicons.shared.countryCodeDomains.contains(labels[labels.count - 1].lowercased())
        {
            let before = labels[labels.count - 2]
            for generic in ["edu", "gov"]
            where before.count >= generic.count + 2 && before.lowercased().hasSuffix(generic) {
                labels[labels.count - 2] = String(before.dropLast(generic.count))
                labels.insert(String(before.suffix(generic.count)), at: labels.count - 1)
                break
            }
        }
        // Any other misreading of com, net or org ("facebook.cony"), after the lost dots.
        if labels.count >= 2, let fixed = nearestCommonTLD(labels[labels.count - 1].lowercased()) {
            labels[labels.count - 1] = fixed
        }
        return labels.joined(separator: ".")
    }

    /// `email` with its local part spelled as the card's `name` where OCR slipped
    /// ("stetimayer.siegtried" under "Siegfried Stettmayer"): the name, printed larger, is read
    /// better than the small e-mail line. A piece of the local part (between dots, hyphens and
    /// underscores) of five or more lower-case letters takes the spelling of the one name word of
    /// its length within one letter (two for nine or more); other pieces stay as printed.
    static func repairLocalPart(_ email: String, name: String) -> String {
        guard var at = email.firstIndex(of: "@") else { return email }
        var email = repairDigitTail(repairInitial(email, name: name), name: name)
        // A mail icon read as a digit glued to the address ("8hiroshi.nakamura@", "2andreo30@"
        // beside the name Hiroshi Nakamura, André Oliveira): the digits go when a name word
        // follows them.
        let words = name.split(whereSeparator: { !$0.isLetter }).map { Text.fold(String($0)) }
            .filter { $0.count >= 4 && $0.allSatisfy { $0.isASCII } }
        let lead = email.prefix { $0.isNumber }
        if (1...2).contains(lead.count),
            words.contains(where: { email.dropFirst(lead.count).lowercased().hasPrefix($0) })
        {
            email = String(email.dropFirst(lead.count))
            at = email.firstIndex(of: "@") ?? email.startIndex
        }
        let nameWords = words.filter { $0.count >= 5 }
        guard !nameWords.isEmpty else { return email }
        let known = Lexicons.shared.isNameWord
        var local = ""
        var piece = ""
        func flush() {
            defer { piece = "" }
            guard piece.count >= 5, piece.allSatisfy({ $0.isLetter && $0.isLowercase && $0.isASCII }),
                !nameWords.contains(piece)
            else { local += piece; return }
            let limit = piece.count >= 9 ? 2 : 1
            let near = nameWords.filter {
                $0.count == piece.count && ContactNormalizer.editDistance(Array($0), Array(piece), limit: limit) <= limit
            }
            // A piece that is itself a known name, beside a name word that is not, was read
            // right where the name was not ("daniel.silva@" under "Dantel Carlos").
            local += near.count == 1 && !(known(piece) && !known(near[0])) ? near[0] : piece
        }
        for c in email[..<at] {
            if ".-_".contains(c) { flush(); local.append(c) } else { piece.append(c) }
        }
        flush()
        return local + email[at...]
    }

    /// `email` whose local part is a name word (with another name word's initial) or a role
    /// word and then a number, a digit of the number read as the letter OCR confuses it with:
    /// "kirants8@" under "Kiran Thakur" is kirant58, "infos9@" info59, "sakuratl0@" under
    /// "Sakura Tanaka" sakurat10. The letter must be beside a digit, and no initial of the name
    /// ("nuris4@" under "Nuri Sahin" stays). Role words need no name (`repairDigitTail` is also
    /// called on cards without one).
    static func repairDigitTail(_ email: String, name: String) -> String {
        guard let at = email.firstIndex(of: "@") else { return email }
        let local = String(email[..<at])
        let asDigit: [Character: Character] = ["s": "5", "S": "5", "l": "1", "I": "1", "o": "0", "O": "0"]
        // The last two characters, a digit and a letter: "s22" may be an unprinted initial and
        // 22 ("bhavnas22@" under "N. Bhavna"), "s8" is rarely an initial and one digit.
        let tail = String(local.suffix(2))
        guard tail.count == 2, tail.allSatisfy({ $0.isNumber || asDigit[$0] != nil }),
            tail.contains(where: \.isNumber), tail.contains(where: \.isLetter),
            local.dropLast(2).last?.isNumber != true
        else { return email }
        let core = local.dropLast(tail.count).lowercased()
        let words = name.split(whereSeparator: { !$0.isLetter }).map { Text.fold(String($0)) }
            .filter { $0.allSatisfy { $0.isASCII && $0.isLetter } }
        var prefixes = CardContext.roleLocalParts
        for (i, word) in words.enumerated() where word.count >= 3 {
            prefixes.insert(word)
            for (j, other) in words.enumerated() where j != i {
                other.first.map { prefixes.insert(word + String($0)) }
            }
        }
        guard prefixes.contains(core) else { return email }
        // A letter that would make the core one letter longer and still a prefix is the name's
        // initial, not a digit.
        if let first = tail.first, first.isLetter, prefixes.contains(core + String(first).lowercased()) {
            return email
        }
        return String(local.dropLast(tail.count)) + String(tail.map { asDigit[$0] ?? $0 }) + email[at...]
    }

    /// `email` whose local part is a name word and an initial, the initial read as a letter OCR
    /// confuses it with (i, l, 1): "ithompson@" under "Lauren Thompson", "itran@" under "Trần
    /// Ngọc Linh", "linhi72@" under "Lê Đức Linh". The initial becomes the first letter of the
    /// one other name word that starts with a confusable letter, when no name word starts with
    /// the letter read.
    static func repairInitial(_ email: String, name: String) -> String {
        guard let at = email.firstIndex(of: "@") else { return email }
        let confusable: Set<Character> = ["i", "l", "1"]
        let words = name.split(whereSeparator: { !$0.isLetter }).map { Text.fold(String($0)) }
            .filter { $0.count >= 2 && $0.allSatisfy { $0.isASCII && $0.isLetter } }
        let local = String(email[..<at])
        let digits = local.reversed().prefix { $0.isNumber }.count
        let core = local.dropLast(digits)
        for word in words where word.count >= 3 && core.count == word.count + 1 {
            let initialFirst = core.hasSuffix(word)
            guard initialFirst || core.hasPrefix(word),
                let read = initialFirst ? core.first : core.last, confusable.contains(read),
                !words.contains(where: { $0.first == read })
            else { continue }
            let candidates = Set(words.filter { $0 != word }.compactMap(\.first).filter(confusable.contains))
            guard candidates.count == 1, let initial = candidates.first else { continue }
            let repaired = initialFirst ? String(initial) + word : word + String(initial)
            return repaired + local.suffix(digits) + email[at...]
        }
        return email
    }

    /// Emails and websites of all segments, each with the index of the segment it came from
    /// (first occurrence wins), and how many characters of each segment they account for.
    static func collect(_ segments: [Segment]) -> (
        emails: [(String, Int)], websites: [(String, Int)], cover: [Int]
    ) {
        var emails: [(String, Int)] = []
        var websites: [(String, Int)] = []
        var cover = [Int](repeating: 0, count: segments.count)
        var joined: Set<Int> = []
        for (i, segment) in segments.enumerated() {
            if joined.contains(i) {
                cover[i] = segment.text.count
                continue
            }
            var text = segment.text
            if let rest = emailRest(after: i, in: segments) {
                text = text.trimmingCharacters(in: .whitespaces) + rest
                joined.insert(i + 1)
            }
            let found = find(in: text, label: segment.label)
            for e in found.emails where !emails.contains(where: { $0.0 == e }) { emails.append((e, i)) }
            for w in found.websites where !websites.contains(where: { $0.0.lowercased() == w.lowercased() }) {
                websites.append((w, i))
            }
            cover[i] = found.coveredCharacters
        }
        return (emails, websites, cover)
    }

    /// The rest of an e-mail address that OCR read as the next piece on its row: a piece that
    /// ends an address's head ("harutoy88@", "takeshi.saito@belri.") and the piece right beside
    /// it, marks that OCR made of the gap dropped (")mailbox.ne.jp", ".ac.uk"); nil otherwise.
    static func emailRest(after i: Int, in segments: [Segment]) -> String? {
        let head = segments[i].text.trimmingCharacters(in: .whitespaces)
        guard i + 1 < segments.count, let at = head.firstIndex(of: "@"), head.last == "@" || head.last == ".",
            !head[head.index(after: at)...].contains(" ")
        else { return nil }
        let next = segments[i + 1]
        guard AddressFinder.isRowMate(segments[i], next, similarSize: false),
            next.box.x >= segments[i].box.maxX - 4
        else { return nil }
        let rest = next.text.trimmingCharacters(in: .whitespaces).drop { !$0.isLetter && !$0.isNumber }
        guard let first = rest.split(separator: " ").first, first.contains("."), !first.contains("@")
        else { return nil }
        return String(first)
    }

    /// A web address whose host lost its dots ("www.kadorin", "http://ruarcom") is no website
    /// by its look; when the letters after its `www.` or scheme spell an e-mail host of the card
    /// without its dots (kador.in, ruar.com), it is that host's website. Only segments that
    /// hold nothing else of contact data, one such token each.
    static func addDotlessSites(
        emails: [(String, Int)], websites: inout [(String, Int)], cover: inout [Int], segments: [Segment]
    ) {
        let hosts = Set(emails.map { host(ofEmail: $0.0) })
        guard !hosts.isEmpty else { return }
        let known = Set(websites.map { host(ofSite: $0.0) })
        for (i, segment) in segments.enumerated() where cover[i] == 0 {
            let tokens = segment.text.split(separator: " ")
            guard tokens.count == 1, let token = tokens.first.map({ String($0).lowercased() }) else {
                continue
            }
            // The scheme and `www.` as `host(ofSite:)` drops them; a host without them is no address.
            let rest = host(ofSite: token)
            guard token.hasSuffix(rest), rest != token, !rest.contains("."), rest.count >= 4 else { continue }
            let prefix = String(token.dropLast(rest.count))
            guard let host = hosts.first(where: { $0.replacingOccurrences(of: ".", with: "") == rest }),
                !known.contains(host)
            else { continue }
            websites.append((prefix + host, i))
            cover[i] = segment.text.count
        }
    }

    /// Makes email and website hosts agree when OCR misread one of them: hosts that differ by
    /// one or two characters ("changgingtech.com.cn" / "changqingtech.com.cn") are the same
    /// host, and the spelling with more support wins: more occurrences, a line of the card
    /// that contains its name (the company), then the higher OCR confidence.
    /// The host of a website without scheme, `www.` and path: "https://www.x.com/a" -> "x.com".
    static func host(ofSite site: String) -> String {
        var t = site.lowercased()
        if let r = t.range(of: "://") { t = String(t[r.upperBound...]) }
        if t.hasPrefix("www.") { t.removeFirst(4) }
        return String(t.split(separator: "/").first ?? "")
    }

    /// The host of an e-mail address: "jane@x.com" -> "x.com".
    static func host(ofEmail email: String) -> String {
        String(email.split(separator: "@").last ?? "").lowercased()
    }

    static func reconcileHosts(
        emails: inout [(String, Int)], websites: inout [(String, Int)], segments: [Segment]
    ) {
        // An address printed whole (an e-mail's '@', a site's "www." or scheme) is likelier read
        // right than a bare host, which may be an e-mail whose '@' OCR read as a letter
        // ("ayur Qudgam.org" for mayur@udgam.org beside www.udgam.org).
        func isWhole(_ site: String) -> Bool {
            let lower = site.lowercased()
            return lower.hasPrefix("www.") || lower.contains("://")
        }
        var sources: [(host: String, confidence: Double, whole: Bool)] = []
        for (e, i) in emails {
            if let h = e.split(separator: "@").last {
                sources.append((String(h), segments[i].confidence, true))
            }
        }
        for (w, i) in websites { sources.append((host(ofSite: w), segments[i].confidence, isWhole(w))) }
        let hosts = Array(Set(sources.map(\.host))).sorted()
        guard hosts.count > 1 else { return }
        let textLines = segments.filter { !showsContactAddress($0.text) }
        let keyTexts = textLines.filter { $0.text.contains(" ") }.map { Text.alphanumericKey($0.text) }
        // Words the card prints whole, a wordmark alone on its line too ("LENAN" over "Travel"):
        // a host named by one beats a host OCR cut from it ("enan.com.br"), which the same
        // line also spells in part.
        let printedWords = Set(textLines.flatMap { Text.foldedWords($0.text).map(Text.alphanumericKey) })
        func support(_ h: String) -> Double {
            let mine = sources.filter { $0.host == h }
            let name =
                h.split(separator: ".").first.map(String.init)?.replacingOccurrences(of: "-", with: "") ?? ""
            // How much of the name a line of the card spells out ("Changqing" in the company).
            let named =
                name.count >= 4
                ? keyTexts.map {
                    Text.overlap($0, name) * Double(min($0.count, name.count)) / Double(name.count)
                }.max() ?? 0 : 0
            let printedWhole = printedWords.contains(Text.alphanumericKey(name)) ? 1.0 : 0
            let whole = mine.contains(where: \.whole) ? 0.5 : 0
            return Double(mine.count) + named + printedWhole + whole + mine.map(\.confidence).reduce(0, +)
                / Double(max(1, mine.count))
        }
        var replacement: [String: String] = [:]
        // Hosts that differ in their top-level domain alone are one host when a letter went
        // missing or was misread ("acme.co" for acme.com), not when both are whole domains of
        // their own ("acme.io" beside acme.com).
        func sameName(_ a: String, _ b: String) -> Bool {
            let (la, lb) = (a.split(separator: "."), b.split(separator: "."))
            guard la.count == lb.count, la.dropLast() == lb.dropLast(), let ta = la.last, let tb = lb.last
            else { return true }
            return ContactNormalizer.editDistance(Array(ta), Array(tb), limit: 1) <= 1
        }
        for a in hosts {
            for b in hosts
            where a < b && min(a.count, b.count) >= 6
                && ContactNormalizer.editDistance(Array(a), Array(b), limit: 2) <= 2 && sameName(a, b)
            {
                let (winner, loser) = support(a) >= support(b) ? (a, b) : (b, a)
                replacement[loser] = winner
            }
        }
        guard !replacement.isEmpty else { return }
        emails = emails.map { (e, i) in
            let parts = e.split(separator: "@", maxSplits: 1).map(String.init)
            guard parts.count == 2, let fixed = replacement[parts[1]] else { return (e, i) }
            return (parts[0] + "@" + fixed, i)
        }
        let wholeHosts = Set(websites.filter { isWhole($0.0) }.map { host(ofSite: $0.0) })
        websites = websites.compactMap { (w, i) in
            let h = host(ofSite: w)
            guard let fixed = replacement[h], let range = w.range(of: h, options: .caseInsensitive) else {
                return (w, i)
            }
            // A bare host misread from the site printed whole beside it is that site again.
            if !isWhole(w), w.lowercased() == h, wholeHosts.contains(fixed) { return nil }
            return (w.replacingCharacters(in: range, with: fixed), i)
        }
    }

    /// Whether a line shows an e-mail or web address ('@', "www", a scheme): contact data, not a
    /// line of text that may spell a name.
    static func showsContactAddress(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.contains("@") || lower.contains("www") || lower.contains("://")
    }

    /// Puts back the letter `repairWWW` took for a misread dot ("wwwrava.com.br" read as
    /// www.ava.com.br) when a line of the card spells the name with it ("rava" over
    /// "Consulting"): the dot was lost, not misread. With no such line the dot stays read as the
    /// letter ("wwwaatlas.com", www.atlas.com).
    static func restoreLetterAfterWWW(websites: inout [(String, Int)], segments: [Segment]) {
        let lineKeys = segments.filter { !showsContactAddress($0.text) }.map { Text.alphanumericKey($0.text) }
        websites = websites.map { (site, i) in
            let host = host(ofSite: site)
            let printed = segments[i].text.lowercased()
            let pattern = "www[a-z]" + NSRegularExpression.escapedPattern(for: host)
            guard site.lowercased().contains("www." + host), let label = host.split(separator: ".").first,
                !printed.contains("www." + host),
                let found = printed.range(of: pattern, options: .regularExpression),
                let letter = printed[found].dropFirst(3).first
            else { return (site, i) }
            let spelled = String(letter) + label
            guard lineKeys.contains(where: { $0.contains(spelled) }),
                let range = site.range(of: host, options: .caseInsensitive)
            else { return (site, i) }
            return (site.replacingCharacters(in: range, with: String(letter) + host), i)
        }
    }

    /// Joins an email address broken over two lines ("sanjay.desai@larkspu" + "r-robotics.io"):
    /// when the address on one segment has no dot in its host, the first word of the segment
    /// below (or next) completes it if that makes a host with a top-level domain.
    static func joinWrappedEmails(_ segments: [Segment]) -> [Segment] {
        var result = segments
        var i = 0
        while i < result.count {
            let text = result[i].text
            guard let last = text.split(separator: " ").last, let at = last.firstIndex(of: "@") else {
                i += 1
                continue
            }
            let host = last[last.index(after: at)...]
            guard !host.contains(".") || host.hasSuffix(".") || host.hasSuffix("-") else {
                i += 1
                continue
            }
            let below = result.indices.filter { $0 != i && AddressFinder.isBelow(result[$0], result[i]) }
                .min { result[$0].box.y < result[$1].box.y }
            guard let j = below ?? (i + 1 < result.count ? i + 1 : nil),
                let next = result[j].text.split(separator: " ").first,
                next.unicodeScalars.allSatisfy({ hostCharacters.contains($0) }), next.contains("."),
                let tld = next.split(separator: ".").last, isTLD(String(tld))
            else {
                i += 1
                continue
            }
            result[i].text += next
            let rest = result[j].text.dropFirst(next.count).trimmingCharacters(in: .whitespaces)
            if rest.isEmpty {
                result.remove(at: j)
                if j < i { i -= 1 }
            } else {
                result[j].text = rest
            }
            i += 1
        }
        return result
    }

    /// Restores a scheme OCR clipped: "https:/www.x" -> "https://www.x", "ttps://x" -> "https://x",
    /// a scheme cut to its last letters ("p://", "tps://") whole again, after dropping an icon
    /// read as marks before the address or after its scheme (`dropIconMarks`).
    static func repairScheme(_ token: String) -> String {
        var token = dropIconMarks(token)
        // "hitps://", "hittps:/", "htps://": a misread scheme before "://" or ":/"
        if let colon = token.firstIndex(of: ":"), token.distance(from: token.startIndex, to: colon) <= 6,
            token[colon...].hasPrefix(":/")
        {
            let scheme = token[..<colon].lowercased()
            let known = [
                "hitps", "hittps", "htps", "httsp", "hltps", "nttps", "htttps", "https", "hitp", "hittp",
                "htp", "http", "nttp", "bttps",
            ]
            // Any other scheme one letter away from "http" or "https" ("hutp", "htlp") as well.
            let near = ["http", "https"].contains {
                ContactNormalizer.editDistance(Array(scheme), Array($0), limit: 1) <= 1
            }
            if known.contains(scheme) || (scheme.count >= 3 && near) {
                let rest = token[colon...].drop(while: { $0 == ":" || $0 == "/" })
                token = (scheme.contains("s") ? "https://" : "http://") + rest
            } else if scheme.count < 4, token[colon...].hasPrefix("://"),
                "https".hasSuffix(scheme) || "http".hasSuffix(scheme)
            {
                // "p://", "tps://": the scheme's first letters cut off with an icon before them.
                token = (scheme.hasSuffix("s") ? "https" : "http") + token[colon...]
            }
        }
        let lower = token.lowercased()
        for (broken, fixed) in [
            ("https:/", "https://"), ("http:/", "http://"), ("ttps://", "https://"), ("https//", "https://"),
            ("http//", "http://"),
            ("https:ll", "https://"), ("https:\\\\", "https://"),
        ]
        where lower.hasPrefix(broken) && !lower.hasPrefix(fixed) {
            return fixed + token.dropFirst(broken.count)
        }
        return token
    }

    /// Drops marks before a web address ("@www.x", "/www.x", "(p://x") and between its scheme
    /// and host ("https://(www.x"): the globe or link icon read as punctuation. A token whose
    /// marks lead to anything but `www` or a scheme is left alone.
    static func dropIconMarks(_ token: String) -> String {
        var token = Substring(token)
        let isMark: (Character) -> Bool = { !$0.isLetter && !$0.isNumber }
        if let first = token.first, isMark(first) {
            let rest = token.drop(while: isMark)
            let lower = rest.lowercased()
            let startsScheme = lower.range(of: #"^[a-z]{0,5}://"#, options: .regularExpression) != nil
            if lower.hasPrefix("www.") || startsScheme { token = rest }
        }
        if let range = token.range(of: "://") {
            let host = token[range.upperBound...]
            if let first = host.first, isMark(first) {
                let rest = host.drop(while: isMark)
                if rest.first.map({ $0.isLetter || $0.isNumber }) == true {
                    token = token[..<range.upperBound] + rest
                }
            }
        }
        return String(token)
    }

    /// Repairs "www" misreads: "avww." / "vww." -> "www.", "www-x" / "www,x" -> "www.x",
    /// "wwwaatlas.com" (a dot read as a letter) -> "www.atlas.com", "larkspurcom.br" ->
    /// "larkspur.com.br".
    static func repairWWW(_ token: String) -> String {
        var t = token
        var prefix = ""
        if let range = t.range(of: "://") {
            prefix = String(t[..<range.upperBound])
            t = String(t[range.upperBound...])
        }
        let lower = t.lowercased()
        for broken in [
            "awww.", "wwww.", "vwww.", "avww.", "vww.", "ww.", "wvw.", "vvww.", "wwvv.", "mww.", "wmw.",
            "vvw.",
        ]
        where lower.hasPrefix(broken) && !lower.hasPrefix("www.") {
            t = "www." + t.dropFirst(broken.count)
            break
        }
        // Any run of w, v, m and n standing for it before two or more labels
        // ("WWwWw.midlandici.com.hk", "NWW.zovira.com.br").
        if let dot = t.firstIndex(of: "."), t[t.index(after: dot)...].contains("."),
            case let head = t[..<dot].lowercased(), head != "www", (3...6).contains(head.count),
            head.allSatisfy({ "wvmn".contains($0) }), head.filter({ $0 == "w" }).count >= 2
        {
            t = "www" + t[dot...]
        }
        if t.lowercased().hasPrefix("www"), t.count > 5 {
            let chars = Array(t)
            let separators: Set<Character> = ["-", ",", " ", "."]
            if separators.contains(chars[3]) && chars[3] != "." || chars[3] == "." && separators.contains(chars[4]) {
                // "www-x", "www,x", "www-.x", "www.,x"
                t = "www." + String(chars[4...].drop(while: { separators.contains($0) }))
            } else if chars[3] != ".", let dot = t.firstIndex(of: "."),
                t.distance(from: t.startIndex, to: dot) > 5
            {
                // "wwwaatlas.com": the fourth character stands where the dot was
                t = "www." + String(chars[4...])
            }
        }
        var labels = t.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if labels.count >= 2, let last = labels.last, last.count == 2, labels[labels.count - 2].count > 5,
            labels[labels.count - 2].lowercased().hasSuffix("com"),
            !labels.dropLast().contains(where: { $0.lowercased() == "com" })
        {
            let sld = labels[labels.count - 2]
            labels[labels.count - 2] = String(sld.dropLast(3)) + "." + String(sld.suffix(3))
            t = labels.joined(separator: ".")
        }
        return prefix + t
    }

    static let emailCharacters = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
    static let hostCharacters = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")

    /// Undoes spacing and symbol misreads around an email: "jane . doe @ acme . com",
    /// "jane(at)acme.com", "jane©acme.com".
    static func repairEmailText(_ s: String) -> String {
        var t = s
        for at in ["(at)", "[at]", "{at}", " at ", "(AT)", "[AT]", "＠"] where t.contains(at) {
            if at == " at " && t.contains("@") { continue }
            if at == " at " {
                // only "name at domain.tld", never prose
                let parts = t.components(separatedBy: " at ")
                guard parts.count == 2, !parts[0].contains(" "), parts[1].contains("."),
                    !parts[1].contains(" ")
                else { continue }
            }
            t = t.replacingOccurrences(of: at, with: "@")
        }
        // A symbol glued to a real '@' ("menon®@bluestone.uk", read so by the Latin model).
        for glued in ["®@", "©@", "@®", "@©"] where t.contains(glued) {
            t = t.replacingOccurrences(of: glued, with: "@")
        }
        if !t.contains("@") {
            for symbol in ["©", "®"] where t.contains(symbol) {
                let parts = t.components(separatedBy: symbol)
                if parts.count == 2, let host = parts[1].split(separator: " ").first, host.contains("."),
                    let local = parts[0].split(separator: " ").last, !local.isEmpty
                {
                    t = t.replacingOccurrences(of: symbol, with: "@")
                }
            }
        }
        guard t.contains("@") else { return t }
        // A bar inside the local part after a letter is the letter I or l that OCR read as a bar
        // ("INU|_kenji@star.sfc.co.jp"): I after a capital, l otherwise.
        if let at = t.firstIndex(of: "@") {
            let start = t[..<at].lastIndex(of: " ").map { t.index(after: $0) } ?? t.startIndex
            var local = Array(t[start..<at])
            for i in local.indices.dropFirst() where local[i] == "|" && local[i - 1].isLetter {
                local[i] = local[i - 1].isUppercase ? "I" : "l"
            }
            t = String(t[..<start]) + String(local) + String(t[at...])
        }
        // A dot read as a comma inside the host, before a top-level domain: "kenji.tanaka@hokuto,jp"
        // -> "hokuto.jp", "info@acme,co.uk".
        if let at = t.firstIndex(of: "@") {
            var host = Array(t[t.index(after: at)...])
            for i in host.indices where host[i] == "," && i > 0 && host[i - 1].isLetter {
                guard !host[..<i].contains(" ") else { break }
                let label = String(host[(i + 1)...].prefix { $0.isLetter })
                let end = i + 1 + label.count
                if isTLD(label), end == host.count || " .".contains(host[end]) { host[i] = "." }
            }
            t = String(t[...at]) + String(host)
        }
        // The host's only dot lost before "com": "divya.naidu@tekdorcom" -> "tekdor.com".
        if let at = t.firstIndex(of: "@") {
            let host = t[t.index(after: at)...].prefix { $0 != " " }
            if !host.contains("."), host.count >= 6, host.hasSuffix("com"),
                host.dropLast(3).allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
            {
                t = String(t[...at]) + host.dropLast(3) + ".com" + t[host.endIndex...]
            }
        }
        // A dot read as a space inside the host: "rohann@granite co.uk" -> "granite.co.uk"; or
        // before the country code after a second-level label: "naomi@mailbox.ne jp" ->
        // "mailbox.ne.jp".
        // The dot read as a comma and a space there too: "layla@cs.rusa.edu, au".
        if let at = t.firstIndex(of: "@") {
            var after = t[t.index(after: at)...].split(separator: " ", omittingEmptySubsequences: true)
            let beforeCountry =
                after.count >= 2 && after[1].count == 2
                && after[0].split(separator: ".").last.map {
                    Self.secondLevelLabels.contains($0.lowercased().trimmingCharacters(in: [","]))
                } == true
            if beforeCountry, after[0].hasSuffix(",") { after[0] = after[0].dropLast() }
            if after.count >= 2, !after[0].contains(".") || beforeCountry, !after[1].hasPrefix("."),
                !after[0].hasSuffix(","),
                let tail = after[1].split(separator: ".").first.map(String.init),
                isTLD(tail) || tail == "com",
                after[1].allSatisfy({ $0.isLetter || $0 == "." }), after[1] == after[1].lowercased()
            {
                let host = after[0] + "." + after[1]
                t =
                    String(t[...at]) + host
                    + (after.count > 2 ? " " + after[2...].joined(separator: " ") : "")
            }
        }
        // Collapse spaces around '@', '.', '_' and '-' inside the address.
        var out = ""
        let chars = Array(t)
        for (i, c) in chars.enumerated() {
            if c == " " {
                let prev = i > 0 ? chars[i - 1] : " "
                let next = i + 1 < chars.count ? chars[i + 1] : " "
                if "@._".contains(prev) || "@._".contains(next) { continue }
            }
            out.append(c)
        }
        return out
    }

    /// "quantumhealth.n!" -> "quantumhealth.nl": '!' read for an 'l' after a dot and a letter,
    /// ending a host.
    static func repairBangL(_ text: String) -> String {
        guard text.contains("!") else { return text }
        var chars = Array(text)
        for i in chars.indices where chars[i] == "!" && i >= 2 {
            let ended = i + 1 == chars.count || chars[i + 1] == " " || chars[i + 1] == "/"
            if ended, chars[i - 1].isLetter, chars[i - 1].isLowercase, chars[i - 2] == "." { chars[i] = "l" }
        }
        return String(chars)
    }

    /// "pankaj‘patel@x.com" -> "pankaj.patel@x.com": an opening quote, backtick or comma between
    /// two letters or digits of the local part (before the one '@') is a dot OCR misread. An
    /// apostrophe stays ("o'neil@", "o’neil@": names print them).
    /// Removes the spaces OCR put into an e-mail address, where most are a word it broke
    /// ("vikram_baner jee@", "of fice@"); a space between a known name and another or an initial
    /// ("kshitij jain@", "yokota h@") is the dot OCR lost, as names are written in addresses.
    static func joinLocalPartPieces(_ text: String) -> String {
        let pieces = text.split(separator: " ").map(String.init)
        guard pieces.count > 1 else { return text }
        func known(_ word: String) -> Bool {
            let w = Text.fold(word)
            return w.count >= 3 && Lexicons.shared.isNameWord(w)
        }
        var out = pieces[0]
        for next in pieces.dropFirst() {
            // The word before the space (the local part's last component, letters only) and
            // the one after it.
            let last = out.split(whereSeparator: { ".-_".contains($0) }).last.map(String.init) ?? out
            let word = last.allSatisfy(\.isLetter) ? last : ""
            let nextWord = String(next.prefix { $0.isLetter })
            let initial = nextWord.count == 1 && next.dropFirst().first == "@"
            out += (known(word) && (known(nextWord) || initial) ? "." : "") + next
        }
        return out
    }

    /// A dot of the local part read as a quote or comma ("pankaj ‘patel@", "jane,doe@"), or
    /// read twice, as a dot and a comma ("kshitij.,jain@"): one dot.
    static func repairLocalPartDots(_ text: String) -> String {
        guard let at = text.firstIndex(of: "@") else { return text }
        let chars = Array(text[..<at])
        let alnum = { (c: Character) in c.isLetter || c.isNumber }
        var local = ""
        for (i, c) in chars.enumerated() {
            guard "‘`,".contains(c), i > 0, i < chars.count - 1 else {
                local.append(c)
                continue
            }
            let (before, after) = (chars[i - 1], chars[i + 1])
            if alnum(before) && alnum(after) {
                local.append(".")
            } else if !((before == "." && alnum(after)) || (after == "." && alnum(before))) {
                local.append(c)
            }
        }
        return local + text[at...]
    }

    /// A social network's host without a path ("http://facebook.cony", "twitter.com"): its
    /// addresses always name a profile after it.
    static func isSocialHost(_ token: String) -> Bool {
        // Called for every pair of tokens of every line: the names first, the repairs after.
        let plain = token.lowercased()
        guard socialNetworks.contains(where: { plain.contains($0) }) else { return false }
        let lower = repairScheme(token).lowercased()
        let host = lower.replacingOccurrences(of: #"^https?://"#, with: "", options: .regularExpression)
        guard !host.contains("/"), !host.contains("@") else { return false }
        let labels = host.split(separator: ".").map(String.init).filter { $0 != "www" }
        guard labels.count == 2 else { return false }
        return socialNetworks.contains(labels[0])
            && (labels[1] == "com" || nearestCommonTLD(labels[1]) == "com")
    }

    /// The first labels of social networks' hosts, whose addresses name a profile after the host.
    static let socialNetworks: Set<String> = ["facebook", "twitter", "instagram", "linkedin", "youtube"]

    static func find(in segmentText: String, label: LabelKind?) -> ContactMatches {
        var result = ContactMatches()
        var text = repairEmailText(repairBangL(segmentText))
        // After an email label the value is one address: spaces in it are OCR's
        // ("vikram_baner jee@kaveri.in").
        // Without a label, the same when the line is nothing but lower-case fragments
        // ("chr istopher@nimbus .com"): a name or prose beside the address has capitals. A token
        // without letters is a phone number beside it ("(650) 723-3938  jdoe@x.edu"), and one
        // with a scheme or www a website ("jdoe@x.edu  http://lab.x.edu"), never a fragment.
        let tokens = text.split(separator: " ")
        let fragments =
            tokens.count <= 4
            && tokens.allSatisfy { token in
                token == token.lowercased() && token.contains(where: \.isLetter) && !token.contains("://")
                    && !token.hasPrefix("www")
            }
        if label == .email || (label == nil && fragments), text.filter({ $0 == "@" }).count == 1 {
            // An icon read as one capital or mark before the address ("O stettmayer@"): not
            // part of a local part printed in lower case.
            // A lower-case letter too when the address follows whole ("x chloeb45@"): an
            // envelope read as "x".
            let wholeAddress = tokens.count >= 2 && (tokens[1].firstIndex(of: "@").map {
                tokens[1].distance(from: tokens[1].startIndex, to: $0) >= 3 } ?? false)
            if tokens.count >= 2, tokens[0].count == 1, let mark = tokens[0].first,
                mark.isUppercase || !(mark.isLetter || mark.isNumber) || mark.isLetter && wholeAddress,
                tokens[1].contains("@") || tokens[1] == tokens[1].lowercased()
            {
                text = tokens.dropFirst().joined(separator: " ")
            } else if tokens.count == 2, tokens[0].count == 2, wholeAddress, label == nil {
                // Two letters before a whole address on a line of its own ("px asksassociates@"):
                // the envelope icon, not a piece of the local part.
                text = String(tokens[1])
            }
            text = joinLocalPartPieces(text)
            // A dot of the local part read as a quote or comma ("pankaj ‘patel@", "jane,doe@").
            text = repairLocalPartDots(text)
        }
        var consumedRanges: [Range<String.Index>] = []

        // Emails: local@host.tld
        var searchStart = text.startIndex
        while let at = text[searchStart...].firstIndex(of: "@") {
            var lo = at
            while lo > text.startIndex {
                let p = text.index(before: lo)
                guard text[p].unicodeScalars.allSatisfy({ emailCharacters.contains($0) }) else { break }
                lo = p
            }
            var hi = text.index(after: at)
            while hi < text.endIndex, text[hi].unicodeScalars.allSatisfy({ hostCharacters.contains($0) }) {
                hi = text.index(after: hi)
            }
            // '|', '\\' and '1' read for a leading 'l' ("|.brandao", "1i.wu").
            var lo2 = lo
            if lo2 > text.startIndex, "|\\".contains(text[text.index(before: lo2)]) {
                lo2 = text.index(before: lo2)
            }
            var local = String(text[lo2..<at]).trimmingCharacters(in: CharacterSet(charactersIn: ".-_"))
            if let first = local.first, "|\\1!".contains(first), local.count > 1,
                local.dropFirst().first.map({ $0 == "." || $0.isLetter }) == true,
                !local.dropFirst().contains(where: \.isNumber)
            {
                local = "l" + local.dropFirst()
            }
            var host = String(text[text.index(after: at)..<hi]).trimmingCharacters(
                in: CharacterSet(charactersIn: ".-"))
            // A glued label the segmenter did not see ("Emailjane@" after a separator).
            for glued in ["e-mail:", "email:", "e-mail", "email", "mail:"]
            where local.lowercased().hasPrefix(glued)
                && local.count > glued.count + 1 && label == nil
            {
                // "e-mail.dagarwal@": the label's own dot or dash goes with it.
                local = String(local.dropFirst(glued.count))
                    .trimmingCharacters(in: CharacterSet(charactersIn: ".-_"))
            }
            while host.contains("..") { host = host.replacingOccurrences(of: "..", with: ".") }
            // "r7-com": a dot read as a dash in a host that has no dot left.
            if !host.contains("."), let dash = host.lastIndex(of: "-"),
                genericTLDs.contains(host[host.index(after: dash)...].lowercased())
            {
                host.replaceSubrange(dash...dash, with: ".")
            }
            host = repairTLD(host)
            // "m-.sullivan": a stray hyphen or underscore next to a dot
            for (bad, good) in [("-.", "."), (".-", "."), ("_.", "."), ("._", "."), ("..", ".")] {
                local = local.replacingOccurrences(of: bad, with: good)
            }
            if !local.isEmpty, host.contains("."), let tld = host.split(separator: ".").last, tld.count >= 2,
                tld.allSatisfy({ $0.isLetter })
            {
                result.emails.append((local + "@" + host).lowercased())
                consumedRanges.append(lo..<hi)
            }
            searchStart = hi > at ? hi : text.index(after: at)
            if searchStart >= text.endIndex { break }
        }

        // Websites: tokens with a scheme, "www." or a known TLD, not inside an email.
        var webText = text
        for r in consumedRanges.reversed() {
            webText.replaceSubrange(r, with: String(repeating: " ", count: text[r].count))
        }
        let lowered = webText.lowercased()
        if lowered.contains("www") || lowered.contains("http") || label == .web {
            // "www, acme.com", "WWW ACME.COM": the dot after www read as a comma or lost.
            webText = webText.replacingOccurrences(
                of: #"(?i)(^|[^a-z0-9])(www)[,;]? +(?=[a-z0-9][a-z0-9-]*\.[a-z])"#, with: "$1$2.",
                options: .regularExpression)
            // "www. acme .com" -> "www.acme.com"
            webText = webText.replacingOccurrences(of: " . ", with: ".").replacingOccurrences(
                of: ". ", with: "."
            )
            .replacingOccurrences(of: " .", with: ".")
        }
        // "http /www.x.com", "https: //x.com", "http: / /www.x.com" -> one token.
        for (broken, fixed) in [
            (": / /", "://"), (":/ /", "://"), (": //", "://"), ("https: //", "https://"), ("http: //", "http://"),
            ("https //", "https://"), ("http //", "http://"), ("https ://", "https://"), ("http ://", "http://"),
            ("https /", "https://"), ("http /", "http://"), ("https:// ", "https://"),
            ("http:// ", "http://"),
        ] {
            webText = webText.replacingOccurrences(of: broken, with: fixed, options: .caseInsensitive)
        }
        // "brightpath. fr" -> "brightpath.fr": a dot, a space, then a top-level domain.
        var joinedTokens: [String] = []
        for token in webText.split(separator: " ").map(String.init) {
            let afterDot = token.hasPrefix(".") ? String(token.dropFirst()) : token
            let tldToken = afterDot.trimmingCharacters(in: CharacterSet(charactersIn: ",;"))
            let firstLabel = tldToken.split(separator: ".").first.map(String.init) ?? tldToken
            if let previous = joinedTokens.last, previous.hasSuffix("."), previous.count > 3,
                !previous.contains("@"),
                isTLD(tldToken),
                token == token.lowercased()
            {
                joinedTokens[joinedTokens.count - 1] = previous + token
            } else if let previous = joinedTokens.last, token.hasPrefix("."), previous.count >= 3,
                !previous.contains("@"), previous.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }),
                previous == previous.lowercased(), isTLD(firstLabel), token == token.lowercased()
            {
                // "meridian .com.br": a space read before the dot
                joinedTokens[joinedTokens.count - 1] = previous + token
            } else if let previous = joinedTokens.last, isSocialHost(previous), token.count >= 2,
                token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }),
                !isTLD(token.lowercased())
            {
                // "http://facebook.com putrajaya": the slash before a profile read as a space.
                joinedTokens[joinedTokens.count - 1] = previous + "/" + token
            } else {
                joinedTokens.append(token)
            }
        }
        for token in joinedTokens {
            let quotes = CharacterSet(charactersIn: "‘’‚«»")
            // A mark read as an underscore before it ("jdoe@x.edu _ http://lab.x.edu", glued to the
            // address when spaces around '_' were collapsed) starts no web address either.
            let bare = token.trimmingCharacters(in: quotes.union(["_"]))
            var t = repairWWW(repairScheme(bare)).trimmingCharacters(
                in: CharacterSet(charactersIn: ",;:()[]{}<>\"'“”!?|"))
            // A trailing dot, a lone slash after the host, or a mark read as an underscore
            // ("beltis.com.br_") ends no web address.
            while t.hasSuffix(".") || t.hasSuffix("_") || t.hasSuffix("/") && t.filter({ $0 == "/" }).count == 3 {
                t.removeLast()
            }
            let lower = t.lowercased()
            let hasScheme = lower.hasPrefix("http://") || lower.hasPrefix("https://")
            var host = hasScheme ? String(lower.drop(while: { $0 != "/" }).dropFirst(2)) : lower
            if let slash = host.firstIndex(of: "/") { host = String(host[..<slash]) }
            guard !host.contains("@"), host.unicodeScalars.allSatisfy({ hostCharacters.contains($0) }) else {
                continue
            }
            let labels = host.split(separator: ".", omittingEmptySubsequences: false)
            guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }) else { continue }
            let hasWWW = labels[0].hasPrefix("www")
            guard let tld = labels.last.map(String.init) else { continue }
            let fixedHost = repairTLD(host)
            let fixedTLD = fixedHost.split(separator: ".").last.map(String.init) ?? tld
            let saysWeb = hasWWW || hasScheme || label == .web
            guard saysWeb ? isRootZoneTLD(fixedTLD) : isTLD(fixedTLD) else { continue }
            // Without www/scheme, demand a real-looking name: a letter-led first label of >= 3
            // characters (or the second, after a subdomain) and a lowercase token, so "S.A." or
            // "No.5" are not websites; a host in capitals counts when it ends in .com, .net or
            // .org (or .com.xx): "GITHUB.COM/SANUKERINC".
            if !hasWWW && !hasScheme {
                // A short subdomain before a real name counts ("cs.tomi.edu/~coleman").
                let named = { (label: Substring) in label.count >= 3 && label.first?.isLetter == true }
                guard labels.count <= 4, let first = labels.first,
                    named(first) || (labels.count >= 3 && first.first?.isLetter == true && named(labels[1])),
                    t == t.lowercased() || label == .web
                        || labels.dropFirst().contains(where: { ["com", "net", "org"].contains($0) })
                else { continue }
            }
            var printed = t
            if fixedHost != host, let range = t.range(of: host, options: .caseInsensitive) {
                printed = t.replacingCharacters(in: range, with: fixedHost)
            }
            result.websites.append(printed)
            result.coveredCharacters += t.count
        }
        result.coveredCharacters += consumedRanges.reduce(0) { $0 + text[$1].count }
        return result
    }
}
