import CardModel
import Foundation

/// Infers which numbering plans the card's phone numbers are most likely written in.
enum Regions {
    /// Country-code TLDs that differ from the ISO region code.
    static let tldExceptions: [String: String] = [
        "uk": "GB", "eu": "", "su": "", "ac": "",
        // country codes sold as generic names: they say nothing about where the card is from
        "co": "", "io": "", "ai": "", "me": "", "tv": "", "ly": "", "fm": "", "to": "", "cc": "", "ws": "",
        "gg": "",
    ]

    /// Regions tried, in this order, when a national number is valid in none of the regions the
    /// card suggests: the most common origins of business cards first.
    static let fallbackRegions = [
        "US", "GB", "DE", "FR", "CN", "IN", "JP", "AU", "CA", "BR", "NL", "ES", "IT", "MX", "CH", "AT", "BE",
        "SE", "NO", "DK", "FI", "PL", "IE", "PT", "KR", "SG", "HK", "TW", "NZ", "ZA", "AE", "TR", "RU",
    ]

    /// Candidate regions, most likely first, then the caller's defaults; `evidenced` counts the
    /// leading regions the card itself points to.
    ///
    /// Evidence, strongest first: `+NN` numbers printed on the card, country names in the
    /// text, postcode shapes, ccTLDs of emails and websites, Han script (CN).
    static func infer(
        segments: [Segment], emails: [String], websites: [String], languages: String,
        defaults: [String], parser: any PhoneNumberParsing, lexicons: Lexicons
    ) -> (regions: [String], evidenced: Int) {
        var score: [String: Double] = [:]
        func add(_ region: String, _ weight: Double) {
            guard region.count == 2 else { return }
            score[region, default: 0] += weight
        }
        let fallback = defaults.first ?? "US"

        for segment in segments {
            let text = segment.text
            // +NN numbers: libphonenumber tells their region.
            if text.contains("+") {
                for (run, _) in Phones.digitRuns(in: Phones.repairDigits(text)) where run.hasPrefix("+") {
                    if let m = parser.parse(run, region: fallback), m.region != "ZZ" {
                        add(m.region, m.isValid ? 3 : 1.5)
                    }
                }
            }
            let words = text.split(separator: " ").map {
                String($0).trimmingCharacters(in: CharacterSet(charactersIn: ",."))
            }
            // Country names: whole words at the end of a line part, or Han substrings.
            let folded = Text.fold(text)
            for rawPart in folded.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                let part = rawPart.hasPrefix("the ") ? String(rawPart.dropFirst(4)) : rawPart
                if let region = lexicons.countries[part] {
                    add(region, 2.5)
                } else if let last = part.split(separator: " ").last.map(String.init), last.count > 3,
                    let region = lexicons.countries[last], part.count > last.count
                {
                    add(region, 1.0)
                }
            }
            for (name, region) in lexicons.countriesHan where Lexicons.isCJK(text) && text.contains(name) { add(region, 2.5) }
            // State, province and prefecture names as a comma-separated part or its last word.
            for part in folded.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                let words = part.split(separator: " ").map(String.init).filter {
                    !$0.contains(where: \.isNumber)
                }
                let pairs = words.indices.dropLast().map { words[$0] + " " + words[$0 + 1] }
                let tries = [part] + pairs + words
                if let region = tries.lazy.compactMap({ lexicons.subdivisionNames[$0] }).first,
                    segment.label == nil
                {
                    add(region, 1.2)
                }
            }
            // Postcode shapes particular to one country.
            for token in text.split(whereSeparator: { $0 == " " || $0 == "," }) {
                let t = Array(token)
                let digitsDash = t.allSatisfy { $0.isNumber || $0 == "-" }
                // Brazilian CEP "01310-528"
                if digitsDash, t.count == 9, t[5] == "-", !text.contains("+") { add("BR", 1.5) }
                if digitsDash, t.count == 8, t[3] == "-", !text.contains("+"),
                    text.lowercased().contains("-ku") || text.lowercased().contains("-shi")
                {
                    add("JP", 1.5)
                }
            }
            if words.count >= 2 {
                for (i, w) in words.enumerated()
                where i + 1 < words.count && w.count == 4 && w.allSatisfy(\.isNumber) {
                    let n = words[i + 1]
                    if n.count == 2, n.allSatisfy({ $0.isUppercase && $0.isLetter }), i + 2 < words.count {
                        add("NL", 1.5)
                    }  // 3511 DD Utrecht
                }
            }
            if lexicons.chineseProvinces.occurs(in: text) { add("CN", 1.5) }
            // Postcode shapes.
            for (i, w) in words.enumerated() where i + 1 < words.count {
                let next = words[i + 1]
                if w.count == 2, w == w.uppercased(), let region = lexicons.subdivisionCodes[w],
                    next.count == 5 || next.count == 10, next.prefix(5).allSatisfy(\.isNumber)
                {
                    add(region, 2)
                }
                if w.count == 2 || w.count == 3, w == w.uppercased(), lexicons.subdivisionCodes[w] == "AU",
                    next.count == 4, next.allSatisfy(\.isNumber)
                {
                    add("AU", 1.5)
                }
            }
            if isUKPostcode(text) { add("GB", 2) }
            // Turkish numbers print the trunk 0 before the bracketed area code, then 3-2-2
            // digits ("0 (232) 929 59 23"), a shape no other plan prints.
            if text.range(of: #"(^|[^0-9])0 ?\([0-9]{3}\) ?[0-9]{3} [0-9]{2} [0-9]{2}($|[^0-9])"#,
                options: .regularExpression) != nil
            {
                add("TR", 1.5)
            }
            // Brazilian addresses: "CEP 01310-100", and a state code after a dash that ends a part
            // ("Jd. Samara - SP", "Fernandes-SP.").
            // (CEP heads eight digits; a Turkish "Cep" heads a mobile number.)
            if let at = words.firstIndex(where: { $0.uppercased() == "CEP" }),
                at + 1 < words.count, Text.digitCount(words[at + 1]) == 8
            {
                add("BR", 1.5)
            }
            if text.matches(of: /-\s?([A-Z]{2})(?![A-Za-z])/).contains(where: {
                lexicons.brazilianStates.contains(String($0.output.1))
            }) {
                add("BR", 1.2)
            }
        }
        for host in emails.compactMap({ $0.split(separator: "@").last.map(String.init) }) + websites {
            guard
                let tld = host.lowercased().split(separator: "/").first?.split(separator: ".").last.map(
                    String.init)
            else { continue }
            if let mapped = tldExceptions[tld] {
                add(mapped, 1.5)
            } else if tld.count == 2 {
                add(tld.uppercased(), 1.5)
            }
        }
        // Legal forms that belong to one country ("GmbH", "PLC", "Pty Ltd").
        for segment in segments {
            let tokens = Text.fold(segment.text).split(whereSeparator: { $0 == " " || $0 == "," }).map(
                String.init)
            for n in (1...3).reversed() where tokens.count >= n {
                let tail = tokens.suffix(n).joined(separator: " ")
                if let region = lexicons.companyFormRegions[tail] ?? lexicons.companyFormRegions[tail + "."] {
                    add(region, 1.0)
                    break
                }
            }
        }
        // Japanese addresses: ward/city suffixes and a 123-4567 postcode anywhere on the card.
        let folded = segments.map { Text.fold($0.text) }.joined(separator: "\n")
        if ["-ku", "-shi", "-cho", "-machi"].contains(where: {
            folded.contains($0 + ",") || folded.contains($0 + "\n") || folded.contains($0 + " ")
        }),
            segments.contains(where: { s in
                s.text.split(separator: " ").contains { t in
                    let c = Array(t.trimmingCharacters(in: CharacterSet(charactersIn: ",.")))
                    return c.count == 8 && c[3] == "-" && c.filter(\.isNumber).count == 7
                }
            })
        {
            add("JP", 2)
        }
        // French numbers print five pairs: "02 61 91 20 97", "06.07.32.47.52".
        for segment in segments {
            let groups = segment.text.split(whereSeparator: { $0 == " " || $0 == "." })
            if let start = groups.firstIndex(where: {
                $0.count == 2 && $0.hasPrefix("0") && $0.allSatisfy(\.isNumber)
            }),
                groups.count - start >= 5,
                groups[start..<(start + 5)].allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isNumber) })
            {
                add("FR", 1.0)
            }
        }
        // A Japanese mobile or Tokyo/Osaka number in domestic form ("03-5155-3708" is a valid
        // German number too, tried before Japan when nothing else speaks).
        if segments.contains(where: { ContactText.holdsJapaneseDomesticNumber($0.text) }) { add("JP", 1.5) }
        let all = segments.map(\.text).joined()
        // Han characters point to China unless kana or Hangul say the card is Japanese or
        // Korean (a Japanese mobile "090-2739-0085" is no +86 number).
        let kana = ContactText.kanaCount(all) >= 2
        let hangul = ContactText.hangulCount(all) >= 2
        if (Text.hanCount(all) >= 2 && !kana && !hangul) || languages.contains("chi_sim") { add("CN", 1.5) }
        if languages.contains("chi_tra") { add("TW", 1.0) }
        if languages.contains("jpn") || kana { add("JP", kana ? 2.0 : 1.0) }
        if languages.contains("kor") || hangul { add("KR", hangul ? 2.0 : 1.0) }
        // Letters only one language prints: Turkish ğ and dotless ı (and dotted capital İ),
        // Vietnamese vowels with a horn, a dot below or a hook above (ơ, ư, ạ, ả, ộ ...). A
        // Turkish card's "0 (553) 843 20 03" or a Vietnamese "028 3822 1234" parses only with
        // its region, and such cards often print neither +90/+84 nor a .tr/.vn domain.
        if ContactText.turkishLetterCount(all) >= 2 { add("TR", 1.0) }
        if ContactText.vietnameseLetterCount(all) >= 2 || languages.contains("vie") { add("VN", 1.0) }

        var ordered = score.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
        let evidenced = ordered.count
        for region in defaults where !ordered.contains(region) { ordered.append(region) }
        if ordered.isEmpty { ordered = ["US"] }
        return (ordered, evidenced)
    }

    /// "EC1A 1BB", "SW1A 2AA", "M1 1AE": outward code, space, inward code.
    static func isUKPostcode(_ text: String) -> Bool {
        let words = text.split(separator: " ").map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: ",."))
        }
        for (i, w) in words.enumerated() where i + 1 < words.count {
            let inward = Array(words[i + 1])
            // The inward code starts with a digit; OCR may read 5 as S, 0 as O ("BS1 SDH").
            guard inward.count == 3, inward[0].isNumber || "SOIZB".contains(inward[0]), inward[1].isUppercase,
                inward[2].isUppercase
            else { continue }
            let outward = Array(w)
            guard (2...4).contains(outward.count), outward[0].isUppercase, outward[0].isLetter,
                outward.contains(where: \.isNumber), outward.allSatisfy({ $0.isNumber || $0.isUppercase })
            else { continue }
            return true
        }
        return false
    }
}
