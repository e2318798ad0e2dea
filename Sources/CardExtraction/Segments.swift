import CardModel
import Foundation

/// What a label printed before a value says the value is.
enum LabelKind: String, Sendable {
    case phone, mobile, fax, email, web, address

    /// The phone kind this label implies, for phone labels.
    var phoneKind: PhoneKind? {
        switch self {
        case .phone: .work
        case .mobile: .mobile
        case .fax: .fax
        default: nil
        }
    }
}

/// A piece of one OCR line: the whole line, or one part of it split at separators (" | ") or at
/// labels printed inside it ("T +1 415 ... F +1 415 ...").
struct Segment: Sendable, Hashable {
    /// Text without its leading label, full-width characters and spaces normalised.
    var text: String
    /// The label printed before the text, if any.
    var label: LabelKind?
    /// The label as printed ("Tel:"), for evidence.
    var labelText: String?
    /// Index of the OCR line in `RecognizedPage.lines`.
    var line: Int
    /// Position of this piece within its line.
    var part: Int
    var box: PixelBox
    var confidence: Double
    var block: Int
    var paragraph: Int

    /// Estimated font size in pixels (cap height plus descender room), from word boxes.
    var size: Double
    /// Lowest OCR confidence of the words in this piece (the line's confidence without words).
    var weakestWord: Double = 1

    var height: Double { Double(box.height) }

    /// The height of this piece's type: a Latin line photographed at a tilt has a box taller than
    /// its letters (each word rises a little along the row), so its box height is capped at the
    /// type size with descender room. Han boxes are their em already.
    var uprightHeight: Double {
        Text.containsHan(text) || size <= 0 ? height : min(height, typeLineHeight)
    }

    /// A full line's height in this piece's type size: the size with descender room.
    private var typeLineHeight: Double { size * (1 + Segment.descenderShare) }

    /// The height of a full line in this piece's type, descender room included: a line in
    /// capitals ("DEPUTY MARKETING") has a box only its cap height tall, and the gap to its next
    /// line measured in that height would look wider than the same gap under mixed case. Han
    /// boxes are their em already.
    var lineHeight: Double {
        Text.containsHan(text) ? height : max(height, typeLineHeight)
    }
}

extension Segment {
    /// Joins a name printed on two lines, the given name over the surname ("JANE" / "DOE",
    /// "Maximilian" / "Oberhausen-Schmidt"): two one-word lines of capitalised Latin letters in
    /// one type, the second directly under the first with nothing between, the first a known
    /// given name and neither a role, unit, company or street word. `sameType`: the ratios of
    /// type sizes that are one type (`ScoringModel.TypeSizes`).
    static func joinStackedNames(_ segments: [Segment], sameType: ClosedRange<Double>) -> [Segment] {
        let lexicons = Lexicons.shared
        func nameWord(_ s: Segment) -> Bool {
            let w = s.text
            guard s.label == nil, !w.contains(" "), w.count >= 2, w.first?.isUppercase == true,
                w.allSatisfy({ ($0.isLetter && !Text.isHan($0)) || $0 == "-" || $0 == "'" })
            else { return false }
            let f = Text.fold(w)
            return !lexicons.titleRoles.contains(f) && !lexicons.departmentMarkers.contains(f)
                && !lexicons.companyWords.contains(f) && !lexicons.companyForms.contains(f)
                && !lexicons.addressWords.contains(f)
        }
        return joinedStacked(segments, sameType: sameType, head: {
            nameWord($0) && lexicons.givenNames.contains(Text.fold($0.text))
        }, rest: nameWord)
    }

    /// Joins an organisation's name wrapped before "of" ("University" / "of Austin", a wordmark
    /// in two lines): a line of one or two company words and nothing else, and directly under it
    /// in one type a line of "of" and one to three words without digits. Alone the first line
    /// names nothing, and the second continues no line the scorer took for a company.
    static func joinWrappedOrganisations(_ segments: [Segment], sameType: ClosedRange<Double>) -> [Segment] {
        let lexicons = Lexicons.shared
        func head(_ s: Segment) -> Bool {
            let words = Text.foldedWords(s.text)
            return s.label == nil && (1...2).contains(words.count) && !Text.containsHan(s.text)
                && words.allSatisfy(lexicons.companyWords.contains) && Text.digitCount(s.text) == 0
        }
        func rest(_ s: Segment) -> Bool {
            let words = s.text.split(separator: " ")
            return s.label == nil && (2...4).contains(words.count) && Text.fold(String(words[0])) == "of"
                && Text.digitCount(s.text) == 0 && !Text.containsHan(s.text)
        }
        return joinedStacked(segments, sameType: sameType, head: head, rest: rest)
    }

    /// Joins an organisation's name wrapped before its last word ("Zolokor Port" / "Authority",
    /// "Lori Research" / "Institute"): one to three capitalised words without a role or a digit,
    /// not all of them words of persons' names, and directly under them in one type a single
    /// company word. Alone the lower line is a company word and nothing else, and the upper a
    /// name no lexicon knows.
    static func joinStackedOrganisations(_ segments: [Segment], sameType: ClosedRange<Double>) -> [Segment] {
        let lexicons = Lexicons.shared
        func head(_ s: Segment) -> Bool {
            let words = s.text.split(separator: " ").map(String.init)
            let folded = words.map(Text.fold)
            return s.label == nil && (1...3).contains(words.count) && !Text.containsHan(s.text)
                && Text.digitCount(s.text) == 0
                && words.allSatisfy { word in
                    word.first?.isUppercase == true
                        && word.allSatisfy { $0.isLetter || "'’-&.".contains($0) }
                }
                && !folded.contains(where: lexicons.titleRoles.contains)
                && !folded.allSatisfy { lexicons.givenNames.contains($0) || lexicons.surnames.contains($0) }
        }
        func rest(_ s: Segment) -> Bool {
            let words = Text.foldedWords(s.text)
            return s.label == nil && words.count == 1 && s.text.first?.isUppercase == true
                && lexicons.companyWords.contains(words[0])
        }
        // A wordmark's two lines stand further apart than a name's: up to a line height
        // ("Zolokor Port" / "Authority": 0.66 of one).
        return joinedStacked(segments, sameType: sameType, maxGap: 1, head: head, rest: rest)
    }

    /// Each `head` line joined with the nearest line below it when that one is a `rest` in one
    /// type (`sameType`: ratios of type sizes) directly under it: less than `maxGap` line heights
    /// between (half by default), aligned left or centred.
    private static func joinedStacked(
        _ segments: [Segment], sameType: ClosedRange<Double>, maxGap: Double = 0.5,
        head: (Segment) -> Bool, rest: (Segment) -> Bool
    ) -> [Segment] {
        var result = segments
        var i = 0
        while i < result.count {
            let a = result[i]
            guard head(a),
                let j = result.indices.filter({ $0 != i && AddressFinder.isBelow(result[$0], a) })
                    .min(by: { result[$0].box.y < result[$1].box.y }),
                rest(result[j]), sameType.contains(result[j].size / max(1, a.size))
            else {
                i += 1
                continue
            }
            let b = result[j]
            let h = max(a.height, b.height)
            guard Double(b.box.y - a.box.maxY) < maxGap * h,
                abs(Double(a.box.x - b.box.x)) < 0.5 * h || abs(a.box.midX - b.box.midX) < 0.5 * h
            else {
                i += 1
                continue
            }
            result[i] = joined(a, b)
            result.remove(at: j)
            if j < i { i -= 1 }
            i += 1
        }
        return result
    }

    /// Two pieces of one name as one segment: `a`'s text, a space and `b`'s, over both boxes,
    /// as sure as the less sure of them.
    static func joined(_ a: Segment, _ b: Segment) -> Segment {
        var joined = a
        joined.text = a.text + " " + b.text
        let x = min(a.box.x, b.box.x)
        let y = min(a.box.y, b.box.y)
        joined.box = PixelBox(
            x: x, y: y, width: max(a.box.maxX, b.box.maxX) - x, height: max(a.box.maxY, b.box.maxY) - y)
        joined.confidence = min(a.confidence, b.confidence)
        joined.weakestWord = min(a.weakestWord, b.weakestWord)
        return joined
    }

    /// Joins a Chinese or Japanese name whose surname and given name OCR read as two lines of
    /// one row ("島津" and "華梨": cards print the two far apart in large type): a known Han
    /// surname alone on the left, one to three Han or kana letters alone to its right in the same
    /// type, within three character heights and nothing between, the right part no role, unit,
    /// legal form or address word.
    static func joinRowNames(_ segments: [Segment], sameType: ClosedRange<Double>) -> [Segment] {
        let lexicons = Lexicons.shared
        func letters(_ s: Segment) -> Bool {
            s.label == nil && s.text.allSatisfy { Text.isHan($0) || ContactText.kanaCount(String($0)) == 1 }
        }
        var result = segments
        var i = 0
        while i < result.count {
            let a = result[i]
            let surname =
                letters(a) && (1...3).contains(a.text.count) && Text.hanCount(a.text) == a.text.count
                && (lexicons.japaneseSurnames.contains(a.text) || lexicons.chineseSurnames.contains(a.text))
            let h = Double(a.box.height)
            let candidates = result.indices.filter { j in
                let b = result[j]
                guard surname, j != i, b.box.x >= a.box.maxX - 2, Double(b.box.x - a.box.maxX) <= 3 * h else {
                    return false
                }
                let overlap = min(a.box.maxY, b.box.maxY) - max(a.box.y, b.box.y)
                return Double(overlap) >= 0.6 * Double(min(a.box.height, b.box.height))
            }
            guard let j = candidates.min(by: { result[$0].box.x < result[$1].box.x }) else {
                i += 1
                continue
            }
            let b = result[j]
            let taken =
                lexicons.titleHan.occurs(in: b.text) || lexicons.departmentMarkersHan.occurs(in: b.text)
                || lexicons.companyFormsHan.occurs(in: b.text) || lexicons.addressHan.occurs(in: b.text)
            guard letters(b), (1...3).contains(b.text.count), !taken,
                sameType.contains(b.size / max(1, a.size))
            else {
                i += 1
                continue
            }
            result[i] = joined(a, b)
            result.remove(at: j)
            if j < i { i -= 1 }
            i += 1
        }
        return result
    }
}

