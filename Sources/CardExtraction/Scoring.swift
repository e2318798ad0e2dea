import CardModel
import Foundation

/// The single-valued text fields that compete for lines in the joint assignment.
enum TextField: Int, CaseIterable, Sendable {
    case name, title, department, company

    /// The contact field the line fills.
    var field: FieldName {
        switch self {
        case .name: .name
        case .title: .title
        case .department: .department
        case .company: .company
        }
    }

    /// The field's name in the scoring model and the line explanations.
    var key: String { field.rawValue }

    /// Score a line must beat for the field to take it rather than stay empty. Scores are
    /// margins: the model's bias holds the field's own threshold (ScoringModel).
    var threshold: Double { 0 }
}

/// What the card's contact fields say about its other lines (cross-evidence).
struct CardContext: Sendable {
    /// Email local parts, lowercased ("jane.doe"), in `mailboxes`' order.
    var localParts: [String]
    /// The local parts as `Romaji.key`s of three or more letters, made once a card for the
    /// Japanese surname match ("yokota.h" -> "yokotah").
    var romajiLocalParts: [String]
    /// Second-level labels of email and website domains, minus free-mail providers ("acme"):
    /// the labels of `mailboxes` and `siteLabels`, sorted.
    var domainLabels: [String]
    /// Each email's local part with its domain's label (nil for free-mail providers), and the
    /// labels of the websites: a mailbox at a host no website names may be the person's own
    /// (patriciac31@correio.net.br), not the firm's.
    var mailboxes: [(local: String, label: String?)]
    var siteLabels: Set<String>
    /// True when every email is a role address (info@, contact@): hints at a company-only card.
    var onlyRoleEmails: Bool
    /// Font size of the largest non-junk line.
    var tallest: Double
    /// True when the card has Han text (two or more lines with Han characters).
    var hanCard = false
    /// True when the card has kana (two or more hiragana or katakana): a Japanese card, where
    /// a Han line that splits into a Japanese surname and given name is a name. Chinese cards
    /// keep to the Chinese surname test.
    var kanaCard = false
    /// True when some line carries a Chinese legal form (有限公司).
    var hanCompanyLine = false

    static let freeMail: Set<String> = [
        "gmail", "googlemail", "yahoo", "hotmail", "outlook", "live", "msn", "aol", "icloud", "me", "gmx",
        "web", "qq", "163", "126", "sina", "sohu", "yeah", "foxmail", "protonmail", "mail", "t-online", "r7",
    ]
    static let roleLocalParts: Set<String> = [
        "info", "contact", "office", "sales", "hello", "mail", "support", "admin", "service", "enquiries",
        "inquiries", "team", "kontakt", "post", "reception", "hr", "jobs", "marketing", "billing", "help",
    ]

    init(emails: [String], websites: [String], sizes heights: [Double]) {
        mailboxes = emails.compactMap { email in
            email.split(separator: "@").first.map {
                (local: String($0), label: Self.domainLabels(emails: [email], websites: []).first)
            }
        }
        localParts = mailboxes.map(\.local)
        romajiLocalParts = localParts.map(Romaji.key).filter { $0.count >= 3 }
        siteLabels = Set(Self.domainLabels(emails: [], websites: websites))
        domainLabels = Set(mailboxes.compactMap(\.label)).union(siteLabels).sorted()
        onlyRoleEmails =
            !localParts.isEmpty && localParts.allSatisfy { CardContext.roleLocalParts.contains($0) }
        tallest = heights.max() ?? 1
    }

    /// Second-level labels of the domains of `emails` and `websites`, free-mail providers left
    /// out: "jane@acme.co.uk", "www.acme.com" -> ["acme"].
    static func domainLabels(emails: [String], websites: [String]) -> [String] {
        var labels: [String] = []
        let hosts =
            emails.compactMap { $0.split(separator: "@").last.map(String.init) }
            + websites.map { w in
                let lower = w.lowercased()
                let noScheme = lower.components(separatedBy: "://").last ?? lower
                return String(noScheme.split(separator: "/").first ?? "")
            }
        for host in hosts {
            var parts = host.split(separator: ".").map(String.init)
            if parts.first?.hasPrefix("www") == true { parts.removeFirst() }
            // acme.co.uk -> acme; acme.com -> acme
            while parts.count > 1, let last = parts.last,
                last.count <= 3 || Contacts.genericTLDs.contains(last)
            {
                parts.removeLast()
            }
            if let label = parts.last, label.count >= 2, !CardContext.freeMail.contains(label) {
                labels.append(label)
            }
        }
        return Array(Set(labels)).sorted()
    }
}

/// Scores of one segment for every text field, with the reasons behind them.
struct SegmentScores: Sendable {
    /// The strongest reasons for a field, strongest first.
    func topReasons(_ field: TextField, _ count: Int = 3) -> [String] {
        reasons[field.rawValue].enumerated().sorted {
            $0.element.weight != $1.element.weight
                ? $0.element.weight > $1.element.weight : $0.offset < $1.offset
        }
        .prefix(count).map(\.element.text)
    }

    var values: [Double] = Array(repeating: 0, count: TextField.allCases.count)
    /// Reasons with the score they added, per field.
    var reasons: [[(text: String, weight: Double)]] = Array(repeating: [], count: TextField.allCases.count)
    /// Log-odds that the line is part of the address (the model's `address` weights).
    var address: Double = 0
    var addressReasons: [String] = []
    /// The line is more likely part of the address than not (log-odds above 0): titles and
    /// company names never continue onto it, and its numbers are not phones.
    var addressLike: Bool { address > 0 }
    var junk = false
    /// Lexicon flags the assignment's layout rules need.
    var hasRole = false
    var hasQualifier = false
    var hasDepartmentMarker = false
    /// Its only address words are company words too ("Remote Sensing Applications Centre"), it
    /// has no number and three or more other words: an organisation's name, not an address's
    /// first line (a building's name is short: "Moto Centre", "World Trade Center").
    var namesOrganisation = false
    /// Its only address words are company words too and it has no number (so no postcode),
    /// country or label ("Training Centre", "Moto Centre"): a building's name or a company's
    /// descriptor. A building's name is an address line only with its street.
    var premisesOnly = false
    var nameLike = false
    /// Nothing but legal forms ("Ltd.", "Pvt. Ltd.", "A.Ş."): the end of a company name printed
    /// on the line above.
    var onlyLegalForms = false
    /// A sentence-like line (several lower-case words): a tagline, not a field.
    var tagline = false
    /// Nothing of a company's: no legal form, company word or resemblance to the card's domain
    /// (`no_company_evidence`), and no partners' names joined by "&".
    var lacksCompanyEvidence: Bool {
        features["no_company_evidence"] > 0 && features["partners"] == 0
    }
    /// The evidence the field scores were computed from.
    var features = Features()

    subscript(field: TextField) -> Double {
        get { values[field.rawValue] }
        set { values[field.rawValue] = newValue }
    }

    mutating func add(_ field: TextField, _ delta: Double, _ reason: String? = nil) {
        values[field.rawValue] += delta
        if let reason { reasons[field.rawValue].append((reason, delta)) }
    }
}

/// Scores lines against fields from layout, lexicons, shapes and cross-evidence.
struct LineScorer: Sendable {
    let lexicons: Lexicons
    let context: CardContext