enum Labels {
    /// Folded label spellings and their kinds.
    static let latin: [String: LabelKind] = {
        var map: [String: LabelKind] = [:]
        let table: [(LabelKind, [String])] = [
            (
                .phone,
                [
                    "t", "p", "tel", "tele", "telephone", "phone", "ph", "office", "direct", "dir", "main",
                    "telefon", "tel/fax", "fon", "fone", "work", "landline", "telf", "tlf", "te", "tl",
                    // Malay and Indonesian: "Telp.", "Tlp."; a laboratory's line on academic cards.
                    "telp", "tlp", "lab",
                    // A service line (Vietnamese, Indian, Malay cards print "Hotline" in English).
                    "hotline", "hot line",
                ]
            ),
            (
                .mobile,
                [
                    "m", "mob", "mobile", "cell", "cellular", "handy", "mobil", "portable", "celular",
                    "movil", "cel", "mobile phone", "cell phone",
                    // Malay and Indonesian: "H/P" and "HP" (handphone), "Ponsel".
                    "hp", "h/p", "ponsel",
                ]
            ),
            (.fax, ["f", "fax", "telefax", "faks"]),
            (
                .email,
                [
                    "e", "email", "e-mail", "mail", "courriel",
                    // "Email id:" (Indian cards): "id" belongs to the label, not the address.
                    "email id", "e-mail id", "mail id",
                ]
            ),
            (.web, ["w", "web", "website", "internet", "url", "homepage", "site"]),
            (
                .address,
                [
                    "a", "add", "addr", "address", "adresse", "anschrift", "direccion", "endereco", "adres",
                    "indirizzo", "dia chi",
                    // Which address: a residence ("Resi.", India), shops ("Lojas:", Brazil), a seat.
                    // ("Office" is a phone label.)
                    "resi", "residence", "loja", "lojas", "sede", "factory",
                ]
            ),
        ]
        for (kind, spellings) in table {
            for s in spellings { map[s] = kind }
        }
        return map
    }()

    /// Words that name a phone line at the end of a Han line ("客戶權益專線", a customer hotline)
    /// besides the phone, mobile and fax labels of `han`.
    static let hanHotlines = ["專線", "专线", "熱線", "热线"]

    static let han: [(String, LabelKind)] = [
        ("办公电话", .phone), ("移动电话", .mobile), ("电子邮件", .email), ("电子邮箱", .email),
        ("电话", .phone), ("座机", .phone), ("手机", .mobile), ("传真", .fax), ("邮箱", .email),
        ("电邮", .email), ("邮件", .email), ("网址", .web), ("网站", .web), ("主页", .web), ("地址", .address),
        ("電話", .phone), ("傳真", .fax), ("手機", .mobile), ("郵箱", .email), ("網址", .web), ("地址", .address),
        ("住所", .address), ("所在地", .address),
    ]

    /// Phone labels printed in brackets (folded, brackets off). Not "(0)": that is a trunk prefix
    /// ("+49 (0)176 ..."), and an "(O)" read so is taken by the phone finder.
    static let bracketed: [String: LabelKind] = [
        "o": .phone, "off": .phone, "r": .phone, "res": .phone, "h": .phone, "t": .phone,
        "p": .phone, "m": .mobile, "mob": .mobile, "f": .fax,
    ]

    /// Offices a Chinese or Japanese card lists its addresses under ("總公司：", "工廠：", "本社："):
    /// address labels only before a colon ("總公司營業部" is a unit, "工廠直營" a claim).
    static let hanOffices = [
        "總公司", "总公司", "分公司", "工廠", "工厂", "廠址", "厂址", "總部", "总部", "門市", "门市", "營業所",
        "营业所", "辦事處", "办事处", "公司地址", "通訊地址", "通讯地址", "聯絡地址", "联系地址", "本社", "支社",
        "支店", "営業所", "工場", "事業所",
    ]

    /// Address labels that are labels only before a colon.
    static let labelsWithColonOnly: Set<String> = ["sede", "factory", "residence", "loja"]

    /// Whether `rest` (the text after a label) plausibly is a value of that label's kind.
    static func valueFits(_ kind: LabelKind, _ rest: Substring) -> Bool {
        let r = rest.drop(while: { $0 == " " })
        guard let first = r.first else { return false }
        switch kind {
        case .phone, .mobile, .fax:
            return first.isNumber || first == "+" || first == "("
                || "OolI".contains(first) && r.dropFirst().first?.isNumber == true
        case .email: return r.contains("@") || r.lowercased().contains("(at)")
        case .web:
            return r.lowercased().hasPrefix("www") || r.lowercased().hasPrefix("http") || r.contains(".")
        case .address: return true
        }
    }

    /// The kind of a label OCR misread by one letter ("Emall", "Moble", "Webslte"): a phone,
    /// e-mail or web label of five letters or more within one edit of `word`, when only one
    /// kind is and `word` is no known given name or surname. The caller keeps it only before a
    /// value of that kind on its line: alone on a line, a word one letter from a label is as
    /// often a word of its own ("Officer" beside "Office", "Movel" beside "Movil").
    static func misreadLabel(_ word: String) -> LabelKind? {
        // A name one letter from a label ("Randy", "Sandy" beside "Handy") is the name.
        let lexicons = Lexicons.shared
        guard word.count >= 5, !lexicons.givenNames.contains(word), !lexicons.surnames.contains(word) else {
            return nil
        }
        let letters = Array(word)
        let kinds = Set(misreadable.filter { abs($0.spelling.count - letters.count) <= 1 }
            .filter { ContactNormalizer.editDistance(letters, $0.spelling, limit: 1) <= 1 }.map(\.kind))
        return kinds.count == 1 ? kinds.first : nil
    }

    /// Label spellings of five letters or more that `misreadLabel` matches: not addresses, whose
    /// value fits anything.
    static let misreadable: [(spelling: [Character], kind: LabelKind)] = latin
        .filter { $0.key.count >= 5 && $0.value != .address && !$0.key.contains(" ") }
        .map { (Array($0.key), $0.value) }