    /// Japan's postal mark and a postcode, nothing else ("〒450-0002").
    static func isJapanesePostcode(_ text: String) -> Bool {
        text.range(of: #"^〒\s?[0-9]{3}-[0-9]{4}$"#, options: .regularExpression) != nil
    }

    /// Whether a segment is noise rather than text. `spellsDomain`: the line resembles the card's
    /// e-mail or web domain, so it is text however unsure OCR was (a wordmark in display type,
    /// "Motiersandmounts" at 0.2).
    static func isJunk(_ segment: Segment, spellsDomain: Bool = false) -> Bool {
        let text = segment.text
        // A printed rule read as characters ("一一", "ーー", "———") is no text: it must not stand
        // between a name and its title (realcards tune: "一一" under a Chinese name).
        if text.contains(where: { $0 != " " }), text.allSatisfy({ $0 == " " || LineScorer.ruleCharacters.contains($0) }) {
            return true
        }
        // A Han character or a Hangul syllable is a word's worth of letters: "經理", "차장".
        let letters = Text.latinLetterCount(text) + 2 * Text.hanCount(text) + ContactText.hangulCount(text)
        let meaningful = text.filter { $0.isLetter || $0.isNumber }.count
        let visible = text.filter { $0 != " " }.count
        if letters < 3 && Text.digitCount(text) < 3 {
            // "UK" on its own line ends an address; other two-letter pieces are noise.
            let core = text.trimmingCharacters(in: CharacterSet(charactersIn: " .,"))
            let folded = Text.fold(core)
            let lexicons = Lexicons.shared
            if folded.count >= 2 && lexicons.countries[folded] != nil { return false }
            // A legal form with its dots ends a company name wrapped before it ("Lomoti Lojistik"
            // / "A.Ş.", "Veltra" / "S.A.").
            if folded.contains("."), lexicons.isCompanyForm(folded) { return false }
            // So does a state's code in capitals ("Porto Alegre" / "RS", "Curitiba | PR"); and a
            // form printed before the name opens one ("PT" / "Elka Indonesia").
            if core.count == 2, core.allSatisfy({ $0.isUppercase }),
                lexicons.brazilianStates.contains(core) || lexicons.subdivisionCodes[core] != nil
                    || lexicons.leadingCompanyForms.contains(folded)
            {
                return false
            }
            // A unit's number set apart before the street ("G-1 | Plot A-27 | Road No.10", the bars
            // lost): a block letter and its number joined by a hyphen.
            let unitNumber = #"^([A-Z]{1,2}-[0-9]{1,3}|[0-9]{1,3}-[A-Z]{1,2})$"#
            if core.range(of: unitNumber, options: .regularExpression) != nil { return false }
            return true
        }
        if visible > 0 && Double(meaningful) / Double(visible) < 0.6 { return true }
        if isDegreeLine(text) { return true }
        // A postcode after Japan's postal mark, alone on its line, is no noise however unsure the
        // reading: the mark itself is what OCR misread ("7450-0002", repaired to "〒450-0002").
        if LineScorer.isJapanesePostcode(text) { return false }
        return segment.confidence < 0.3 && !spellsDomain
    }

    /// A line of degrees alone, printed under a name ("B.E., M.Tech", "M.B.B.S., M.D. (OBGY)",
    /// "MBA, CPA"): left out of the name and the title, as the labels leave it (the degrees on the
    /// name's own line stay with the name). A specialisation in brackets goes with the degrees.
    /// One short degree alone ("MA", "MD") may be a state's code: it needs a dot or four letters.
    static func isDegreeLine(_ text: String) -> Bool {
        let bare = text.replacingOccurrences(of: #"\([^()]*\)"#, with: " ", options: .regularExpression)
        let words = bare.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "/" || $0 == "|" })
            .map { Text.fold(String($0)) }
        guard !words.isEmpty, words.allSatisfy(Lexicons.shared.isNameSuffix) else { return false }
        return words.count >= 2 || words[0].contains(".") || words[0].count >= 4
    }

    /// Wood grain, fabric or a striped desk read with a CJK model comes out as strokes with
    /// a few kana between them ("ーーデーニー一", "ニーーーデ"): more than half strokes. Such a
    /// line is neither Han text (the Han-card test) nor the card's type (its size context).
    static func isTexture(_ text: String) -> Bool {
        let visible = text.filter { $0 != " " }
        let strokes = visible.filter { ruleCharacters.contains($0) || "ニ二".contains($0) }
        return strokes.count * 2 > visible.count
            && text.unicodeScalars.contains(where: { $0.value >= 0x3000 })
    }

    /// Characters a printed line or dash is read as.
    static let ruleCharacters: Set<Character> = ["一", "ー", "―", "—", "–", "-", "_", "~", "=", "|", "丨", "─", "━"]

    /// Words and affixes of a possible person name.
    struct NameShape {
        var core: [String]
        var hasAffix: Bool
        var wellFormed: Bool
        var chinese: Bool
        var chineseSurname: Bool
        /// A Han line that splits into a known surname and a known given name ("大川幸則").
        var hanGivenName = false

        /// A word of initials only: "C.", "K.V.", "M" (not "Mr.": honorifics are stripped before).
        static func isInitials(_ word: String) -> Bool {
            let letters = word.filter { $0 != "." }
            return !letters.isEmpty && letters.count <= 3 && letters.allSatisfy(\.isUppercase)
                && (letters.count == 1 || word.filter { $0 == "." }.count >= letters.count - 1)
        }
    }

    /// Whether a Han line is a Chinese surname followed by one or two characters of Chinese given
    /// names: "陳德威" (陳 + 德威), "欧阳娜娜" (欧阳 + 娜娜).
    func splitsIntoChineseName(_ compact: String) -> Bool {
        let chars = Array(compact)
        guard (2...4).contains(chars.count) else { return false }
        for n in [2, 1] where n < chars.count {
            let given = chars[n...]
            if given.count <= 2, lexicons.chineseSurnames.contains(String(chars[..<n])),
                given.allSatisfy({ lexicons.chineseGivenNameChars.contains(String($0)) })
            {
                return true
            }
        }
        return false
    }

    /// Whether a Han line of three to six letters on a kana card is a known Japanese surname
    /// followed by one to three Han letters, the line holding no department, branch, title or
    /// company word (a two-letter line such as "城北" is a place or a piece of a longer line).
    func startsWithJapaneseSurname(_ compact: String) -> Bool {
        let chars = Array(compact)
        guard context.kanaCard, (3...6).contains(chars.count), chars.allSatisfy({ Text.containsHan(String($0)) }),
            lexicons.departmentMarkersHan.suffixes(of: compact).isEmpty,
            lexicons.branchMarkersJapanese.suffixes(of: compact).isEmpty,
            lexicons.titleHan.matches(in: compact).isEmpty, !lexicons.companyFormsHan.occurs(in: compact)
        else { return false }
        return (1...3).contains { n in
            n < chars.count && chars.count - n <= 3 && lexicons.japaneseSurnames.contains(String(chars[..<n]))
        }
    }

    /// Whether a Han line is a known Japanese surname followed by a known given name, with
    /// nothing else: "大川幸則" (大川 + 幸則), "井上ひろみ". The longest surname is tried first.
    func splitsIntoJapaneseName(_ compact: String) -> Bool {
        let chars = Array(compact)
        guard (2...6).contains(chars.count), let first = chars.first, Text.containsHan(String(first)) else {
            return false
        }
        for n in stride(from: min(3, chars.count - 1), through: 1, by: -1) {
            let given = String(chars[n...])
            if given.count <= 3, lexicons.japaneseSurnames.contains(String(chars[..<n])),
                lexicons.japaneseGivenNames.contains(given)
            {
                return true
            }
        }
        return false
    }

    /// Whether most words of a Latin line are implausible as printed words: a case switch
    /// inside a word ("BINesSho"), no vowel in a longer word ("Wkpt"), or letters and digits
    /// mixed ("S0nv6"), except postcode-like tokens. Han text is never gibberish here, and kana
    /// or Hangul words are not judged by these Latin rules.
    static func isGibberish(_ text: String) -> Bool {
        guard !Text.containsHan(text) else { return false }
        let words = text.split(separator: " ").map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: ",.;:()'\"-|"))
        }
        .filter { $0.count >= 3 }
        guard words.count >= 1 else { return false }
        let vowels = Set("aeiouyAEIOUYàáâäãåèéêëìíîïòóôöõøùúûüýÀÁÂÄÃÅÈÉÊËÌÍÎÏÒÓÔÖÕØÙÚÛÜÝ")
        var bad = 0
        for w in words {
            // A legal form is a printed word however it spells ("GmbH").
            if Lexicons.shared.isCompanyForm(Text.fold(w)) { continue }
            // Kana and Hangul have no vowels to miss: "アシスタントマネージャー" is a word.
            let letters = w.filter { $0.isLetter && !$0.unicodeScalars.contains(where: Lexicons.isCJK) }
            let digits = w.filter(\.isNumber)
            var caseSwitch = false
            let chars = Array(w)
            for i in 1..<chars.count where chars[i].isUppercase && chars[i - 1].isLowercase {
                // "McDonald", "MacLeod", "DeVries", "iPhone"-style brands are fine at 1 switch after 1-3 letters
                if i > 3
                    || chars.dropFirst(i).contains(where: \.isUppercase)
                        && chars.dropFirst(i + 1).contains(where: \.isLowercase)
                {
                    caseSwitch = true
                }
            }
            // Vietnamese vowels carry two marks ("Ngọc", "Đằng"): judged without them.
            let noVowel = letters.count >= 4
                && !Text.fold(String(letters)).contains(where: { vowels.contains($0) })
            // A town and its postcode joined by a hyphen ("Chennai-600041") are two printed words.
            let pieces = w.split(separator: "-")
            let joinedPieces = pieces.count == 2
                && pieces.allSatisfy { $0.allSatisfy(\.isLetter) || $0.allSatisfy(\.isNumber) }
            let mixed =
                !digits.isEmpty && letters.count >= 2 && !(w.count <= 4 && w == w.uppercased())
                && !joinedPieces
                && !w.allSatisfy({ $0.isNumber || $0 == "-" || $0.isUppercase }) && !w.hasSuffix("th")
                && !w.hasSuffix("st")
                && !w.hasSuffix("nd") && !w.hasSuffix("rd")
            if caseSwitch || noVowel || mixed { bad += 1 }
        }
        // More than half: one misread word ("Calle Col6én") does not make a line garbage.
        return Double(bad) > Double(words.count) / 2
    }

    /// A firm named after its partners: capitalised names on both sides of "&", one or two words
    /// each ("Baker & McKenzie", "Velsava & Lenmi"), nothing else on the line.
    static func isPartnership(_ text: String) -> Bool {
        let sides = text.split(separator: "&", omittingEmptySubsequences: false)
        guard sides.count == 2 else { return false }
        return sides.allSatisfy { side in
            let words = side.split(separator: " ")
            return (1...2).contains(words.count) && words.allSatisfy { word in
                word.first?.isUppercase == true && word.count >= 2
                    && word.allSatisfy { $0.isLetter || $0 == "'" || $0 == "’" || $0 == "-" || $0 == "." }
            }
        }
    }

    /// Pronouns and possessives that slogans use and titles, departments and names do not.
    static let sloganWords: Set<String> = [
        "your", "our", "we", "you", "us", "my", "votre", "notre", "nous", "vous", "ihr", "ihre", "ihren",
        "unser", "unsere", "wir", "nuestro", "nuestra", "nosotros", "seu", "sua", "nosso", "nossa", "tu",
    ]

    /// Small words that join the parts of titles and departments ("Head of Research &").
    static let connectors: Set<String> = [
        "of", "and", "&", "for", "to", "the", "in", "at", "und", "für", "de", "des", "du", "et", "y", "del",
        "la",
        "le", "van", "voor", "en", "e", "di", "da",
    ]

    /// Joins a word OCR split in two: "Arj un Patel" -> "Arjun Patel". A fragment is a lower-case
    /// piece of at most three letters after a capitalised word, and not a particle ("de").
    static func mergeFragments(_ text: String) -> String {
        var out: [String] = []
        for word in text.split(separator: " ").map(String.init) {
            let previousMixedCase = out.last.map { $0.dropFirst().contains(where: \.isLowercase) } ?? false
            // A lower-case piece of three letters or fewer ("Arj un"), or any after a capitalised
            // piece of one or two letters ("Sa bine", "C arter"), ends the word before it.
            if let previous = out.last, previous.first?.isUppercase == true, previous.allSatisfy(\.isLetter),
                word.count <= 3 || previous.count <= 2, word.allSatisfy({ $0.isLetter && $0.isLowercase }),
                !Lexicons.shared.nameParticles.contains(word),
                !Text.containsHan(word)
            {
                out[out.count - 1] = previous + word
            } else if let previous = out.last, previousMixedCase, previous.allSatisfy(\.isLetter),
                (2...3).contains(word.count),
                word.allSatisfy({ $0.isLetter && $0.isUppercase }),
                !Lexicons.shared.nameSuffixes.contains(Text.fold(word)),
                !Lexicons.shared.givenNames.contains(Text.fold(previous)),
                !Text.containsHan(word)
            {
                // "Xiu Zha NG": an upper-case tail OCR split off a mixed-case word; after a given
                // name it is a short surname in capitals ("Derya KOÇ", "Yuki ITO")
                out[out.count - 1] = previous + word.lowercased()
            } else if let previous = out.last, previous.count >= 2, word.count >= 2,
                (previous + word).allSatisfy({ $0.isLetter && $0.isUppercase }),
                Lexicons.shared.isNameWord(Text.fold(previous + word)),
                !Lexicons.shared.isNameWord(Text.fold(previous)),
                !Lexicons.shared.nameParticles.contains(Text.fold(previous))
            {
                // A name word in capitals OCR split where the type is spaced wide ("Özlem ARS LAN",
                // "Kaori FUJ ITA", "BU RAK KURT"): the halves make a surname or a given name, the
                // first is no name word.
                out[out.count - 1] = previous + word
            } else {
                out.append(word)
            }
        }
        return out.joined(separator: " ")
    }

    /// An initial whose dot OCR read as a colon or semicolon ("J. C: CHAUHAN"): "C.".
    static func repairInitial(_ word: String) -> String {
        guard word.count == 2, let first = word.first, first.isUppercase, let last = word.last,
            last == ":" || last == ";"
        else { return word }
        return String(first) + "."
    }

    /// Initials printed without spaces before a surname ("D.K.Umak", "J.C.Chauhan", common on
    /// Indian cards) as separate words: ["D.", "K.", "Umak"]. Other words are returned whole.
    static func splitGluedInitials(_ word: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(word)
        while rest.count >= 3, let first = rest.first, first.isUppercase, first.isLetter,
            rest.dropFirst().first == "."
        {
            parts.append(String(rest.prefix(2)))
            rest = rest.dropFirst(2)
        }
        guard !parts.isEmpty, parts.count <= 3, rest.count >= 2, rest.first?.isUppercase == true,
            rest.dropFirst().allSatisfy({ $0.isLetter && $0.isLowercase })
        else { return [word] }
        return parts + [String(rest)]
    }

    func nameShape(_ text: String) -> NameShape {
        // A bilingual name line, the Han name and then the Latin one ("陳大文 Alan Chan"): shaped
        // by its Latin part when that is a name, else by its Han part.
        let tokens = text.split(separator: " ")
        if let split = tokens.firstIndex(where: { !Text.containsHan(String($0)) }), split > 0,
            tokens[..<split].allSatisfy({ $0.allSatisfy(Text.isHan) }),
            (2...4).contains(tokens[..<split].reduce(0) { $0 + $1.count }),
            (2...3).contains(tokens.count - split), tokens[split...].allSatisfy({ $0.allSatisfy(\.isLetter) })
        {
            let latin = nameShape(tokens[split...].joined(separator: " "))
            return latin.wellFormed ? latin : nameShape(tokens[..<split].joined())
        }
        let compact = text.replacingOccurrences(of: " ", with: "")
        let japaneseName = context.kanaCard && splitsIntoJapaneseName(compact)
        if japaneseName || (Text.hanCount(compact) == compact.count && (2...4).contains(compact.count)) {
            // A Japanese surname counts when an e-mail spells it: the given name after it may be
            // one IPAdic lacks ("横田浩紀" beside yokota.h@...); on a kana card also when a
            // known surname is followed by a few Han letters that are no field's words
            // ("島津華梨": 華梨 is in no list; "大宮西口店" ends in a branch word).
            let surname =
                japaneseName || lexicons.opensWithChineseSurname(compact)
                || japaneseSurnameInLocalPart(compact) || startsWithJapaneseSurname(compact)
            return NameShape(
                core: [compact], hasAffix: false, wellFormed: true, chinese: true, chineseSurname: surname,
                hanGivenName: japaneseName || (!context.kanaCard && splitsIntoChineseName(compact)))
        }
        // Korean names: two to four Hangul syllables, a Korean surname first ("김민준").
        if compact.count >= 2, compact.count <= 4,
            compact.unicodeScalars.allSatisfy({ (0xAC00...0xD7AF).contains($0.value) })
        {
            let surname =
                lexicons.hangulSurnames.contains(String(compact.prefix(1)))
                || lexicons.hangulSurnames.contains(String(compact.prefix(2)))
            return NameShape(
                core: [compact], hasAffix: false, wellFormed: true, chinese: true, chineseSurname: surname)
        }
        var words: [String] = LineScorer.mergeFragments(text).split(separator: " ").flatMap {
            Self.splitGluedInitials(String($0))
        }.map(Self.repairInitial)
        var hasAffix = false
        func strip(_ w: String) -> String {
            Text.fold(w).trimmingCharacters(in: CharacterSet(charactersIn: ","))
        }
        while let first = words.first, lexicons.namePrefixes.contains(strip(first)) {
            // "M." is Monsieur or an initial: before one word it is the initial ("M. Harish").
            if strip(first).count <= 2 && words.count <= 2 { break }
            words.removeFirst()
            hasAffix = true
        }
        // Post-nominals in brackets after the name ("Chinedu Abubakar (M.Sc., PMP)").
        if let open = words.lastIndex(where: { $0.hasPrefix("(") }), open >= 2,
            words.last?.hasSuffix(")") == true
        {
            let inner = words[open...].joined(separator: " ").dropFirst().dropLast()
            let parts = inner.split(whereSeparator: { $0 == "," || $0 == " " }).map { strip(String($0)) }
            if !parts.isEmpty, parts.allSatisfy({ lexicons.nameSuffixes.contains($0) }) {
                words.removeSubrange(open...)
                hasAffix = true
            }
        }
        while let last = words.last, lexicons.nameSuffixes.contains(strip(last)), words.count > 1 {
            words.removeLast()
            hasAffix = true
        }
        let core = words.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ",")) }.filter {
            !$0.isEmpty
        }
        // Particles inside a name ("van", "BIN"), not at its ends.
        func innerParticle(_ i: Int, _ w: String) -> Bool {
            i > 0 && i < core.count - 1 && lexicons.nameParticles.contains(w.lowercased())
        }
        let wordOK = core.enumerated().allSatisfy { (i, w) in
            if innerParticle(i, w) { return true }
            guard let first = w.first, first.isLetter, first.isUppercase else { return false }
            return w.allSatisfy { $0.isLetter || $0 == "-" || $0 == "'" || $0 == "’" || $0 == "." }
                && !Text.containsHan(w)
        }
        let initials = core.filter { $0.count == 1 || ($0.count == 2 && $0.hasSuffix(".")) }
        // The name connectors, and the ampersand and "and" that join partners' names.
        let joiners = lexicons.nameConnectors.union(["&", "and"])
        let connector = core.dropFirst().dropLast().contains { joiners.contains($0.lowercased()) }
        let enumeration = connector && (core.count == 3 || words.dropLast().contains { $0.hasSuffix(",") })
        // Particles inside a name do not make it longer: "Muhammad Rushdi bin Abu Hassan" is
        // four names joined by a patronymic, like "Ludwig van Beethoven" is two.
        let named = core.enumerated().filter { !innerParticle($0.offset, $0.element) }.count
        let wellFormed =
            // Two initials before a surname are common in India ("J. C. CHAUHAN").
            (2...4).contains(named) && wordOK && initials.count <= (core.count >= 3 ? 2 : 1)
            && initials.count < core.count
            // A name ends with a surname, or in the South Indian way with the initial of the
            // father's or family name after a dot ("Kumar Swamy. M", "Shweta Chowdary. B").
            && (!(core.last.map { initials.contains($0) } ?? false)
                || (core.count >= 3 && core[core.count - 1].count == 1 && core[core.count - 2].hasSuffix(".")
                    && core[core.count - 2].count > 2))
            // The English article opens an organisation's name ("The Korkor Collective"), never a
            // person's, though it folds to a Vietnamese given name (Thế).
            && !["The", "THE"].contains(core.first ?? "")
            // Two single words joined by "e", "y" or "&" are two people, as a firm is named after
            // its partners ("FLÁVIO E VALDEQUE"), and words listed with commas before one are a
            // trade's services ("MECÂNICA, FUNILARIA E PINTURA"); the connector joins family names
            // after a given name ("Ana Silva e Souza").
            && !enumeration
        return NameShape(
            core: core, hasAffix: hasAffix, wellFormed: wellFormed, chinese: false, chineseSurname: false)
    }

    /// The name after a role printed as its honorific ("Professor Mary-Kate Foster"), its affix
    /// marked; nil unless the line's first word is such a role before two or more words that read
    /// as a name with a given name or surname the lexicons know.
    func nameAfterHonorific(_ text: String, words: [String]) -> NameShape? {
        guard words.count >= 3, lexicons.titleRolesBeforeName.contains(words[0]) else { return nil }
        var name = nameShape(String(text.drop { !$0.isWhitespace }.drop(while: \.isWhitespace)))
        guard name.wellFormed, !name.chinese, name.core.count >= 2,
            name.core.contains(where: { lexicons.isNameWord(Text.fold($0)) })
        else { return nil }
        name.hasAffix = true
        return name
    }

    func score(_ segment: Segment) -> SegmentScores {
        var s = SegmentScores()
        let text = segment.text
        let folded = Text.fold(text)
        let words = Text.foldedWords(text)
        let wordSet = Set(words)
        let digits = Text.digitCount(text)
        let han = Text.hanCount(text)
        let ratio = segment.size / max(1, context.tallest)

        // Lexicon hits. A role printed before a name as its honorific ("Professor Mary-Kate
        // Foster": the labels keep it in the name) is the name's affix, not the line's role, when
        // the words after it read as a name with a given name or surname the lexicons know.
        let honorificName = nameAfterHonorific(text, words: words)
        let roleHits = lexicons.roleHits(words: words, folded: folded).filter {
            !(honorificName != nil && $0 == words[0])
        }
        // A role word inside a unit's name is the unit's function, not a role: 法務 of 法務室,
        // 經理 of 總經理室 (the general manager's office).
        let tokens = han > 0 ? text.split(separator: " ").map(String.init) : []
        let units = tokens.filter(Segment.isHanUnit)
        let roleHan = lexicons.titleHan.matches(in: text).filter { role in
            units.isEmpty || tokens.contains { !units.contains($0) && $0.contains(role) }
        }
        let qualifierHits = words.filter { lexicons.titleQualifiers.contains($0) }
        // A unit word after "National", "Federal" or "State" names the organisation itself
        // ("Oltek National Laboratory", "National Bureau of Statistics").
        // "Group" after a name and nothing else names the firm ("Naixlen Group"); after a business
        // function it is a unit ("Sales Group").
        let firmGroup = words.count >= 2 && words.last == "group"
            && !words.dropLast().contains {
                lexicons.departmentAreas.contains($0) || lexicons.departmentMarkers.contains($0)
            }
        // A unit word inside a role of several words names a rank, not a unit: "Section Chief",
        // "Office Manager", "Trưởng phòng".
        let roleWords = Set(
            roleHits.filter { $0.contains(" ") }.flatMap { $0.split(separator: " ").map(String.init) })
        let deptMarker =
            words.enumerated().filter { i, w in
                lexicons.departmentMarkers.contains(w) && !roleWords.contains(w)
                    && !(i > 0 && lexicons.organisationBeforeUnit.contains(words[i - 1]))
                    && !(firmGroup && i == words.count - 1)
            }.map(\.element)
            + lexicons.departmentMarkerPhrases.matches(inFolded: folded)
        var deptMarkerHan = lexicons.departmentMarkersHan.suffixes(of: text)
        // On a Japanese card a line ending in a branch word is the branch ("大宮西口店", "大阪支店").
        if context.kanaCard, lexicons.branchCompaniesJapanese.suffixes(of: text).isEmpty {
            deptMarkerHan += lexicons.branchMarkersJapanese.suffixes(of: text)
        }
        // Short function words count only as printed in capitals: "IT", "HR", not "it".
        let printedWords = Set(Text.words(text))
        // Compounds that end in a company word ("geosystems", "infotech", "ironworks") count too.
        let companyWordHits = words.filter { w in
            lexicons.companyWords.contains(w)
                || (w.allSatisfy(\.isLetter)
                    && lexicons.companyCompoundEnds.contains { w.hasSuffix($0) && w.count >= $0.count + 3 })
        }
        // What follows a company word and "of" is the organisation's subject, not a unit of it
        // ("Council of Science & Technology", "Institute of Technology", "Bank of Commerce").
        let companyWordOf = words.indices.dropLast().first { i in
            words[i + 1] == "of" && companyWordHits.contains(words[i])
        }
        let unitWords = companyWordOf.map { Array(words[..<$0]) } ?? words
        let deptArea =
            unitWords.filter { w in
                lexicons.departmentAreas.contains(w) && (w.count > 3 || printedWords.contains(w.uppercased()))
            }
            + lexicons.departmentAreaPhrases.matches(inFolded: folded).filter { phrase in
                companyWordOf == nil || Text.containsRun(Text.foldedWords(phrase), in: unitWords)
            }
        // A Han function word names a department only with its unit word ("市场部", not "技术",
        // which is as likely a title clipped by OCR).
        let deptAreaHan =
            deptMarkerHan.isEmpty ? [] : lexicons.departmentAreasHan.matches(in: text)
        // Forms of several words match as phrases ("Group of Companies": a group's name, not a
        // unit called Group).
        let formHits = companyFormHits(text) + lexicons.companyFormPhrases.matches(inFolded: folded)
        let formHan = lexicons.companyFormsHan.matches(in: text)
        // "Sector-15", "Tower-B", "Block-C": an address word with its number or letter hyphenated on.
        func addressWord(_ w: String) -> Bool {
            lexicons.addressWords.contains(w)
                || lexicons.addressSuffixes.contains { w.hasSuffix($0) && w.count > $0.count + 2 }
        }
        // "JI. Pemuda": the street word "Jl." with its l read as a capital I.
        let jalanMisread = AddressFinder.repairJalan(text) != text
        let addressHits = words.enumerated().filter { i, w in
            // "St. Francis", "St-Laurent": "St" before a name is Saint; the street's "St" follows it.
            if i == 0, w == "st", words.count > 1 { return false }
            if w == "ji", jalanMisread { return true }
            if addressWord(w) { return true }
            let parts = w.split(separator: "-", maxSplits: 1)
            return parts.count == 2 && parts[1].count <= 3 && parts[1].allSatisfy { $0.isLetter || $0.isNumber }
                && addressWord(String(parts[0]))
        }.map { $0.element == "ji" && jalanMisread ? "jl" : $0.element }
            // Vietnamese address words keep their accents ("Phường 6", not the name "Phương").
            + text.lowercased().split(separator: " ").map {
                String($0.trimmingCharacters(in: CharacterSet(charactersIn: ".,:;")))
            }.filter { lexicons.addressWordsAccented.contains($0) }
        let addressHan = lexicons.addressHan.matches(in: text)
        var shape = honorificName ?? nameShape(text)
        // A country's name alone ("Việt Nam", the second line of "Công ty TNHH Tekzo Việt Nam")
        // is no person's, though its words are a given name and a surname.
        if lexicons.countries[Text.fold(text)] != nil { shape.wellFormed = false }
        let firstCore = shape.core.first.map { Text.fold($0) } ?? ""
        // The given name is the first word that is no initial: South Indian names put the
        // initial of the father's or family name first ("C. Rajesh", "K.V. Vishwanathan").
        let givenWord = shape.core.first(where: { !NameShape.isInitials($0) }) ?? ""
        // Vietnamese, Chinese and Korean names in Latin letters put the surname first ("Võ Ngọc
        // An", "Zhang Wei"): a known surname first and a known given name after it.
        let surnameFirst =
            !shape.chinese && shape.core.count >= 2 && lexicons.surnames.contains(firstCore)
            && shape.core.dropFirst().contains { lexicons.givenNames.contains(Text.fold($0)) }
        // A patronymic inside a name ("KHAIRUL BIN OTHMAN") marks a given name before it and the
        // father's name, which stands for a surname, after it, whether the lexicons know them.
        let patronymic = !shape.chinese && shape.wellFormed
            && shape.core.dropFirst().dropLast().contains {
                lexicons.namePatronymics.contains($0.lowercased())
            }
        let givenHit =
            shape.hanGivenName || patronymic
            || (!shape.chinese
                && lexicons.isGivenName(printed: givenWord))
        // The surname is the last word that is no initial: Indian names may end with initials
        // ("Swathi Kumar H.A", "Kumar Swamy. M").
        let surnameWord = shape.core.dropFirst().last(where: { !NameShape.isInitials($0) }) ?? ""
        // A surname set in capitals among a given name in mixed case marks itself wherever it
        // stands: Japanese romaji puts it first ("ISHIKAWA Ryo"), French and Turkish cards last.
        let capitalSurname =
            shape.core.contains { w in
                w.count >= 2 && w.allSatisfy { !$0.isLetter || $0.isUppercase }
                    && lexicons.surnames.contains(Text.fold(w))
            }
            && shape.core.contains { w in
                w.first?.isUppercase == true && w.dropFirst().contains(where: \.isLowercase)
            }
        let surnameHit =
            !shape.chinese && shape.core.count >= 2
            && (capitalSurname || patronymic
                || lexicons.surnames.contains(Text.fold(surnameWord).trimmingCharacters(in: ["."])))
        let hasRole = !roleHits.isEmpty || !roleHan.isEmpty
        let hasForm = !formHits.isEmpty || !formHan.isEmpty

        // Cross-evidence with emails and websites.
        // A person's name, not a firm's: a small business's address spells its own name
        // (acme.works@gmail.com beside "ACME ENGINEERING WORKS"), and company words say the line
        // is the firm's. (A legal form does not: Indian initials read as one, "Jignesh Kumar K.K".)
        let emailMatch = shape.wellFormed && companyWordHits.isEmpty && nameMatchesLocalPart(shape.core)
        let key = Text.alphanumericKey(text)
        // A name that its mailbox spells is not resembling the mailbox's host: "Patrícia B.
        // Correia" beside patriciac31@correio.net.br is no firm called Correio.
        // A firm named after its partners spells its host in full ("GOLDBERG STEIN" beside
        // rgoldberg@goldbergstein.com): a line with no given name that is its host label exactly
        // still resembles it, though one of its words is the mailbox's.
        let skipping: Set<String> = emailMatch
            ? personalMailHosts(shape.core).filter { label in
                givenHit || label.replacingOccurrences(of: "-", with: "") != key
            }
            : []
        // German domains spell an umlaut with an e after the vowel ("Müller & Söhne",
        // mueller-soehne.de), which the folded key drops.
        // An ampersand is spelled "and" ("Bloom & Vine", bloomandvine.com).
        let spelledOut = Text.alphanumericKey(Text.umlautsSpelledOut(text))
        let withAnd = Text.alphanumericKey(text.replacingOccurrences(of: "&", with: "and"))
        let domainMatch = [key, spelledOut, withAnd].enumerated()
            .filter { n, k in n == 0 || k != key }
            .map { domainResemblance(key: $0.element, words: words, skipping: skipping) }.max() ?? 0
        s.junk = LineScorer.isJunk(segment, spellsDomain: domainMatch > 0)

        // Every piece of evidence is a named feature; the model's weights turn them into one
        // score per field (ScoringModel: fitted from labelled cards, in models/scoring/).
        var f = Features()
        let givenShape = shape.wellFormed && givenHit
        // Chinese cards print the Chinese name, title and company with an English translation
        // below; the truth of such a card is the Chinese line. The English company line also
        // matches the domain ("Ruifeng" ~ ruifeng.com.cn), which the Chinese one cannot.
        // Latin means cased letters: a kana or Hangul line ("カノウ") is no translation.
        // A brand printed in Latin letters alone, spelling the card's domain ("Sanuker" beside
        // vicky@sanuker.com) where no line carries a Chinese legal form, is the firm's own name.
        let cased = text.filter { $0.isLetter && $0.isCased }
        let latinBrand = domainMatch > 0 && !context.hanCompanyLine
        if context.hanCard && han == 0 && !Lexicons.isCJK(text) && !cased.isEmpty && !latinBrand {
            f.set("latin_on_han_card")
            if context.hanCompanyLine { f.set("latin_beside_han_company") }
        }
        // Taglines ("Engineering better logistics") are sentences: several lower-case words.
        let lowerWords = text.split(separator: " ").filter { w in
            w.first?.isLowercase == true && w.count > 3 && !LineScorer.connectors.contains(String(w))
        }
        s.tagline =
            (lowerWords.count >= 2 || activityLine(text) || claimLine(text)
                || sentenceLine(text, phrases: roleHits + deptMarker + deptArea + formHits)) && !hasRole
        if s.tagline { f.set("tagline") }
        // OCR garbage ("BINesSho", "Dx}", "SIIGOW THE, 0780"): most words implausible. A line
        // that spells the e-mail or website's domain label exactly ("BIMgraFX" beside
        // bimgrafx.com) is a wordmark in its own casing, its letters read twice.
        let gibberish = LineScorer.isGibberish(text) && domainMatch < Self.spellsDomainLabel
        if gibberish { f.set("gibberish") }
        s.hasRole = hasRole
        s.hasQualifier = !qualifierHits.isEmpty
        s.onlyLegalForms = onlyLegalForms(text)
        s.hasDepartmentMarker = !deptMarker.isEmpty || !deptMarkerHan.isEmpty
        // Its address words are company words too ("Centre"), and it has no number.
        let companyAddressWordsOnly = !addressHits.isEmpty
            && addressHits.allSatisfy(lexicons.companyWords.contains) && Text.digitCount(text) == 0
        s.namesOrganisation = companyAddressWordsOnly && words.count - addressHits.count >= 3
        s.premisesOnly = companyAddressWordsOnly && segment.label != .address && addressHan.isEmpty
            && !countryLine(text) && !lexicons.chineseProvinces.occurs(in: text)
        // A person's name has no company words: "Vidya Centre Training Services" names a firm,
        // though Vidya is a given name; nor does it end in a building's word ("Zora Plaza").
        let namesPremises = words.last.map { lexicons.premisesWords.contains($0) } ?? false
        s.nameLike =
            (shape.wellFormed && (givenHit || surnameHit) && companyWordHits.isEmpty && !namesPremises)
            || (shape.chinese && shape.chineseSurname)
        let hasAddressWords = !addressHits.isEmpty || addressHan.count >= 2
        let hasDeptArea = !deptArea.isEmpty || !deptAreaHan.isEmpty

        // Name shape and name lexicons.
        if shape.chinese {
            f.set("han_name_shape", reason: "2-4 Han characters")
            if shape.chineseSurname {
                f.set("chinese_surname", reason: "Chinese surname")
                // The same evidence as a Latin name line with a known surname: name-shaped in its
                // own script, and the surname in the lexicon (the model's weights are per feature,
                // not per script).
                f.set("name_shaped")
                f.set("surname", reason: "surname")
            }
            if shape.hanGivenName { f.set("given_name", reason: "given name") }
            if !hasRole { f.set("han_name_shape_no_role") }
        } else if shape.wellFormed {
            f.set("name_shaped", reason: "name-shaped")
            if givenHit || surnameFirst { f.set("given_name", reason: "given name") }
            if surnameHit || surnameFirst { f.set("surname", reason: "surname") }
            if !givenHit && !surnameHit && !surnameFirst { f.set("name_shaped_unknown_words") }
        } else {
            f.set("not_name_shaped")
        }
        if givenShape && !hasRole { f.set("given_name_no_role") }
        if givenShape && !hasForm && companyWordHits.isEmpty && domainMatch == 0 {
            f.set("given_name_no_company_evidence")
        }
        if shape.hasAffix && shape.core.count >= 1 { f.set("name_affix", reason: "honorific or degree") }
        if emailMatch { f.set("email_match", reason: "matches email local part") }
        if domainMatch > 0 && !emailMatch { f.set("domain_like_not_email_name") }
        if context.onlyRoleEmails && !givenHit && !shape.chinese { f.set("only_role_emails_no_given") }

        // Size.
        if ratio >= 0.99 {
            f.set("tallest", reason: "tallest line")
            if !hasForm && domainMatch == 0 { f.set("tallest_no_company_evidence") }
        } else if ratio >= 0.85 {
            f.set("tall", reason: "tall line")
        } else if ratio < 0.7 {
            f.set("small")
        }

        // Titles: role and seniority words; slogans address the reader ("Your partner in
        // growth"): titles never hold pronouns.
        // Compared with their accents: Vietnamese "Tư" (in "Tư Vấn", consulting) is no "tu".
        let accentedWords = text.lowercased().split(separator: " ").map {
            $0.trimmingCharacters(in: .punctuationCharacters)
        }
        if accentedWords.contains(where: { Self.sloganWords.contains($0) }) {
            f.set("slogan_word", reason: "slogan word")
        }
        if hasRole {
            f.set("role_word", reason: "role word \((roleHits.first ?? roleHan.first) ?? "")")
            if !hasForm { f.set("role_no_legal_form") }
            if deptMarker.isEmpty && deptMarkerHan.isEmpty { f.set("role_no_department_word") }
        } else if !qualifierHits.isEmpty {
            f.set("seniority_word_no_role", reason: "seniority word")
        }

        // Departments.
        if s.hasDepartmentMarker {
            f.set("department_word", reason: "department word \((deptMarker.first ?? deptMarkerHan.first) ?? "")")
            if !hasRole { f.set("department_word_no_role") }
            if !hasForm { f.set("department_word_no_legal_form") }
        }
        if hasDeptArea {
            if hasRole {
                f.set("business_function_with_role")
            } else {
                f.set("business_function", reason: "business function \((deptArea.first ?? deptAreaHan.first) ?? "")")
            }
        } else if !s.hasDepartmentMarker {
            f.set("no_department_words")
        }
        if !deptArea.isEmpty && !givenHit { f.set("business_function_no_given") }

        // Companies.
        if hasForm { f.set("legal_form", reason: "legal form \((formHits.first ?? formHan.first) ?? "")") }
        if !companyWordHits.isEmpty { f.set("company_word", reason: "company word \(companyWordHits[0])") }
        // A company word beside words no name lexicon knows: a firm's own name ("Ixloar College",
        // "Hokuto Travel"), where a person's name would hold a known given name or surname; or
        // the place or founder after "of" ("University of Bristol": no person's name has "of").
        let noKnownName = !givenHit && !surnameHit && !surnameFirst
        // A given name before a closing company word that is no surname names a firm after its
        // founder or a place ("Lenna Group", "Zona College"): a person's name ends in a surname.
        let foundersFirm = givenHit && !surnameHit && !surnameFirst
            && words.last.map { companyWordHits.contains($0) && !lexicons.surnames.contains($0) } == true
        let ownName = !companyWordHits.isEmpty && shape.wellFormed && (noKnownName || foundersFirm)
        if companyWordOf != nil || ownName {
            f.set("company_word_unknown_words")
        }
        if domainMatch > 0 {
            f.set("domain_resemblance", domainMatch, reason: "resembles email/web domain")
            f.set("domain_like")
            if deptMarker.isEmpty { f.set("domain_like_no_department_word") }
        }
        // Capitals need cased letters: Han, kana and Hangul have no case.
        if cased.count >= 3 && cased.allSatisfy(\.isUppercase) { f.set("all_capitals") }
        if !hasForm && companyWordHits.isEmpty && domainMatch == 0 { f.set("no_company_evidence") }
        if Self.isPartnership(text), !hasRole, qualifierHits.isEmpty, !hasDeptArea, !s.hasDepartmentMarker,
            !(givenHit && words.filter { $0 != "&" }.allSatisfy { lexicons.givenNames.contains($0) })
        {
            f.set("partners", reason: "partners' names joined by &")
        }

        // Address-like and number-bearing lines.
        if hasAddressWords {
            f.set("address_words")
            if !hasForm { f.set("address_words_no_legal_form") }
        }
        if !addressHits.isEmpty && !hasRole { f.set("street_words_no_role") }
        if digits > 0 { f.set("digits") }
        if digits > 2 && !hasForm { f.set("digits_no_legal_form") }

        // Address evidence: street words, postcodes, countries, house numbers (the address
        // model's features; the text fields' weights ignore them).
        if segment.label == .address {
            f.set("address_label", reason: "label \(segment.labelText ?? "")")
        }
        if !addressHits.isEmpty {
            f.set("street_word", reason: "street word \(addressHits[0])")
            if addressHits.count > 1 { f.set("street_words_more", Double(min(2, addressHits.count - 1))) }
        }
        if addressHan.count >= 2 || (han > 0 && digits > 0 && !addressHan.isEmpty)
            || Self.hangulAddressWords(text) >= 2
        {
            f.set("han_address_words", reason: "Han address words")
        }
        if let first = words.first, first.first?.isNumber == true, words.count >= 2, digits <= 6 {
            f.set("leading_number")
        }
        // "Corporate Banking Division No. 3", "Sales Group 2": a numbered unit, not a street.
        if streetWithNumber(text), deptMarker.isEmpty || !addressHits.isEmpty {
            f.set("street_and_number", reason: "street and number")
        }
        if foundingLine(text) {
            // A founding year is no postcode ("Since 1998").
        } else if postcodeLine(text) {
            f.set("postcode", reason: "postcode")
        } else if hasPostalToken(text) {
            f.set("postcode_like", reason: "postcode-like number")
        }
        if countryLine(text) { f.set("country", reason: "country") }
        if lexicons.chineseProvinces.occurs(in: text) { f.set("chinese_province", reason: "Chinese province") }
        // A given name before a building's word names the building ("Mira House").
        if shape.wellFormed && givenHit && digits == 0 && !namesPremises { f.set("given_name_no_digits") }
        if wordSet.contains("@") { f.set("at_sign") }

        s.features = f
        return s
    }

    /// Turns each line's features, its own and the layout's (`LayoutFeatures`), into its score
    /// for every field and for the address: once, after every feature is known.
    static func applyModel(_ model: ScoringModel, to scores: inout [SegmentScores]) {
        for i in scores.indices {
            let f = scores[i].features
            for field in TextField.allCases {
                scores[i][field] = model.score(field, f)
                scores[i].reasons[field.rawValue] = model.reasons(field, f)
            }
            scores[i].address = model.addressScore(f)
            scores[i].addressReasons = model.addressReasons(f)
        }
    }

    /// Whether a line holds a legal form as `score` finds one: a form token (`companyFormHits`),
    /// a form of several words ("Cổ phần") or a Han form (有限公司).
    func hasLegalForm(_ text: String) -> Bool {
        !companyFormHits(text).isEmpty
            || !lexicons.companyFormPhrases.matches(inFolded: Text.fold(text)).isEmpty
            || !lexicons.companyFormsHan.matches(in: text).isEmpty
    }

    /// Legal-form tokens in a line ("GmbH", "S.A.", "Pty Ltd"), matched as whole tokens.
    func companyFormHits(_ text: String) -> [String] {
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "," }).map { Text.fold(String($0)) }
        var hits: [String] = []
        for (i, t) in tokens.enumerated() {
            let bare = t.trimmingCharacters(in: CharacterSet(charactersIn: "()"))
            // "Co." only counts as a form with a dot or before another form ("Co., Ltd.").
            if bare == "co" { continue }
            // Short forms ("AG", "SA", "AB", "ASA", "Pty", "S.L.") count only at the end,
            // followed by nothing or by other forms ("Pty Ltd", "GmbH & Co. KG"): not in
            // "Calgary, AB T2P", "Asa W. Lindqvist", "SL. CHATTERJEE".
            // Forms that lead the name ("PT Ixrumi Indonesia").
            if i == 0, tokens.count > 1, lexicons.leadingCompanyForms.contains(bare) {
                hits.append(bare)
                continue
            }
            if bare.count <= 5 || bare.contains(".") {
                let after = tokens[(i + 1)...].map {
                    $0.trimmingCharacters(in: CharacterSet(charactersIn: "()"))
                }
                let onlyForms = after.allSatisfy { $0 == "&" || isCompanyForm($0) }
                if i == 0 || !onlyForms { continue }
            }
            // A form word before a role is the role's scope: "Company Secretary", "Group Manager".
            if i + 1 < tokens.count, lexicons.titleRoles.contains(tokens[i + 1]) { continue }
            if isCompanyForm(bare) { hits.append(bare) }
        }
        // "& Co.", "& Company", not "& Consulting", "& Construction" or "& Co-Founder".
        let andCo = "&\\s*co(mpany)?(?![\\w-])"
        if text.range(of: andCo, options: [.regularExpression, .caseInsensitive]) != nil {
            hits.append("& co")
        }
        return hits
    }

    /// Whether every word of `text` is a legal form, and some word has a dot or three letters
    /// ("Ltd.", "Inc.", "A.Ş.", "Pvt. Ltd.", "GmbH"; not a bare "AB" or "SA").
    func onlyLegalForms(_ text: String) -> Bool {
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "," }).map { Text.fold(String($0)) }
        // A form of several words printed alone ("Công ty TNHH", "Công ty Cổ phần").
        let joined = tokens.joined(separator: " ")
        if tokens.count >= 2, lexicons.companyFormPhrases.matches(inFolded: joined).contains(joined) {
            return true
        }
        guard !tokens.isEmpty, tokens.count <= 3,
            tokens.contains(where: { $0.contains(".") || $0.count >= 3 })
        else { return false }
        return tokens.allSatisfy { $0 == "&" || isCompanyForm($0) }
    }

    /// Whether a folded token is a legal form, written with or without its dot ("ltd", "ltd.").
    func isCompanyForm(_ token: String) -> Bool { lexicons.isCompanyForm(token) }

    func nameMatchesLocalPart(_ core: [String]) -> Bool {
        if core.count == 1, let han = core.first, Text.hanCount(han) == han.count {
            return japaneseSurnameInLocalPart(han)
        }
        return context.localParts.contains { nameMatches(core, local: $0) }
    }

    /// The domain labels of the mailboxes whose local parts spell this name, when neither a
    /// website nor another mailbox of the card carries the label.
    func personalMailHosts(_ core: [String]) -> Set<String> {
        var own = Set<String>()
        var others = context.siteLabels
        for box in context.mailboxes {
            guard let label = box.label else { continue }
            if nameMatches(core, local: box.local) { own.insert(label) } else { others.insert(label) }
        }
        return own.subtracting(others)
    }

    /// Whether a Latin name (its core words) matches one email local part.
    func nameMatches(_ core: [String], local: String) -> Bool {
        let parts = core.map { Text.alphanumericKey($0) }.filter { $0.count >= 2 }
        let l = Text.alphanumericKey(local)
        guard !parts.isEmpty, l.count >= 3, !CardContext.roleLocalParts.contains(l) else { return false }
        if parts.contains(where: { $0.count >= 3 && l.contains($0) }) { return true }
        // One letter misread in the address or the line ("dulkits@" under "Pulkit Sinha"): a name
        // word of five letters or more, all but one in place.
        if parts.contains(where: { $0.count >= 5 && Text.containsWithOneSubstitution(l, $0) }) {
            return true
        }
        // initial + surname: "jdoe", "j.doe"
        if let last = parts.last, let first = parts.first?.first, l == String(first) + last {
            return true
        }
        // given name + initial: "janed"
        if let first = parts.first, let lastInitial = parts.last?.first, parts.count > 1,
            l == first + String(lastInitial)
        {
            return true
        }
        return false
    }

    /// A Han name whose first one to three characters are a Japanese surname that an e-mail's
    /// local part spells ("横田浩紀" beside yokota.h@..., "大川幸則" beside okawa.y@...), on a card
    /// with kana (a Chinese card's pinyin is no Japanese reading).
    func japaneseSurnameInLocalPart(_ han: String) -> Bool {
        let locals = context.romajiLocalParts
        guard context.kanaCard, !locals.isEmpty, han.count >= 2 else { return false }
        return (1...min(3, han.count - 1)).contains { n in
            (lexicons.japaneseSurnameReadings[String(han.prefix(n))] ?? []).contains { reading in
                reading.count >= 3 && locals.contains { $0.contains(reading) }
            }
        }
    }

    /// Words of a Korean address: Hangul words of two syllables or more that end in an
    /// administrative or street unit ("서울특별시 강남구 테헤란로 123": city, district, road; 동,
    /// 길, 층 and 호 are the neighbourhood, street, floor and unit).
    static func hangulAddressWords(_ text: String) -> Int {
        let units: Set<Character> = ["시", "도", "구", "군", "읍", "면", "동", "로", "길", "층", "호"]
        return text.split(separator: " ").filter { word in
            let syllables = word.filter { ContactText.hangulCount(String($0)) > 0 }
            return syllables.count >= 2 && word.last.map(units.contains) == true
        }.count
    }

    /// The resemblance of a line that spells a domain label exactly ("Contoso", contoso.com).
    static let spellsDomainLabel = 1.4

    /// How much a line resembles an email or website domain label, 0 when not at all.
    func domainResemblance(key: String, words: [String], skipping: Set<String> = []) -> Double {
        guard key.count >= 2 else { return 0 }
        var best = 0.0
        let initials = String(words.compactMap { $0.first }.filter { $0.isLetter })
        // Initials skip the small words between ("Centre for Health Policy Research", chpr.org).
        let majorWords = words.filter { !LineScorer.connectors.contains($0) }
        let majorInitials = String(majorWords.compactMap { $0.first }.filter { $0.isLetter })
        let wordKeys = words.map(Text.alphanumericKey).filter { !$0.isEmpty }
        for label in context.domainLabels where !skipping.contains(label) {
            let l = label.replacingOccurrences(of: "-", with: "")
            let confused = key.count >= 4 && DomainSpelling.confusable(key) == DomainSpelling.confusable(l)
            if key == l || confused {
                best = max(best, Self.spellsDomainLabel)
            } else if l.count >= 3 && (key.hasPrefix(l) || (l.count >= 4
                && DomainSpelling.confusable(key).hasPrefix(DomainSpelling.confusable(l))))
            {
                best = max(best, 1.2)
            } else if key.count >= 4 && l.contains(key) {
                best = max(best, 1.0)
            } else if l.count >= 4 && key.contains(l) {
                best = max(best, 1.0)
            } else if l.count >= 5 && Self.spellsWords(l, from: wordKeys) {
                best = max(best, 1.0)
            } else if [initials, majorInitials].contains(where: { i in
                i.count >= 2 && (l == i || l.hasPrefix(i) && i.count >= 3)
            }) {
                best = max(best, 0.8)
            } else if l.count >= 5 && Text.overlap(key, l) >= 0.75 {
                best = max(best, 0.7)
            }
        }
        return best
    }

    /// Whether `label` is two or more of `words` run together in their printed order, words left
    /// out between them ("apexsupply" from "Apex Industrial Supply", "copperpot" from "The Copper
    /// Pot"), the last ones perhaps by their initials ("stmarysmc" from "St. Mary's Medical
    /// Center").
    static func spellsWords(_ label: String, from words: [String]) -> Bool {
        func rest(_ tail: Substring, after i: Int, used: Int, initials: Bool) -> Bool {
            if tail.isEmpty { return used >= 2 }
            return words.indices.contains { j in
                guard j > i else { return false }
                if !initials, tail.hasPrefix(words[j]),
                    rest(tail.dropFirst(words[j].count), after: j, used: used + 1, initials: false)
                {
                    return true
                }
                return used > 0 && tail.first == words[j].first
                    && rest(tail.dropFirst(), after: j, used: used + 1, initials: true)
            }
        }
        return words.count >= 2 && rest(Substring(label), after: -1, used: 0, initials: false)
    }

    /// Whether the last word, after a comma at `comma`, is a post-nominal after a person's
    /// name: two or more words before it, the first an honorific or a given name.
    func degreeAfterName(_ words: [String], comma: Int) -> Bool {
        guard let last = words.last, comma >= 1, lexicons.isNameSuffix(Text.fold(last)) else { return false }
        let first = Text.fold(words[0])
        return lexicons.namePrefixes.contains(first) || lexicons.namePrefixes.contains(first + ".")
            || lexicons.isGivenName(printed: words[0])
    }

    func postcodeLine(_ text: String) -> Bool {
        let printed = text.split(separator: " ").map(String.init)
        let words = printed.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ",.")) }
        // "Chicago, IL" (ZIP unreadable): a state code after a comma, at the end
        // Not a degree after a person's name ("Dr. Rajesh K. Sharma, MD", "Jane Doe, MA"): a
        // post-nominal after two or more words that open with an honorific or a given name.
        if printed.count >= 2, printed[printed.count - 2].hasSuffix(","), let last = words.last,
            last.count == 2, last == last.uppercased(), lexicons.subdivisionCodes[last] != nil,
            !degreeAfterName(words, comma: printed.count - 2)
        {
            return true
        }
        for (i, w) in words.enumerated() {
            // "MA02121": state and ZIP glued by OCR
            if w.count == 7, lexicons.subdivisionCodes[String(w.prefix(2))] != nil,
                w.suffix(5).allSatisfy(\.isNumber)
            {
                return true
            }
            // US "CA 94105", AU "NSW 2000"
            if i + 1 < words.count, lexicons.subdivisionCodes[w] != nil,
                words[i + 1].prefix(4).allSatisfy(\.isNumber), words[i + 1].count >= 4
            {
                return true
            }
            // "cO 80215": OCR lowered a state code before a five-digit ZIP
            if i + 1 < words.count, w.count == 2, lexicons.subdivisionCodes[w.uppercased()] == "US",
                words[i + 1].count == 5, words[i + 1].allSatisfy(\.isNumber)
            {
                return true
            }
            // "10115 Berlin", "75008 Paris", "1010 Wien", "2000 AB Leiden"
            if (4...6).contains(w.count), w.allSatisfy(\.isNumber), i + 1 < words.count,
                words[i + 1].first?.isUppercase == true, i == 0 || printed[i - 1].hasSuffix(",") || i <= 2
            {
                return true
            }
            // A Chinese postcode: six digits on a Han line that is an address or says 邮编, not a
            // group of a bank account ("合作金庫岡山分行0330 717 026900", realcards tune).
            if w.count == 6, w.allSatisfy(\.isNumber), Text.containsHan(text),
                lexicons.addressHan.occurs(in: text) || ["邮编", "郵編", "郵遞區號", "邮政编码"].contains(where: text.contains)
            {
                return true
            }
        }
        if Regions.isUKPostcode(text) { return true }
        // Japan's postal mark before its postcode ("〒450-0002"), alone on its line too.
        if text.range(of: #"〒\s?[0-9]{3}-?[0-9]{4}"#, options: .regularExpression) != nil { return true }
        // Canada "M5V 2T6", also as OCR reads it ("MSV 2G6": S for 5)
        func digitLike(_ c: Character) -> Bool { c.isNumber || "SOIZB".contains(c) }
        for (i, w) in words.enumerated() where i + 1 < words.count && w.count == 3 && words[i + 1].count == 3
        {
            let a = Array(w)
            let b = Array(words[i + 1])
            if a[0].isLetter, digitLike(a[1]), a[2].isLetter, digitLike(b[0]), b[1].isLetter, digitLike(b[2]),
                a.contains(where: \.isNumber) || b.contains(where: \.isNumber)
            {
                return true
            }
        }
        let lower = Text.fold(text)
        return lower.hasPrefix("zip") || lower.hasPrefix("cep ") || lower.hasPrefix("plz")
            || text.contains("邮编")
    }

    /// A 4-6 digit group (optionally "20040-069"), or an Indian PIN in two groups of three, on a
    /// line that also has a word.
    func hasPostalToken(_ text: String) -> Bool {
        guard Text.latinLetterCount(text) + Text.hanCount(text) >= 3, Text.digitCount(text) <= 9 else {
            return false
        }
        // Indian PIN codes printed in two groups of three: "Surat - 395 002.", "Mumbai - 400 013".
        if text.range(of: #"(^|[^0-9])[1-9][0-9]{2} [0-9]{3}([^0-9]|$)"#, options: .regularExpression) != nil,
            Text.digitCount(text) == 6
        {
            return true
        }
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "," })
        // A group of digits beside another ("6052 2686", "0412 345 678") is part of a number
        // printed in groups, a phone's, not a postcode.
        func digitGroup(_ k: Int) -> Bool {
            tokens.indices.contains(k) && tokens[k].count >= 3 && tokens[k].allSatisfy(\.isNumber)
        }
        return tokens.indices.contains { k in
            let parts = tokens[k].split(separator: "-")
            // A town and its PIN joined by a hyphen: "Chennai-600041", "Bengaluru-560032".
            if parts.count == 2, parts[0].count >= 3, parts[0].allSatisfy(\.isLetter),
                (5...6).contains(parts[1].count), parts[1].allSatisfy(\.isNumber)
            {
                return true
            }
            guard let head = parts.first, (3...6).contains(head.count), head.allSatisfy(\.isNumber),
                !digitGroup(k - 1), !digitGroup(k + 1)
            else {
                return false
            }
            if parts.count == 1 { return head.count >= 4 }
            return parts.count == 2 && (3...4).contains(parts[1].count) && parts[1].allSatisfy(\.isNumber)
        }
    }

    /// "Keizersgracht 159", "Am Markt 42", "Calle Colón, 197": capitalised words, then a house
    /// number (digits, maybe a letter) at the end.
    func streetWithNumber(_ text: String) -> Bool {
        streetPartWithNumber(text.replacingOccurrences(of: ",", with: " "))
            || text.split(separator: ",").contains { streetPartWithNumber(String($0)) }
    }

    private func streetPartWithNumber(_ text: String) -> Bool {
        let words = text.split(separator: " ").map(String.init)
        guard words.count >= 2, words.count <= 5, let last = words.last else { return false }
        let digits = last.prefix(while: \.isNumber)
        guard (1...4).contains(digits.count), last.count - digits.count <= 1 else { return false }
        let names = words.dropLast()
        // "Since 1987", "Est. 1990" are taglines, not streets.
        if foundingLine(text) { return false }
        return names.allSatisfy { w in w.allSatisfy { $0.isLetter || $0 == "-" || $0 == "." || $0 == "'" } }
            && names.contains { $0.first?.isUppercase == true && $0.count >= 4 }
    }

    /// A line telling what the firm does, a tagline: trade words alone ("Manufacturers &
    /// Exporters", "Authorised Dealers") before "of", "in", "for" or a colon, and more after it
    /// ("Dealers in: Cement, Steel & Hardware").
    func activityLine(_ text: String) -> Bool {
        let words = text.split(separator: " ")
        for (k, word) in words.enumerated() {
            let folded = Text.fold(word.trimmingCharacters(in: CharacterSet(charactersIn: ",:")))
            let last = k + 1 == words.count
            if ["of", "in", "for"].contains(folded) { return k > 0 && !last }
            guard folded.isEmpty || folded == "&" || folded == "and" || lexicons.activityWords.contains(folded)
            else { return false }
            if word.hasSuffix(":") { return !folded.isEmpty && !last }
        }
        return false
    }

    /// A line of two or more words a trade's card vouches for itself with, and nothing else but
    /// "&", "and" and commas ("Licensed & Insured", "Family Owned & Operated"): a tagline.
    func claimLine(_ text: String) -> Bool {
        let words = Text.foldedWords(text).filter { !["&", "and"].contains($0) }
        return words.count >= 2 && words.allSatisfy(lexicons.claimWords.contains)
    }

    /// A short phrase in sentence case whose lower-case word no lexicon knows ("Engineering
    /// tomorrow", "Service with a smile"): a slogan, not a unit. Units in sentence case use the
    /// words of units ("Business development", "Sales and marketing"): the words of `phrases`,
    /// the line's lexicon hits (roles, units, functions, legal forms), are known words too.
    func sentenceLine(_ text: String, phrases: [String]) -> Bool {
        let words = text.split(separator: " ").map(String.init)
        guard (2...5).contains(words.count), words[0].first?.isUppercase == true, Text.digitCount(text) == 0
        else { return false }
        let phraseWords = Set(phrases.flatMap { $0.split(separator: " ").map(String.init) })
        return words.dropFirst().contains { w in
            w.count >= 4 && w.allSatisfy(\.isLowercase) && !LineScorer.connectors.contains(w)
                && !lexicons.knows(Text.fold(w), names: true) && !phraseWords.contains(Text.fold(w))
        }
    }

    /// A firm's founding year after its word ("Since 1998", "Est. 1990", "Seit 1921"): a tagline.
    func foundingLine(_ text: String) -> Bool {
        let words = Text.foldedWords(text)
        guard words.count == 2 || words.count == 3 && words[1] == "in", let first = words.first,
            let year = words.last, year.count == 4 || year.count == 2, year.allSatisfy(\.isNumber)
        else { return false }
        return lexicons.foundingWords.contains(first)
    }

    /// A line that names a country as one of its comma-separated parts ("Bangalore, India"), or a
    /// state or province after a comma ("Hải Châu, Đà Nẵng", "Pune, Maharashtra"; alone, a
    /// subdivision's name is as often a brand's: "TOKYO").
    func countryLine(_ text: String) -> Bool {
        let parts = Text.fold(text).split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
        for part in parts {
            if lexicons.countries[part] != nil || parts.count >= 2 && lexicons.provinceNames.contains(part) {
                return true
            }
            if part.hasPrefix("the "), lexicons.countries[String(part.dropFirst(4))] != nil { return true }
        }
        return lexicons.countriesHan.contains { text.hasPrefix($0.0) }
    }
}