    /// Splits a leading label off `s`: ("Tel: +1 415", ...) -> (.phone, "Tel:", "+1 415").
    static func leading(_ s: String) -> (kind: LabelKind, printed: String, rest: String)? {
        for (spelling, kind) in han where s.hasPrefix(spelling) {
            var rest = s.dropFirst(spelling.count)
            rest = rest.drop(while: { $0 == ":" || $0 == " " || $0 == "：" })
            return (kind, String(s.prefix(s.count - rest.count)), String(rest))
        }
        // An office before a colon (`hanOffices`), after up to three Han characters of its city
        // ("工廠：", "台北總公司：", "上海办事处：").
        for place in 0...3 where s.prefix(place).allSatisfy(Text.isHan) {
            for spelling in hanOffices where s.dropFirst(place).hasPrefix(spelling) {
                let after = s.dropFirst(place + spelling.count).drop(while: { $0 == " " })
                guard let colon = after.first, colon == ":" || colon == "：" else { continue }
                let rest = after.dropFirst().drop(while: { $0 == " " })
                return (.address, String(s.prefix(s.count - rest.count)), String(rest))
            }
        }
        // A phone label in brackets before a number, as Indian cards print them: "(O)" office,
        // "(R)" residence, "(M)" mobile, "(F)" fax ("(O) 26543210 (R) 26549876").
        if s.first == "(", let close = s.firstIndex(of: ")"), s.distance(from: s.startIndex, to: close) <= 4,
            let kind = bracketed[Text.fold(String(s[s.index(after: s.startIndex)..<close]))]
        {
            let rest = s[s.index(after: close)...].drop { $0 == " " || $0 == ":" }
            guard let first = rest.first, first.isNumber || first == "+" || first == "(" else { return nil }
            return (kind, String(s[...close]), String(rest))
        }
        // Longest run of label characters at the start: letters, '-', '/', and one inner space
        // ("Mobile Phone").
        let chars = Array(s)
        var candidates: [Int] = []  // end offsets of possible label words
        var i = 0
        while i < chars.count, chars[i].isLetter || chars[i] == "-" || chars[i] == "/" {
            i += 1
            if i < chars.count, !(chars[i].isLetter || chars[i] == "-" || chars[i] == "/") {
                candidates.append(i)
            }
        }
        if i == chars.count { candidates.append(i) }
        if let firstEnd = candidates.first, firstEnd < chars.count, chars[firstEnd] == " " {
            var j = firstEnd + 1
            while j < chars.count, chars[j].isLetter { j += 1 }
            if j > firstEnd + 1 { candidates.insert(j, at: 0) }  // try "Mobile Phone" first
        }
        for end in candidates {
            let word = Text.fold(String(chars[0..<end]))
            let misread = latin[word] == nil
            guard let kind = latin[word] ?? misreadLabel(word) else { continue }
            var k = end
            if k < chars.count, chars[k] == "." { k += 1 }
            while k < chars.count, chars[k] == " " { k += 1 }
            var hasColon = false
            // "Tel # 553224", "Cell #: 98..." : a number sign after a phone label works as a colon.
            if k < chars.count, chars[k] == "#", kind.phoneKind != nil {
                hasColon = true
                k += 1
                while k < chars.count, chars[k] == " " { k += 1 }
            }
            if k < chars.count, chars[k] == ":" || chars[k] == "：" {
                hasColon = true
                k += 1
            }
            while k < chars.count, chars[k] == " " { k += 1 }
            let rest = String(chars[k...])
            if rest.isEmpty { return nil }
            let fits = valueFits(kind, Substring(rest))
            if misread, !fits { continue }
            // A house number and a street after a phone label are an address: "Regd. Office: 14
            // Park Street", "Office 1204, Burj Gate Tower" ("Office" is a phone label).
            let tokens = rest.split(separator: " ").prefix(2).map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: ","))
            }
            if kind.phoneKind != nil, tokens.count == 2, (1...4).contains(tokens[0].count),
                tokens[0].allSatisfy(\.isNumber), tokens[1].filter(\.isLetter).count >= 3
            {
                continue
            }
            if word.count == 1 {
                // A letter and a dot glued to a word start a value, not a label: "e.reynolds@".
                if end + 1 < chars.count, chars[end] == ".", chars[end + 1].isLetter { continue }
                // Single letters are labels only with a colon or before an obvious value.
                guard hasColon || fits, kind != .address || hasColon else { continue }
                // Glued to digits ("T03 53 01 91 32") only before a whole phone number.
                if !hasColon, k == end,
                    !(kind.phoneKind != nil && Text.digitCount(rest) >= 8
                        && rest.allSatisfy({ $0.isNumber || " +()-./".contains($0) }))
                {
                    continue
                }
            } else {
                guard hasColon || fits else { continue }
                if kind == .address && !hasColon && word.count < 4 { continue }
                // Words that are also part of an address ("Office 301", "Factory Road") are
                // labels only with a colon.
                if !hasColon, Self.labelsWithColonOnly.contains(word) { continue }
            }
            return (kind, String(chars[0..<k]).trimmingCharacters(in: .whitespaces), rest)
        }
        // Labels glued to an email ("Emailjane@x.com"): the remainder must still be an address.
        let folded = Text.fold(s)
        for glued in ["e-mail", "email"] where folded.hasPrefix(glued) {
            let rest = String(s.dropFirst(glued.count)).trimmingCharacters(
                in: CharacterSet(charactersIn: " :.-"))
            if rest.contains("@"), !rest.hasPrefix("@") {
                return (.email, String(s.prefix(glued.count)), rest)
            }
        }
        return nil
    }

    /// A piece that is nothing but a label ("Tel:", "M", "电话"), or nil.
    static func alone(_ piece: String) -> (kind: LabelKind, printed: String)? {
        let bare = piece.trimmingCharacters(in: CharacterSet(charactersIn: " :：.|"))
        if let hit = han.first(where: { $0.0 == bare }) { return (hit.1, piece) }
        guard let kind = latin[Text.fold(bare)] else { return nil }
        // A lone single letter is a label only when printed with a colon or a bar after it.
        if bare.count == 1 && bare == piece { return nil }
        return (kind, piece)
    }

    /// Cuts a line into pieces at separators and at labels printed inside it.
    static func pieces(of line: String) -> [String] {
        var parts: [String] = [line]
        for separator in [" | ", " • ", " · ", " ● ", " – ", " — "] {
            parts = parts.flatMap { joinLabels($0.components(separatedBy: separator)) }
        }
        parts = parts.flatMap(splitAtInnerLabels).flatMap(splitNameAndRole).flatMap(splitBeforePhone)
            .flatMap(splitBeforeEmail).flatMap(splitAtPhoneIcon).flatMap(splitNameBeforeLowercase)
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A name and its role on one line after a hyphen or comma ("Mahesh K. Bhatt - Chartered
    /// Accountant", "Jane Doe, Sales Manager") are two pieces: the part before is two to four
    /// capitalised words without digits or role words, the part after holds a role word and is
    /// no longer than six words, without digits.
    static func splitNameAndRole(_ s: String) -> [String] {
        // " ~ " is an en dash as OCR often reads it; a hyphen that lost one of its spaces
        // ("Renata Souza -Diretor Comercial") still separates.
        // A full stop after a surname ("Dr. Sabine Müller. Research Associate"): the last one,
        // after a word of two or more letters (not an initial's or an honorific's dot).
        // A stray quote OCR glued to the surname ("Hetal Joshi“ Proprietor"), a speck read as
        // one, separates too.
        for separator in [" - ", ", ", " ~ ", " -", "- ", ". ", "“ ", "” "] {
            let options: String.CompareOptions = separator == ". " ? .backwards : []
            guard var r = s.range(of: separator, options: options) else { continue }
            // Degrees after the name stay with it ("Thabo Nkosi, RN, Principal Investigator",
            // "Ryan J. O'Brien, Ph.D., Visiting Scholar"): the comma after the last of them.
            if separator == ", " {
                while let next = s.range(of: ", ", range: r.upperBound..<s.endIndex),
                    Text.foldedWords(String(s[r.upperBound..<next.lowerBound])).allSatisfy(
                        Lexicons.shared.isNameSuffix)
                {
                    r = next
                }
                // ... or before a dash or a bar after them ("Lena Braun, M.D. -senior Lecturer",
                // "Sigrún Lindqvist, RN |PrD Candidate").
                for mark in [" - ", " | ", " -", " |"] {
                    guard let next = s.range(of: mark, range: r.upperBound..<s.endIndex) else { continue }
                    let between = Text.foldedWords(String(s[r.upperBound..<next.lowerBound]))
                    if (1...3).contains(between.count), between.allSatisfy(Lexicons.shared.isNameSuffix) {
                        r = next
                        break
                    }
                }
            }
            let head = String(s[..<r.lowerBound])
            if separator == ". " {
                let last = head.split(separator: " ").last.map { Text.fold(String($0)) } ?? ""
                guard last.count >= 2, !Lexicons.shared.namePrefixes.contains(last + ".") else { continue }
            }
            let tail = String(s[r.upperBound...])
            // Words OCR split are one again ("Dr. Sa bine Müller").
            let headWords = LineScorer.mergeFragments(head).split(separator: " ")
            // Capitalised words, or a particle inside the name ("Azman bin Ismail").
            let nameWords = headWords.enumerated().allSatisfy { i, word in
                word.first?.isUppercase == true
                    || (i > 0 && i < headWords.count - 1
                        && Lexicons.shared.nameParticles.contains(String(word)))
            }
            // A role printed before a name as its honorific ("Professor Ryan Ashworth, Registrar":
            // title-words [before-name]).
            let first = headWords.first.map { Text.fold(String($0)) } ?? ""
            let honorific = headWords.count >= 3 && Lexicons.shared.titleRolesBeforeName.contains(first)
            let person = honorific ? headWords.dropFirst().joined(separator: " ") : head
            let degrees = headWords.filter { word in
                let folded = Text.fold(String(word).trimmingCharacters(in: CharacterSet(charactersIn: ",")))
                return word != headWords.first && Lexicons.shared.isNameSuffix(folded)
            }.count
            guard (2...4).contains(headWords.count - degrees), nameWords,
                !head.contains(where: { $0.isNumber || $0 == "@" }), !Text.containsHan(head),
                (1...6).contains(tail.split(separator: " ").count), !tail.contains(where: \.isNumber),
                holdsRole(tail), !holdsRole(person)
            else { continue }
            return [head, tail]
        }
        return [s]
    }

    /// A person's name and a misread rest on one line ("Megan Sullivan -regisrar", "Marcelo Costa
    /// Correia, niretor comercial", "Hoàng Văn Tuấn ‹.s¡:o oi: s52": a role or a number in
    /// another type beside the name, which OCR read as lower-case letters or signs) are two
    /// pieces: two to five capitalised words (a particle inside, degrees after), one of them a
    /// known given name or surname and none a role, unit, company, legal-form or street word,
    /// then a word that opens with a lower-case letter or a sign glued to it ("- RJ" after
    /// "Rio de Janeiro" is a separator). A name never goes on so.
    static func splitNameBeforeLowercase(_ s: String) -> [String] {
        let lexicons = Lexicons.shared
        let tokens = s.split(separator: " ").map(String.init)
        guard tokens.count >= 3 else { return [s] }
        var count = 0
        var bracket = false
        for (i, token) in tokens.enumerated() {
            // Post-nominals in brackets after two or more words of the name ("BJØRN SØRENSEN
            // (M.SC., PMP) -owne") stay with it, as they do on a line of its own.
            if bracket || (i >= 2 && count == i && token.first == "(") {
                guard token.contains(where: \.isLetter),
                    token.allSatisfy({ $0.isLetter || ".,()".contains($0) })
                else { break }
                bracket = !token.hasSuffix(")") && !token.hasSuffix("),")
                if !bracket { count = i + 1 }
                continue
            }
            let capitalised =
                token.first?.isUppercase == true && token.allSatisfy { $0.isLetter || ".,'-".contains($0) }
            guard capitalised || (i > 0 && lexicons.nameParticles.contains(token)) else { break }
            count = i + 1
        }
        // Not a word OCR split ("Inés Ca stillo": the last capitalised piece short, or the two
        // pieces one known name), nor the slash of a title in two languages ("Kurucu Ortak /
        // Co-Founder").
        guard (2...5).contains(count), count < tokens.count,
            !lexicons.nameParticles.contains(tokens[count - 1]), let opening = tokens[count].first,
            opening.isLowercase
                || (!opening.isLetter && !opening.isNumber && !"(+\"'/&".contains(opening)
                    && tokens[count].count >= 2),
            tokens[count - 1].filter(\.isLetter).count >= 3 || tokens[count - 1].hasSuffix(")"),
            !lexicons.isNameWord(Text.fold(tokens[count - 1] + tokens[count]).filter(\.isLetter))
        else { return [s] }
        let head = tokens[..<count].joined(separator: " ")
            .trimmingCharacters(in: CharacterSet(charactersIn: ",;:"))
        let words = Text.foldedWords(head).filter {
            !lexicons.nameSuffixes.contains($0) && !lexicons.nameSuffixes.contains($0 + ".")
                && !lexicons.nameParticles.contains($0)
        }
        let blocked = words.contains {
            lexicons.titleRoles.contains($0) || lexicons.departmentMarkers.contains($0)
                || lexicons.companyWords.contains($0) || lexicons.isCompanyForm($0)
                || lexicons.addressWords.contains($0)
        }
        guard words.count >= 2, words.contains(where: lexicons.isNameWord), !blocked, !holdsRole(head) else {
            return [s]
        }
        return [head, tokens[count...].joined(separator: " ")]
    }

    /// A name or a firm and an unlabelled phone number printed on one line ("Rajesh Kumar 98765
    /// 43210", "Sharma Traders 020 2553 4455") are two pieces: the part before is two to five
    /// capitalised words of letters, none of them a label word (an initial inside the name may
    /// be a label's letter: "Kavitha P. Patel 09924406165"), and the part after is a whole
    /// number (eight or more digits and nothing but phone signs; after a plus, bracketed or not,
    /// one letter OCR read for a digit: "+s1-90-92047583", "(+s4 28) ..."). A name particle may
    /// stand inside the name ("Zulkifli bin Yusof"). An icon between them ("EMRE POLAT o (531)
    /// 646 69 38", "+%") goes; a split point that fails is passed for a later one.
    static func splitBeforePhone(_ s: String) -> [String] {
        let tokens = s.split(separator: " ")
        guard tokens.count >= 3 else { return [s] }
        for k in 2...min(5, tokens.count - 1) {
            // A dash glued before the number ("Marcelo Almeida Costa -+558198918-7753").
            let tail = String(tokens[k...].joined(separator: " ").drop { "-–—".contains($0) })
            // A leading 0 OCR read as a letter o ("Shota Takahashi o90 8453 9147").
            let zeroAsO =
                tail.count > 1 && "oO".contains(tail.first!) && tail.dropFirst().first?.isNumber == true
            guard let first = tail.first, first.isNumber || first == "+" || first == "(" || zeroAsO else {
                continue
            }
            var head = tokens[..<k]
            // One mark, a lone lower-case letter or a pin glyph; or a mark with one letter ("=s").
            if head.count >= 3, let icon = head.last,
                icon.count == 1
                    && (icon.allSatisfy({ !$0.isLetter && !$0.isNumber }) || icon.first?.isLowercase == true
                        || Segment.isPinGlyph(icon))
                    || icon.count == 2 && icon.contains(where: { !$0.isLetter && !$0.isNumber && $0 != "." })
                        && !icon.contains(where: \.isNumber)
            {
                head = head.dropLast()
            }
            let letters = tail.filter(\.isLetter).count
            let plus = first == "+" || tail.hasPrefix("(+")
            let phoneSigns = tail.allSatisfy({ $0.isNumber || $0.isLetter || " +()-./{}[]".contains($0) })
                && (letters == 0 || (letters == 1 && (plus || zeroAsO) && Text.digitCount(tail) >= 9))
            // A US ZIP+4 code ("New York NY 10073-2518") is no phone number.
            guard Text.digitCount(tail) >= 8, !Phones.looksLikeZipPlusFour(tail), phoneSigns,
                head.enumerated().allSatisfy({ i, word in
                    let bare = word.trimmingCharacters(in: CharacterSet(charactersIn: "."))
                    let initial = bare.count == 1 && word.hasSuffix(".") && i > 0 && i < head.count - 1
                    let label = latin[Text.fold(bare)] != nil && !initial
                    // A particle inside the name ("Zulkifli bin Yusof").
                    if i > 0, i < head.count - 1, Lexicons.shared.nameParticles.contains(String(word)) {
                        return true
                    }
                    return word.first?.isUppercase == true
                        // A comma before a degree ("Benjamin Hughes, Ph.D. (617) 555-0108").
                        && word.dropLast(word.hasSuffix(",") ? 1 : 0).allSatisfy {
                            $0.isLetter || ".&'-".contains($0)
                        }
                        && !label
                }),
                head.contains(where: { $0.filter(\.isLetter).count >= 3 })
            else { continue }
            return [head.joined(separator: " "), tail]
        }
        return [s]
    }

    /// A line that goes on after a phone icon with a number ("Av. Itaquera, 2994 - Jd.
    /// Fernandes-SP. @ 3569-6905", the icon read as a mark) is two pieces, the icon dropped: the
    /// part after it is a whole number (seven or more digits and phone signs only), the part
    /// before holds three or more letters.
    static func splitAtPhoneIcon(_ s: String) -> [String] {
        let tokens = s.split(separator: " ")
        guard tokens.count >= 3 else { return [s] }
        for k in 1..<(tokens.count - 1) {
            let icon = tokens[k]
            let mark = icon.count == 1 && icon.allSatisfy { !$0.isLetter && !$0.isNumber }
            guard mark, !"+(-–—/|,.:".contains(icon) else { continue }
            let head = tokens[..<k].joined(separator: " ")
            let tail = tokens[(k + 1)...].joined(separator: " ")
            guard isWholeNumber(tail), head.filter(\.isLetter).count >= 3 else { continue }
            return [head, tail]
        }
        return [s]
    }

    /// A phone number and nothing else: seven or more digits and phone signs only, opening with
    /// a digit, a plus or a bracket.
    static func isWholeNumber<S: StringProtocol>(_ text: S) -> Bool {
        let startsNumber = text.first.map { $0.isNumber || $0 == "+" || $0 == "(" } == true
        return startsNumber && Text.digitCount(String(text)) >= 7
            && text.allSatisfy { $0.isNumber || " +()-./".contains($0) }
    }

    /// A name and an e-mail address printed on one line after a colon, a dash or an icon read as
    /// one mark ("Aiko Kobayashi : koboesti@vavalo.edu.au", "Kenji Nakamura © knakamura@...",
    /// the address perhaps misread) are two pieces: the part before is two to four capitalised
    /// words of letters and no label, the part after one word with an "@".
    static func splitBeforeEmail(_ s: String) -> [String] {
        let icons = Set(
            s.split(separator: " ").filter { token in
                token.count == 1
                    && !token.contains(where: { $0.isLetter || $0.isNumber || "&,.'".contains($0) })
            }.map { " \($0) " })
        for separator in [" : ", " - ", " – "] + icons.sorted() {
            guard let r = s.range(of: separator) else { continue }
            let head = String(s[..<r.lowerBound])
            let tail = String(s[r.upperBound...]).trimmingCharacters(in: .whitespaces)
            let words = head.split(separator: " ")
            let nameWords = words.allSatisfy { w in
                w.first?.isUppercase == true && w.allSatisfy { $0.isLetter || ".'-".contains($0) }
            }
            let labelWord = words.contains {
                latin[Text.fold($0.trimmingCharacters(in: CharacterSet(charactersIn: ".")))] != nil
            }
            guard (2...4).contains(words.count), !tail.contains(" "), tail.contains("@"), nameWords,
                !labelWord
            else { continue }
            return [head, tail]
        }
        return [s]
    }

    /// Whether a Latin text holds a role word or phrase of the title lexicon ("Accountant"), as
    /// the line scorer finds them.
    static func holdsRole(_ text: String) -> Bool {
        !Lexicons.shared.roleHits(words: Text.foldedWords(text), folded: Text.fold(text)).isEmpty
    }

    /// Glues a label printed before a separator back to its value: ["M", "+91 70339"] ->
    /// ["M: +91 70339"].
    static func joinLabels(_ parts: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < parts.count {
            let bare = parts[i].trimmingCharacters(in: CharacterSet(charactersIn: " :："))
            if i + 1 < parts.count, latin[Text.fold(bare)] != nil || han.contains(where: { $0.0 == bare }) {
                out.append(bare + ": " + parts[i + 1])
                i += 2
            } else {
                out.append(parts[i])
                i += 1
            }
        }
        return out
    }

    /// "T +1 415 555 0100 F +1 415 555 0101" -> two pieces; "电话：0755 传真：0756" likewise.
    static func splitAtInnerLabels(_ s: String) -> [String] {
        let tokens = s.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard tokens.count > 1 else { return splitAtHanLabels(s) }
        var pieces: [[String]] = [[]]
        for (i, token) in tokens.enumerated() {
            if i > 0, !(pieces.last ?? []).isEmpty {
                let rest = tokens[i...].joined(separator: " ")
                // A label inside a line starts a new piece when the text before it already
                // holds a value (digits, '@', a dot), when it is printed with a colon, or when a
                // phone label word after two or more words ends the line with a number ("Công ty
                // TNHH Savi Việt Nam Hotline 024.8964.8096"; not "Sales Office 020 ...", nor an
                // icon read as a letter before the label, nor "Rajesh Kumar M 98765": an initial).
                let before = pieces.last ?? []
                if let label = leading(rest), label.kind != .address,
                    before.joined().contains(where: { $0.isNumber || $0 == "@" || $0 == "." })
                        || label.printed.hasSuffix(":") || label.printed.hasSuffix("：")
                        || ([.phone, .mobile, .fax].contains(label.kind) && isWholeNumber(label.rest)
                            && label.printed.filter(\.isLetter).count >= 2
                            && before.count >= 2 && before.joined().filter(\.isLetter).count >= 3)
                {
                    pieces.append([])
                }
            }
            pieces[pieces.count - 1].append(token)
        }
        return pieces.map { $0.joined(separator: " ") }.flatMap(splitAtHanLabels)
    }

    /// Splits at Han labels that are not at the start ("电话：1234 传真：5678").
    static func splitAtHanLabels(_ s: String) -> [String] {
        var result: [String] = []
        var current = ""
        var index = s.startIndex
        while index < s.endIndex {
            let rest = s[index...]
            if !current.trimmingCharacters(in: .whitespaces).isEmpty,
                let hit = han.first(where: { rest.hasPrefix($0.0) }),
                rest.dropFirst(hit.0.count).first.map({ $0 == ":" || $0 == "：" }) == true
            {
                result.append(current)
                current = ""
            }
            current.append(s[index])
            index = s.index(after: index)
        }
        result.append(current)
        return result
    }
}

extension Segment {
    /// All segments of a page, in the page's line order. `typeSizes`: the ratios of type sizes
    /// that one type may show; words beyond its similar band on one line are two pieces
    /// (`separatingTypeChange`), and so is a bracketed group beyond its same band
    /// (`separatingSmallerBrackets`).
    ///
    /// A label printed alone ("M |", "电话" on its own line) is carried to the next piece.
    /// `pinDigitBelow`: a line's first word "9" read less surely is a pin icon (`withoutIconSpeck`).
    static func segments(
        of page: RecognizedPage, typeSizes: ScoringModel.TypeSizes? = nil, pinDigitBelow: Double? = nil
    ) -> [Segment] {
        var result: [Segment] = []
        var pending: (kind: LabelKind, printed: String)?
        var loneLabels: [(kind: LabelKind, printed: String, box: PixelBox, line: Int)] = []
        for (lineIndex, read) in page.lines.enumerated() {
            let line = wordsWithinLine(read)
            let typed =
                separatingRows(line) ?? separatingColumns(line, among: page.lines)
                ?? typeSizes.flatMap { separatingTypeChange(line, similarType: $0.similarType) }
                ?? typeSizes.flatMap { separatingSmallerBrackets(line, sameType: $0.sameType) } ?? line.text
            let text =
                withoutIconSpeck(line, pinDigitBelow: pinDigitBelow)
                .map { speck in String(typed.dropFirst(speck)) } ?? typed
            let normalized = Text.normalizeWidth(
                separatingHanRole(Text.separateWideGaps(
                    text.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\r", with: " ")
                        .replacingOccurrences(of: "\n", with: " "))))
            let rawPieces = Labels.pieces(of: Text.barsReadAsI(normalized))
            for (partIndex, piece) in rawPieces.enumerated() {
                if let alone = Labels.alone(piece) {
                    if rawPieces.count == 1 {
                        // A label on a line of its own: attached by position below.
                        loneLabels.append((alone.kind, alone.printed, line.box, lineIndex))
                    } else {
                        pending = alone
                    }
                    continue
                }
                var text = piece
                var label: LabelKind?
                var printed: String?
                if let found = Labels.leading(piece) {
                    label = found.kind
                    printed = found.printed
                    text = found.rest
                    // Bilingual labels: "电话 Tel：", "地址 Add:".
                    if let again = Labels.leading(text), again.kind == found.kind {
                        text = again.rest
                        printed = (printed ?? "") + " " + again.printed
                    }
                } else if let firstSpace = piece.firstIndex(of: " "),
                    piece.distance(from: piece.startIndex, to: firstSpace) <= 2,
                    let found = Labels.leading(String(piece[piece.index(after: firstSpace)...])),
                    [":", "：", "."].contains(where: { found.printed.hasSuffix($0) })
                {
                    // OCR junk before a label ("也址 Add : 上海市..." where 地 was misread), or an
                    // icon read as a mark before one ("| Web. www.x.co.jp", "@ E. jane@x.jp")
                    label = found.kind
                    printed = found.printed
                    text = found.rest
                } else if let carried = pending, Labels.valueFits(carried.kind, Substring(piece)) {
                    label = carried.kind
                    printed = carried.printed
                }
                pending = nil
                text = Segment.trimJunk(text)
                // A label printed after a number belongs to the next one ("... 40465892 Tel"
                // when two columns of numbers were read as one line).
                var trailing: (kind: LabelKind, printed: String)?
                if let lastWord = text.split(separator: " ").last, text.split(separator: " ").count > 1,
                    let alone = Labels.alone(String(lastWord)), alone.kind.phoneKind != nil,
                    lastWord.count > 1,
                    Text.digitCount(text) >= 7, Text.latinLetterCount(text) - lastWord.count <= 3
                {
                    trailing = alone
                    text = String(text.dropLast(lastWord.count)).trimmingCharacters(in: .whitespaces)
                }
                defer { if let trailing { pending = trailing } }
                guard !text.isEmpty else { continue }
                if label == nil, !text.contains("@"), Text.digitCount(text) < 3 {
                    text = Text.repairLetters(text)
                }
                if !text.contains("@") { text = Text.repairEszett(text) }
                result.append(
                    Segment(
                        text: text, label: label, labelText: printed, line: lineIndex, part: partIndex,
                        box: box(
                            of: piece, text: text, in: line, parts: rawPieces.count, index: partIndex,
                            labelled: label != nil),
                        confidence: line.confidence, block: line.block, paragraph: line.paragraph,
                        size: fontSize(of: piece, in: line), weakestWord: weakestWord(of: piece, in: line)))
            }
        }
        attach(loneLabels, to: &result)
        return result
    }

    /// The line with each word's box cut to the line's rows. Tesseract can give a word the ink of
    /// the line above or below ("ASSISTANT" and "BUSINESS" 37 px tall under a name's descenders,
    /// on a line 21 px tall), which would measure its type far larger than its line's; a line box
    /// less than half a word's height is itself the misreading ("XE Là vàn kề", 1 px), and its
    /// words keep their boxes.
    static func wordsWithinLine(_ line: RecognizedLine) -> RecognizedLine {
        let top = line.box.y
        let bottom = line.box.y + line.box.height
        var result = line
        for (i, word) in line.words.enumerated() where 2 * line.box.height >= word.box.height {
            let y = max(word.box.y, top)
            let maxY = min(word.box.y + word.box.height, bottom)
            guard maxY > y, y != word.box.y || maxY != word.box.y + word.box.height else { continue }
            result.words[i].box = PixelBox(x: word.box.x, y: y, width: word.box.width, height: maxY - y)
        }
        return result
    }

    /// Gives each label printed on a line of its own ("电话" left of "0755-8396 2042", in either
    /// reading order) to the unlabelled value beside it on the same row, else to the one below.
    private static func attach(
        _ labels: [(kind: LabelKind, printed: String, box: PixelBox, line: Int)], to segments: inout [Segment]
    ) {
        for label in labels {
            let h = Double(label.box.height)
            func fits(_ s: Segment) -> Bool {
                s.label == nil && Labels.valueFits(label.kind, Substring(s.text))
            }
            let right = segments.indices.filter { i in
                let s = segments[i]
                return fits(s) && abs(s.box.midY - label.box.midY) < 0.6 * max(h, s.height)
                    && s.box.x >= label.box.maxX - 4
                    && Double(s.box.x - label.box.maxX) < 8 * max(h, s.height)
            }.min { segments[$0].box.x < segments[$1].box.x }
            let below = segments.indices.filter { i in
                let s = segments[i]
                let gap = Double(s.box.y - label.box.maxY)
                return fits(s) && gap > -0.3 * h && gap < 1.5 * max(h, s.height)
                    && abs(Double(s.box.x - label.box.x)) < 2 * max(h, s.height)
            }.min { segments[$0].box.y < segments[$1].box.y }
            let next = segments.indices.first { segments[$0].line > label.line }.flatMap {
                fits(segments[$0]) ? $0 : nil
            }
            guard let target = right ?? below ?? next else { continue }
            segments[target].label = label.kind
            segments[target].labelText = label.printed
        }
    }

    /// How many characters of a line's text an icon read as one letter or digit takes at its
    /// start, with the space after it; nil when the first word is no such icon. The word is an
    /// icon when its box is under 0.4 of the other words' median height (a speck: "J" 7 px
    /// high before "418, Citylight" 37 px), or when OCR read it unsure (below 0.6) before a
    /// number or a capitalised word ("F 54 Church Lane" at 0.51; a printed "B 402" reads
    /// surely), or when it is a "9" read below `pinDigitBelow` before one (the pin icon's usual
    /// reading; house numbers read surer). Latin lines of three words or more, an ASCII letter or
    /// digit; on a Han line, a glyph before a Chinese name (`edgeGlyphBeforeChineseName`).
    static func withoutIconSpeck(_ line: RecognizedLine, pinDigitBelow: Double? = nil) -> Int? {
        let words = line.words
        if let glyph = edgeGlyphBeforeChineseName(line) { return glyph }
        guard words.count >= 3, !Lexicons.isCJK(line.text), let first = words.first, first.text.count == 1,
            let c = first.text.first, c.isASCII, c.isLetter || c.isNumber,
            line.text.hasPrefix(first.text + " ")
        else { return nil }
        let heights = words.dropFirst().map { Double($0.box.height) }.sorted()
        let median = heights[heights.count / 2]
        let speck = Double(first.box.height) < 0.4 * median
        let nextStarts = words[1].text.first.map { $0.isNumber || $0.isUppercase } ?? false
        // A digit is a house or floor number however unsure ("2 Floor"); "9" before a postal
        // mark is `isPinDigit`'s.
        let unsure = c.isLetter && first.confidence < LayoutFeatures.unsureBelow && nextStarts
        // A "9" read less surely than any house number on the tuning cards is the pin icon
        // ("9 Viol Center 3C", "9 Jl. M.H. Thamrin"): `pinDigitBelow`, fitted.
        let pin = first.text == "9" && pinDigitBelow.map { first.confidence < $0 } == true && nextStarts
        return speck || unsure || pin ? first.text.count + 1 : nil
    }

    /// How many characters a glyph read from the card's edge or a logo takes before a Chinese
    /// name ("時 胡佳穎", "人 高 國 華", "點 黃淑芬": one Han letter read unsure, below
    /// `LayoutFeatures.unsureBelow`, before a name of a known surname and two known given-name
    /// characters, where the whole line is no such name); nil otherwise.
    static func edgeGlyphBeforeChineseName(_ line: RecognizedLine) -> Int? {
        let words = line.words
        guard words.count >= 2, let first = words.first, first.text.count == 1,
            let c = first.text.first, Text.isHan(c), first.confidence < LayoutFeatures.unsureBelow,
            let name = ChineseNames.knownName(words.dropFirst().map(\.text).joined()),
            // A surname and a given name of two: a name of two letters may be one whose surname
            // was misread ("纖 文雄" for 羅文雄).
            name.given.count == 2, line.text.hasPrefix(first.text),
            // The whole line is no name itself (廖宗翰 with 廖 unsure keeps it).
            ChineseNames.knownName(words.map(\.text).joined()) == nil
        else { return nil }
        return line.text.hasPrefix(first.text + " ") ? 2 : 1
    }

    /// Trims what OCR leaves around a value: leading colons and bullets, and on Han lines stray
    /// one- or two-letter Latin tokens at either end ("k 深圳市天成物流有限公司").
    static func trimJunk(_ s: String) -> String {
        var text = s.trimmingCharacters(in: CharacterSet(charactersIn: " :：;•·"))
        if text.hasPrefix("| ") { text = String(text.dropFirst(2)) }
        text = dropIconGlyphs(text)
        if Text.hanCount(text) >= 2 {
            var words = text.split(separator: " ").map(String.init)
            while words.count > 1, let first = words.first, first.count <= 2,
                first.allSatisfy({ $0.isASCII && $0.isLetter })
            {
                words.removeFirst()
            }
            while words.count > 1, let last = words.last, last.count <= 2,
                last.allSatisfy({ $0.isASCII && $0.isLetter })
            {
                words.removeLast()
            }
            text = words.joined(separator: " ")
        }
        // A logo or icon read after a Latin line as two letters, lower then upper case ("Naresh
        // Kumar M.V sB."), or as a sign with a letter or two ("Naresh Kumar M.V s£"): no word
        // is spelled so.
        var words = text.split(separator: " ")
        if words.count >= 3, let last = words.last, Text.hanCount(text) == 0 {
            let letters = last.filter(\.isLetter)
            let mixedCase =
                letters.count == 2 && letters.first?.isLowercase == true && letters.last?.isUppercase == true
                && last.allSatisfy({ $0.isLetter || $0.isPunctuation })
            let signed =
                (1...2).contains(letters.count) && last.contains(where: \.isSymbol)
                && last.allSatisfy({ $0.isLetter || $0.isSymbol || $0.isPunctuation })
            if last.count <= 3, mixedCase || signed {
                words.removeLast()
                text = words.joined(separator: " ")
            } else if isTrailingMark(last, after: words.dropLast())
                || isIconLetter(last, after: words[words.count - 2])
            {
                words.removeLast()
                text = words.joined(separator: " ")
            }
        }
        return text
    }

    /// An icon or a logo's edge read after a line of capitalised words as one or two lower-case
    /// letters ("Naresh Kumar M.V s.", "Pankaj B. Patel fl") or as a lone mark ("Priya
    /// Raghunathan ~"): no word of such a line is spelled so. Short words that end lines ("of",
    /// "e", "do"), the signs that leave a line open ("&", "/") and the rest of a word split after
    /// its capital stay.
    static func isTrailingMark(_ last: Substring, after head: ArraySlice<Substring>) -> Bool {
        let capitalised = head.allSatisfy { word in
            word.first(where: \.isLetter)?.isUppercase == true && !word.contains(where: \.isNumber)
        }
        // "NAKAMURA E mi": a word split after its first letter, which names join again.
        guard capitalised, head.last.map({ $0.count > 1 }) ?? false else { return false }
        let letters = String(last.filter(\.isLetter))
        let stub =
            (1...2).contains(letters.count) && letters.allSatisfy({ $0.isASCII && $0.isLowercase })
            && last.allSatisfy({ $0.isLetter || $0 == "." }) && !shortWords.contains(letters)
            && !LineScorer.connectors.contains(letters)
        let mark = last.count == 1 && "~^`¦¬°»«*".contains(last)
        return stub || mark
    }

    /// An icon at a line's end read as one letter after a role word or a legal form ("Store
    /// Manager A", "Moto Networks LLP N"): no title or company ends so; a letter after any other
    /// word stays ("Studio Plan B").
    static func isIconLetter(_ last: Substring, after word: Substring) -> Bool {
        guard last.count == 1, last.first?.isLetter == true else { return false }
        let before = Text.fold(String(word))
        return Lexicons.shared.titleRoles.contains(before) || Lexicons.shared.isCompanyForm(before)
    }

    /// Lower-case words of one or two letters that end a line of a card's languages.
    static let shortWords: Set<String> = [
        "am", "an", "as", "by", "do", "el", "em", "im", "is", "no", "nr", "of", "on", "or", "pm", "um", "zu",
    ]

    /// "No. 264", "No: 69/7", "Nº 36": an address's own house number.
    static let houseNumberMark = #"\bN(o|º)[.:]? ?\d"#

    /// Drops what OCR read from an icon printed before a line: "ọ 418, Citylight ...",
    /// "© 831 高雄市...", "@ VISHWA", "& 07-782 7271" (realcards tune: pin, phone and mail icons
    /// beside address, phone and company lines). A leading token goes when it is one or two
    /// symbols, up to four before a number ("@®@ 0131 496 0354"; no letter or digit; opening
    /// quotes and brackets stay: "“Brindavan”", "(A Govt."), or a single lower-case or accented
    /// letter that no word starts with alone, before a digit or a capitalised word ("ọ 418",
    /// not "e Silva", not "y Cía"), or such a letter in brackets ("(e) 418").
    static func dropIconGlyphs(_ s: String) -> String {
        var words = s.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var dropped = false
        // Openers, and the signs of numbers ("+ 91 81477 97042", "# 402").
        let keep = CharacterSet(charactersIn: "“‘\"'([{<«„+#")
        while words.count > 1, let first = words.first {
            let scalars = first.unicodeScalars
            // A symbol beside an opener is an icon too ("‘@" before a phone number); before a
            // number, up to four symbols ("@®@ 0131 496 0354").
            let beforeNumber = words[1].first?.isNumber == true
            let symbols =
                (first.count <= 2 || (first.count <= 4 && beforeNumber))
                && !first.contains(where: { $0.isLetter || $0.isNumber })
                && !scalars.allSatisfy({ keep.contains($0) })
            // The next word's first letter or digit: a 〒 OCR read as "=" before a postcode stays.
            let next = words[1].drop { "=〒".contains($0) }
            let nextStarts = next.first.map { $0.isNumber || $0.isUppercase || Text.containsHan(String($0)) } ?? false
            // An "l" is a bar or an icon's stem: no word of the cards' languages is "l" alone.
            let strayLetter =
                first.count == 1 && (first.first?.isLetter ?? false)
                && (first.first.map { ($0.isLowercase && !$0.isASCII) || $0 == "l" } ?? false) && nextStarts
            // Pin and phone icons read as capitals: "Ọ 924 High Street", "È Rua ...", "Q H. No.",
            // "QÈ Gedung ..." (one accented capital or a Q, which no word is alone, or two
            // capitals with a Q: two accented capitals are a Vietnamese surname, "ĐỖ THỊ LAN").
            // A Q with an O ("QO 72, 1st Floor") is a pin too; "Ọ" before any word ("Ọ av.
            // Getúlio Vargas") is no word of the cards' languages.
            let pinLetters = isPinGlyph(first)
            let strayCapitals =
                (1...2).contains(first.count)
                && (nextStarts || first == "Ọ")
                && pinLetters
                && (first.count == 1
                    ? first != "O" : first.contains("Q") || !first.allSatisfy(isVietnameseLetter))
            // An icon read as a letter and an '@' (or '®', '©') before a number or a capitalised
            // word ("f@ +1617 555 0168", "Ọ@ Lab. +1 415-555-0124", "Ẹ® Rua Voluntários da
            // Pátria"): no word of a card is a letter and such a mark.
            // A pin read as its capital and a question mark ("Ọ? Level 4, 110 George Street") goes
            // the same way.
            let pinQuery = first.count == 2 && first.last == "?" && isPinGlyph(first.prefix(1))
            let glyphPair = first.count == 2
                && (pinQuery
                    || first.contains(where: { "@®©".contains($0) }) && first.contains(where: \.isLetter))
                && words[1].first.map { $0.isNumber || $0.isUppercase || $0 == "+" || $0 == "(" } == true
            // A round icon read as a lower-case letter in brackets ("(e) 418, Citylight Shopping
            // Center,"): labels so printed are capitals ("(O)", "(M)").
            let circledLetter = first.count == 3 && first.first == "(" && first.last == ")"
                && first.dropFirst().first.map { $0.isLetter && $0.isLowercase } == true && nextStarts
            guard symbols || strayLetter || strayCapitals || glyphPair || circledLetter || isPinDigit(words)
            else { break }
            words.removeFirst()
            dropped = true
        }
        return dropped ? words.joined(separator: " ") : s
    }

    /// A pin read as a "9" before a postal mark ("9 〒450-0002") or before an address that numbers
    /// itself further on ("9 Flat No. 264", "9 Cumhuriyet Mah. Lale Sok. No: 69/7", a building
    /// before its street: "9 Viol Center 3C, 1973 Elm Avenue"): no house number stands before
    /// either ("9 Victoria Street" keeps its 9, and so does "9 Park Street, 560001 Bangalore").
    /// Or read as a 9 or 0 with marks ("9% 343 George Street"): no word is a digit and a mark
    /// such as "%" before a number or a capitalised word.
    static func isPinDigit(_ words: [String]) -> Bool {
        guard words.count > 1 else { return false }
        let first = words[0]
        if (2...3).contains(first.count), first.first.map({ "90".contains($0) }) == true,
            first.dropFirst().allSatisfy({ "%$#*&".contains($0) })
        {
            let next = words[1].drop { "=〒".contains($0) }
            return next.first.map { $0.isNumber || $0.isUppercase || Text.containsHan(String($0)) } ?? false
        }
        guard first == "9" else { return false }
        let rest = words.dropFirst().joined(separator: " ")
        if Text.repairPostalMark(rest).hasPrefix("〒") { return true }
        // After a comma, a number and a street word ("1973 Elm Avenue", "12 Main Road").
        let streetAfter = rest.split(separator: ",").dropFirst().contains { part in
            let partWords = Text.foldedWords(String(part))
            return partWords.count >= 3 && partWords[0].allSatisfy(\.isNumber)
                && partWords.dropFirst(2).contains(where: Lexicons.shared.addressWords.contains)
        }
        return words[1].first?.isUppercase == true
            && (rest.range(of: houseNumberMark, options: .regularExpression) != nil || streetAfter)
    }

    /// Capitals OCR makes of a pin or phone icon: each an O, a Q or a non-ASCII capital ("Ọ",
    /// "È", "QO", "OÈ"). Callers decide by the context whether such a token is an icon.
    static func isPinGlyph<S: StringProtocol>(_ token: S) -> Bool {
        token.allSatisfy { $0.isUppercase && (!$0.isASCII || $0 == "Q" || $0 == "O") }
    }

    /// A letter of the Vietnamese alphabet: a Latin letter (or Đ, Ơ, Ư) with Vietnamese marks
    /// only ("Ỗ" is O with circumflex and tilde; "Ħ" is none).
    static func isVietnameseLetter(_ c: Character) -> Bool {
        let marks: Set<UInt32> = [0x300, 0x301, 0x302, 0x303, 0x306, 0x309, 0x31B, 0x323]
        let scalars = Array(String(c).decomposedStringWithCanonicalMapping.unicodeScalars)
        guard let base = scalars.first else { return false }
        let baseOK =
            (base.isASCII && base.properties.isAlphabetic) || "ĐđƠơƯư".unicodeScalars.contains(base)
        return baseOK && scalars.dropFirst().allSatisfy { marks.contains($0.value) }
    }

    static func weakestWord(of piece: String, in line: RecognizedLine) -> Double {
        let wanted = Set(piece.split(separator: " ").map { Text.normalizeWidth(String($0)) })
        let words = line.words.filter { wanted.contains(Text.normalizeWidth($0.text)) }
        return (words.isEmpty ? line.words : words).map(\.confidence).min() ?? line.confidence
    }

    /// Whether a Han word names a unit: it ends in a unit word after something (業務部, 法務室,
    /// 總經理室, 海外業務處) and in no role word (營業部長 is a role), two to eight letters.
    static func isHanUnit(_ t: String) -> Bool {
        let lexicons = Lexicons.shared
        let markers = lexicons.departmentMarkersHan.matches(in: t)
        return (2...8).contains(t.count) && !lexicons.titleHan.matches(in: t).contains { t.hasSuffix($0) }
            && markers.contains { t.hasSuffix($0) && t.count > $0.count }
    }

    /// A Chinese name and its role on one line, parted by a space, in either order ("張家豪 店長",
    /// "董事長 吳宗憲"), are two pieces (" | " between them, before the spaces between Han
    /// characters are removed): the name two to four Han characters with a Chinese surname first
    /// and no role word inside, the role a Han role word and nothing more. So are a unit and its
    /// role ("業務部 經理", "市场部 销售总监"): the unit a name ending in a unit word (部, 處, 課 ...),
    /// not in a role word ("業務部長", `isHanUnit`). The labels put the title first, then the unit
    /// ("經理, 業務部").
    static func separatingHanRole(_ text: String) -> String {
        let tokens = text.split(separator: " ").map(String.init)
        guard tokens.count == 2, tokens.allSatisfy({ $0.allSatisfy(Text.isHan) }) else { return text }
        let lexicons = Lexicons.shared
        func isName(_ t: String) -> Bool {
            (2...4).contains(t.count) && !lexicons.titleHan.occurs(in: t) && lexicons.opensWithChineseSurname(t)
        }
        func isRole(_ t: String) -> Bool { lexicons.titleHan.matches(in: t).contains(t) }
        let parted = [isName, isHanUnit].contains { other in
            (other(tokens[0]) && isRole(tokens[1])) || (isRole(tokens[0]) && other(tokens[1]))
        }
        return parted ? tokens.joined(separator: " | ") : text
    }

    /// A line that runs across two columns of the card ("Manager, Overseas Sales Department" on
    /// the left and the address's "Tokyo, Japan" on the right, read as one line): the text with
    /// " | " at the gap between them; nil when the line keeps to one column. The gap is a column's
    /// when it is at least the line's height, an em, where a word space is a quarter or a third of
    /// one, and at least two and a half times the line's other gaps; and when another line of
    /// the card within four lines' heights starts where the words after the gap start, within
    /// half the line's height. A narrower gutter is a column's too when the column is plain: two
    /// other lines nearby start where the words after the gap start, within a sixth of the line's
    /// height, and the gap is at least half an em and one and a half times the line's other gaps
    /// ("Loneol National Laboratory" with "Assistant Professor" under the name beside it). Each
    /// side has two words or more: a name's surname and given name set apart ("齋藤  裕子") stay
    /// together.
    static func separatingColumns(_ line: RecognizedLine, among lines: [RecognizedLine]) -> String? {
        let words = line.words
        guard words.count >= 4, words.map(\.text).joined(separator: " ") == Text.collapseSpaces(line.text)
        else { return nil }
        let height = Double(line.box.height)
        let wordHeight = words.map { Double($0.box.height) }.sorted()[words.count / 2]
        let gaps = words.indices.dropFirst().map { Double(words[$0].box.x - words[$0 - 1].box.maxX) }
        for i in 2..<(words.count - 1) {
            let gap = gaps[i - 1]
            var others = gaps
            others.remove(at: i - 1)
            let typical = max(1, others.sorted()[others.count / 2])
            guard gap >= wordHeight / 2, gap >= 1.5 * typical else { continue }
            let start = Double(words[i].box.x)
            let starting = lines.filter { other in
                other.box != line.box && abs(Double(other.box.x) - start) <= height / 2
                    && abs(Double(other.box.y - line.box.y)) <= 4 * height
            }
            let wide = gap >= height && gap >= 2.5 * typical && !starting.isEmpty
            let aligned = starting.filter { abs(Double($0.box.x) - start) <= height / 6 }.count >= 2
            guard wide || aligned else { continue }
            return words[..<i].map(\.text).joined(separator: " ") + " | "
                + words[i...].map(\.text).joined(separator: " ")
        }
        return nil
    }

    /// A line whose words sit on two rows: neighbours whose boxes share less than half the
    /// smaller one's height ("Miel Medical Center" and the name "Yusuf Demir" printed beside
    /// it a little higher, read as one line). Words of one printed line share their baseline,
    /// so only a misread merge of two rows parts them that far. The text with " | " at each
    /// such place; nil when the words stay on one row.
    static func separatingRows(_ line: RecognizedLine) -> String? {
        let words = line.words
        guard words.count >= 2, words.map(\.text).joined(separator: " ") == Text.collapseSpaces(line.text)
        else { return nil }
        var text = words[0].text
        var parted = false
        for (a, b) in zip(words, words.dropFirst()) {
            let shared = min(a.box.maxY, b.box.maxY) - max(a.box.y, b.box.y)
            let rows = Double(shared) < 0.5 * Double(min(a.box.height, b.box.height))
                && a.text.contains(where: { $0.isLetter || $0.isNumber })
                && b.text.contains(where: { $0.isLetter || $0.isNumber })
            text += (rows ? " | " : " ") + b.text
            parted = parted || rows
        }
        return parted ? text : nil
    }

    /// A Latin line whose words change type between two neighbours set apart ("Công ty TNHH
    /// Elsuna Việt Nam" beside the larger "Trần An", read as one line): the text with " | "
    /// there, so that company and name are pieces of their own; nil when the line keeps one
    /// type. Each side's words are one type (every size within `similarType` of the side's
    /// median), the two medians are not, and the gap is at least the smaller type's size. Lines
    /// with digits or contact data are left whole: digits and marks measure unlike letters.
    static func separatingTypeChange(_ line: RecognizedLine, similarType: ClosedRange<Double>) -> String? {
        let all = line.words
        guard all.count >= 2, !Lexicons.isCJK(line.text),
            all.map(\.text).joined(separator: " ") == Text.collapseSpaces(line.text)
        else { return nil }
        guard Text.digitCount(line.text) == 0, !line.text.contains("@"), !TitleLines.webMarks(line.text)
        else { return separatingSmallerContact(line, similarType: similarType) }
        // First every word measured (an icon read as marks before a word is a type of its own);
        // then marks alone ("-", "&") left out of the measure, so that a dash where the types
        // change ("Yuki Kobayashi - Registrar", the role smaller) is dropped between the pieces.
        let measured = all.indices.filter { typeSize(of: all[$0]) != nil }
        for indices in [Array(all.indices), measured] where indices.count >= 2 {
            let words = indices.map { all[$0] }
            let sizes = words.map { typeSize(of: $0) ?? Double($0.box.height) }
            guard let cut = typeChange(words, sizes: sizes, similarType: similarType) else { continue }
            return all[...indices[cut - 1]].map(\.text).joined(separator: " ") + " | "
                + all[indices[cut]...].map(\.text).joined(separator: " ")
        }
        return nil
    }

    /// A line of words ending in a bracketed group in smaller type ("Nachiket Patel (M.Sc. ICT,
    /// SCJP)", the credentials a size down): the text with " | " before the group, so that the
    /// words before are a piece of their own; nil otherwise. Credentials in the name's own type
    /// stay with it (`sameType`: the ratios of type sizes one type shows). The words before are
    /// two or more, without digits or the joiners of an e-mail or web address; the group has no
    /// digits (a bracketed area code is a phone's).
    static func separatingSmallerBrackets(_ line: RecognizedLine, sameType: ClosedRange<Double>) -> String? {
        let all = line.words
        guard all.count >= 3, !Lexicons.isCJK(line.text),
            all.map(\.text).joined(separator: " ") == Text.collapseSpaces(line.text),
            all.last?.text.last.map({ ")]".contains($0) }) == true,
            let open = all.lastIndex(where: { $0.text.first.map { "([".contains($0) } == true }),
            open >= 2
        else { return nil }
        let head = all[..<open]
        let group = all[open...]
        guard
            head.allSatisfy({ w in
                w.text.contains(where: \.isLetter)
                    && !w.text.contains(where: { $0.isNumber || "@_/".contains($0) })
            }),
            !group.contains(where: { $0.text.contains(where: \.isNumber) })
        else { return nil }
        guard let headSize = medianTypeSize(of: head), let groupSize = medianTypeSize(of: group),
            groupSize / max(1, headSize) < sameType.lowerBound
        else { return nil }
        return head.map(\.text).joined(separator: " ") + " | " + group.map(\.text).joined(separator: " ")
    }

    /// A line of words without digits followed by a phone number in clearly smaller type
    /// ("Leandro Moura" and a number printed beside the name, read as one line: "Leandro Moura
    /// s81 98381-3575"): the text with " | " between them, so that the name is a piece of its
    /// own; nil otherwise. Digits are measured by their boxes against the words' boxes: in one
    /// type they come out nearly as tall; the number's must be outside `similarType` of the words'.
    static func separatingSmallerContact(
        _ line: RecognizedLine, similarType: ClosedRange<Double>
    ) -> String? {
        let all = line.words
        func opensNumber(_ w: RecognizedWord) -> Bool {
            w.text.contains(where: \.isNumber) || w.text.hasPrefix("+")
        }
        guard var first = all.firstIndex(where: opensNumber) else { return nil }
        // A label before the number goes with it ("NAKAMURA Emi T +81 75-627-0294").
        let marks = CharacterSet.punctuationCharacters
        let before = first > 0 ? Text.fold(all[first - 1].text.trimmingCharacters(in: marks)) : ""
        if Labels.latin[before]?.phoneKind != nil { first -= 1 }
        // The words: two or more, the first capitalised, none with digits or the joiners of an
        // e-mail or web address ("vikram_baner jee@kaveri.in" is one address).
        guard first >= 2, all[0].text.first?.isUppercase == true,
            all[..<first].allSatisfy({ w in
                w.text.contains(where: \.isLetter) && !w.text.contains(where: \.isNumber)
                    && !w.text.contains(where: { "@_/".contains($0) })
            })
        else { return nil }
        // The rest is a number (seven digits or more, a few stray letters at most: an icon, a
        // misread digit, a label), not an address line's street and town.
        let rest = all[first...].map(\.text).joined(separator: " ")
        guard Text.digitCount(rest) >= 7, rest.filter(\.isLetter).count <= 4, !rest.contains("@")
        else { return nil }
        func median(_ words: ArraySlice<RecognizedWord>) -> Double {
            let heights = words.map { Double($0.box.height) }.sorted()
            return heights[heights.count / 2]
        }
        // The number's own groups measure it: an icon or label read before it ("a9)»") is no digit.
        let groups = all[first...].filter { w in w.text.filter(\.isNumber).count >= 3 }
        let number = groups.isEmpty ? all[first...] : ArraySlice(groups)
        let ratio = median(number) / max(1, median(all[..<first]))
        guard ratio < 1, !similarType.contains(ratio) else { return nil }
        return all[..<first].map(\.text).joined(separator: " ") + " | "
            + all[first...].map(\.text).joined(separator: " ")
    }

    /// Where `words` change from one type to another (the index of the first word of the
    /// second), or nil.
    private static func typeChange(
        _ words: [RecognizedWord], sizes: [Double], similarType: ClosedRange<Double>
    ) -> Int? {
        func median(_ part: ArraySlice<Double>) -> Double { part.sorted()[part.count / 2] }
        func oneType(_ part: ArraySlice<Double>) -> Bool {
            let m = median(part)
            return part.allSatisfy { similarType.contains($0 / max(1, m)) }
        }
        return (1..<words.count).first { i in
            let left = sizes[..<i]
            let right = sizes[i...]
            let (l, r) = (median(left), median(right))
            let gap = Double(words[i].box.x - words[i - 1].box.maxX)
            return !similarType.contains(r / max(1, l)) && oneType(left) && oneType(right)
                && gap >= min(l, r)
        }
    }

    /// A line's box height depends on its letters: "Pinnacle LLP" has no descender, "Vikram
    /// Iyer" has one, "ure" has neither ascender nor descender. Dividing each word's height by
    /// the share of the em box its letters use makes lines of one font size comparable.
    static func fontSize(of piece: String, in line: RecognizedLine) -> Double {
        let wanted = Set(piece.split(separator: " ").map { Text.normalizeWidth(String($0)) })
        var words = line.words.filter { wanted.contains(Text.normalizeWidth($0.text)) }
        if words.isEmpty { words = line.words }
        return medianTypeSize(of: words) ?? Double(line.box.height)
    }

    /// The median of the words' type sizes (`typeSize(of:)`); nil when none can be measured.
    static func medianTypeSize(of words: some Collection<RecognizedWord>) -> Double? {
        let sizes = words.compactMap(typeSize(of:)).sorted()
        return sizes.isEmpty ? nil : sizes[sizes.count / 2]
    }

    /// The share of a Latin line's height below its baseline, under a cap height of 1 (typography,
    /// not fitted: descenders of common faces are a quarter to a third of the cap height).
    static let descenderShare = 0.28

    /// One word's type size: its box height over the share of the em box its letters use; nil
    /// for a word without letters or digits.
    static func typeSize(of word: RecognizedWord) -> Double? {
        let letters = word.text.filter { $0.isLetter || $0.isNumber }
        guard !letters.isEmpty, word.box.height > 0 else { return nil }
        if Text.containsHan(word.text) { return Double(word.box.height) }
        func isTall(_ c: Character) -> Bool { c.isUppercase || c.isNumber || "bdfhklt".contains(c) }
        let tall = letters.contains(where: isTall)
        let descends = letters.contains { "gjpqy".contains($0) }
        // Marks change the box too: an accent above a capital or ascender rises over the cap
        // height ("CÔNG", "İPEK"), one above a short letter reaches about the ascenders ("é");
        // a dot below or a cedilla hangs under the baseline ("MẠI", "ş").
        var top = tall ? 1.0 : 0.72
        var bottom = descends ? descenderShare : 0
        // A bracket spans about the ascenders to the descenders ("(M.Sc.", "SCJP)").
        if word.text.contains(where: { "()[]{}".contains($0) }) {
            top = max(top, 1)
            bottom = descenderShare
        }
        for c in letters where !c.isASCII {
            let marks = String(c).decomposedStringWithCanonicalMapping.unicodeScalars.dropFirst()
                .map(\.properties.canonicalCombiningClass.rawValue)
            if marks.contains(where: { $0 == 230 || $0 == 232 }) {
                top = max(top, isTall(c) ? 1 + accentShare : 1)
            }
            if marks.contains(where: { $0 == 220 || $0 == 202 }) { bottom = max(bottom, markBelowShare) }
        }
        return Double(word.box.height) / (top + bottom)
    }

    /// The rise of an accent over a capital, and the drop of a dot below or a cedilla under the
    /// baseline, under a cap height of 1 (typography, not fitted: "Ô" stands about a quarter
    /// higher than "O" in common faces; a dot below hangs about a fifth under the baseline).
    static let accentShare = 0.25
    static let markBelowShare = 0.2

    /// The box of a piece: the union of its words' boxes when the words can be matched, else the
    /// line's box (heights are what scoring needs, and they are the line's either way).
    private static func box(
        of piece: String, text: String, in line: RecognizedLine, parts: Int, index: Int, labelled: Bool
    ) -> PixelBox {
        // An icon read as a glyph before the line and dropped ("ọ 418, Citylight ..."): the box
        // keeps the line's left edge (the icon is aligned with the lines below, as a 〒 is) but
        // takes the text's height, not the often taller icon's.
        if parts == 1, !labelled, line.words.count >= 2,
            let firstToken = text.split(separator: " ").first.map(String.init),
            Text.normalizeWidth(line.words[1].text) == firstToken,
            !text.split(separator: " ").contains(where: { String($0) == Text.normalizeWidth(line.words[0].text) })
        {
            let rest = line.words.dropFirst().map(\.box)
            let words = rest.dropFirst().reduce(rest[0]) { $0.union($1) }
            return PixelBox(x: line.box.x, y: words.y, width: line.box.width, height: words.height)
        }
        guard parts > 1, !line.words.isEmpty else { return line.box }
        let wanted = Set(piece.split(separator: " ").map(String.init))
        let boxes = line.words.filter { wanted.contains(Text.normalizeWidth($0.text)) }.map(\.box)
        guard let first = boxes.first else { return line.box }
        return boxes.dropFirst().reduce(first) { $0.union($1) }
    }
}
