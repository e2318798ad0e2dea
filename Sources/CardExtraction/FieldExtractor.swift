import CardModel
import Foundation

/// Turns recognized text and layout into structured card fields with confidences.
///
/// Pure and deterministic: no I/O, no logging, same page in, same fields out. Phone numbers go
/// through the injected ``PhoneNumberParsing`` service. See `Extraction.md` for the scoring and
/// the joint assignment.
public struct FieldExtractor: Sendable {
    /// The environment variable that hides one name in N from the name lexicons, for measurement
    /// (`cardscan eval --hide-names`); read once, when the lexicons are first used.
    public static let hideNamesVariable = Lexicons.hideNamesVariable

    /// Tuning knobs the caller may set.
    public struct Options: Sendable, Hashable {
        /// Regions (ISO 3166, such as `US`, `DE`) to read phone numbers under when the card
        /// itself gives no hint; tried after the regions inferred from the card.
        public var defaultRegions: [String]

        /// Whether a phone number without a label is typed by its number type (a mobile number
        /// becomes `mobile`, a fixed line `work`), as issue 5 asked (label first, number type
        /// second) and the real cards' labels do. On by default; off, an unlabelled number is
        /// `other`.
        public var typeUnlabelledPhonesByNumber: Bool

        /// The weights that score lines and the tables that calibrate confidences
        /// (models/scoring/weights.json, compiled in).
        public var model: ScoringModel

        /// Creates options; `defaultRegions` defaults to `["US"]`.
        public init(
            defaultRegions: [String] = ["US"], typeUnlabelledPhonesByNumber: Bool = true,
            model: ScoringModel = .standard
        ) {
            self.defaultRegions = defaultRegions
            self.typeUnlabelledPhonesByNumber = typeUnlabelledPhonesByNumber
            self.model = model
        }
    }

    private let phoneNumbers: any PhoneNumberParsing
    private let options: Options
    private let lexicons: Lexicons

    /// Creates an extractor that parses phone numbers with `phoneNumbers`.
    public init(phoneNumbers: any PhoneNumberParsing, options: Options = Options()) {
        self.phoneNumbers = phoneNumbers
        self.options = options
        self.lexicons = Lexicons.shared
    }

    /// Extracts the fields of one card.
    public func extract(from page: RecognizedPage) -> CardFields {
        explain(page).fields
    }

    /// The first printed of the name lines that start with the same honorific or degree as
    /// `name` and are as name-shaped, in type of the same size (a list of partners, stacked or
    /// side by side): top row first, then leftmost. Nil when `name` is the first or alone.
    static func firstOfNameList(
        _ name: Int, _ segments: [Segment], _ scores: [SegmentScores], _ eligible: [Bool],
        sameTypeSize: ClosedRange<Double>
    ) -> Int? {
        func prefix(_ k: Int) -> String? {
            segments[k].text.split(separator: " ").first.map { Text.fold(String($0)) }
        }
        guard scores[name].features["name_affix"] > 0, let head = prefix(name) else { return nil }
        let list = segments.indices.filter { k in
            k == name
                || (eligible[k] && scores[k].features["name_affix"] > 0
                    && scores[k].features["name_shaped"] > 0 && prefix(k) == head
                    && sameTypeSize.contains(segments[k].size / max(1, segments[name].size)))
        }
        guard list.count >= 2 else { return nil }
        // Rows: middles closer than the type size (a box an icon made taller keeps its row).
        func middle(_ k: Int) -> Double { Double(segments[k].box.y) + Double(segments[k].box.height) / 2 }
        let first = list.min { a, b in
            abs(middle(a) - middle(b)) < max(segments[a].size, segments[b].size)
                ? segments[a].box.x < segments[b].box.x : middle(a) < middle(b)
        }
        return first == name ? nil : first
    }

    /// Extracts the fields of one card and explains, line by line, what each line became.
    /// The segments with a phone number found after other text cut off before it, with the
    /// stray marks that stood for its icon or label: an address line ends where a phone
    /// number printed on the same line begins ("Av. Itaquera, 2994 - SP. ☎ 3569-6905").
    static func cutBeforePhones(_ segments: [Segment], _ phones: [PhoneCandidate]) -> [Segment] {
        var segments = segments
        for phone in phones {
            var segment = segments[phone.segmentIndex]
            guard let range = segment.text.range(of: phone.printed), range.lowerBound > segment.text.startIndex
            else { continue }
            let head = segment.text[..<range.lowerBound].trimmingCharacters(
                in: CharacterSet(charactersIn: " -–=%®©@*#:;|/.").union(.whitespaces))
            guard Text.latinLetterCount(head) + Text.hanCount(head) >= 3 else { continue }
            segment.text = head
            segments[phone.segmentIndex] = segment
        }
        return segments
    }

    /// Whether a reading looks damaged rather than printed: it starts with a lower-case letter
    /// or a mark ("ma Pratama", "-Rehab"), or holds a digit or a mark other than a name's own
    /// (& . , ' ’ -): "TORE” i5", "eltobe]", "【4 env".
    static func looksDamaged(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let first = trimmed.first else { return false }
        if first.isLowercase || !(first.isLetter || first.isNumber) { return true }
        return trimmed.contains { $0.isNumber || !($0.isLetter || $0 == " " || "&.,'’-".contains($0)) }
    }

    public func explain(_ read: RecognizedPage) -> ExtractionResult {
        let typeSizes = options.model.typeSizes
        let page = SplitRows.joined(read, maxGap: options.model.splitRowGap)
        // Pieces of one field that OCR read as lines of their own, joined in this order.
        var segments = Contacts.joinWrappedEmails(
            Segment.segments(of: page, typeSizes: typeSizes, pinDigitBelow: options.model.pinDigitBelow))
        segments = Segment.joinStackedNames(segments, sameType: typeSizes.sameType)
        segments = Segment.joinWrappedOrganisations(segments, sameType: typeSizes.sameType)
        segments = Segment.joinStackedOrganisations(segments, sameType: typeSizes.sameType)
        segments = Segment.joinRowNames(segments, sameType: typeSizes.sameType)

        // 1. Contacts: emails and websites, made to agree with each other; words OCR split
        // ("Ca stillo") joined where the e-mail spells them.
        var (emails, websites, contactCover) = Contacts.collect(segments)
        Contacts.addDotlessSites(
            emails: emails, websites: &websites, cover: &contactCover, segments: segments)
        Contacts.restoreLetterAfterWWW(websites: &websites, segments: segments)
        Contacts.reconcileHosts(emails: &emails, websites: &websites, segments: segments)
        let spelled = SplitWords.evidence(fromEmails: emails.map(\.0))
        for i in segments.indices where contactCover[i] == 0 {
            segments[i].text = SplitWords.join(segments[i].text, evidence: spelled)
        }

        // Japanese cards (kana, a .jp address, "Japan", a prefecture's name): the postal mark 〒
        // read as "T" or "7" before a postcode.
        let kanaCard = segments.reduce(0) { $0 + ContactText.kanaCount($1.text) } >= 2
        let japanese =
            kanaCard
            || (emails.map { Contacts.host(ofEmail: $0.0) } + websites.map { Contacts.host(ofSite: $0.0) })
                .contains { $0.hasSuffix(".jp") }
            || segments.contains { $0.text.range(of: "Japan", options: .caseInsensitive) != nil }
            || segments.contains { segment in
                Text.foldedWords(segment.text).contains { Lexicons.shared.subdivisionNames[$0] == "JP" }
            }
        if japanese {
            for i in segments.indices {
                // "T 100-0005": the mark was taken for a phone label ("T" for Tel) and peeled off;
                // or lost, "363-0008" beside an address on the same line (a label of the line
                // below given to it): a Japanese number has an area code, three digits and four
                // are a postcode.
                // The postcode alone, or before the address's first words ("T 100-0005 Anmi Bldg.
                // 10F": a number goes on in digits, an address in words).
                let postcode = #"^[0-9]{3}-[0-9]{4}( [^0-9 +(].*)?$"#
                let postcodeShape = segments[i].text.range(of: postcode, options: .regularExpression) != nil
                let besideHanText = segments.contains { other in
                    other.line == segments[i].line && other.part != segments[i].part
                        && Text.hanCount(other.text) >= 4
                }
                // Or the address itself glued on in Han ("363-0012茶玉県桶川市..."): a number is
                // never followed by a place's name.
                let glued = #"^[0-9]{3}-[0-9]{4} ?\p{Han}"#
                let hanAddressAfter = segments[i].text.range(of: glued, options: .regularExpression) != nil
                let phoneOrNoLabel = segments[i].label == nil || segments[i].label?.phoneKind != nil
                if postcodeShape || hanAddressAfter, phoneOrNoLabel,
                    segments[i].labelText.map(Text.fold) == "t" || besideHanText || hanAddressAfter
                {
                    segments[i].label = nil
                    segments[i].labelText = nil
                    segments[i].text = "〒" + segments[i].text
                }
                segments[i].text = Text.repairPostalMark(segments[i].text)
            }
        }

        Self.repairDigitsInNames(&segments)
        Self.repairDotlessI(
            &segments,
            hosts: emails.map { Contacts.host(ofEmail: $0.0) } + websites.map { Contacts.host(ofSite: $0.0) })

        Phones.restoreAreaCodeBrackets(&segments)

        // 2. Every segment scored against every field, with the contacts as cross-evidence.
        // The card's printed text: no junk, and no desk texture read as strokes (LineScorer.isTexture).
        let printed = segments.filter { !LineScorer.isJunk($0) && !LineScorer.isTexture($0.text) }
        var context = CardContext(
            emails: emails.map(\.0), websites: websites.map(\.0), sizes: printed.map(\.size))
        context.hanCompanyLine = segments.contains { segment in
            lexicons.companyFormsHan.occurs(in: segment.text)
        }
        context.hanCard = printed.filter { Text.hanCount($0.text) >= 2 }.count >= 2
        context.kanaCard = kanaCard
        let scorer = LineScorer(lexicons: lexicons, context: context)
        var scores = segments.map { scorer.score($0) }
        LayoutFeatures.add(to: &scores, segments: segments, sameType: options.model.typeSizes.sameType)
        LineScorer.applyModel(options.model, to: &scores)

        // 3. Phones under the regions the card points to.
        let (regions, evidenced) = Regions.infer(
            segments: segments, emails: emails.map(\.0), websites: websites.map(\.0),
            languages: page.languages, defaults: options.defaultRegions, parser: phoneNumbers,
            lexicons: lexicons)
        let phones = Phones.find(
            segments: segments, regions: regions, evidenced: evidenced, parser: phoneNumbers,
            typeByNumber: options.typeUnlabelledPhonesByNumber,
            addressLike: { segment in
                guard let i = segments.firstIndex(of: segment) else { return false }
                return scores[i].addressLike && Text.digitCount(segment.text) < 9
            })
        let isContact = Self.contactSegments(segments, cover: contactCover, phones: phones)

        // 4. The address, then titles printed on several lines, then the joint assignment of
        // name, title, department and company over what is left.
        let address = AddressFinder.find(
            segments: Self.cutBeforePhones(segments, phones), scores: scores, excluded: isContact,
            run: options.model.addressRun,
            region: evidenced > 0 ? regions.first : nil, similarTypeSize: options.model.typeSizes.similarType)
        var eligible = segments.indices.map { i in
            !isContact[i] && !scores[i].junk && !address.members.contains(i)
        }
        let competing = eligible
        var continuations: [TextField: [Int: [Int]]] = [:]
        for field in [TextField.title, .department, .company] {
            continuations[field] = TitleLines.continuations(
                of: field, segments: segments, scores: scores, eligible: eligible,
                fitsNoFieldBelow: options.model.fitsNoFieldBelow ?? 0, typeSizes: options.model.typeSizes,
                lineGap: options.model.lineGap ?? 1)
            for j in (continuations[field] ?? [:]).values.joined() { eligible[j] = false }
        }
        // Segment y is the next piece or on the next line after segment x.
        func follows(_ y: Int, _ x: Int) -> Bool { y == x + 1 || segments[y].line == segments[x].line + 1 }
        // The last segment of a title printed over several lines (its head when it has one line):
        // a department directly below the title is below that.
        func titleEnd(_ t: Int) -> Int { (continuations[.title]?[t] ?? []).max().map { max($0, t) } ?? t }
        let assignment = Assignment.solve(scores: scores, eligible: eligible) { a, x, b, y in
            // A title directly below the name, a department directly below the title.
            if a == .name && b == .title && follows(y, x) { return options.model.nameAboveTitle }
            if a == .title && b == .department && follows(y, titleEnd(x)) {
                return options.model.titleAboveDepartment
            }
            return 0
        }

        // 5. Values, confidences, alternatives and evidence.
        let domainWords = DomainSpelling.words(
            fromHosts: emails.map { Contacts.host(ofEmail: $0.0) } + websites.map { Contacts.host(ofSite: $0.0) })
        var fields = CardFields()
        var roles = [String?](repeating: nil, count: segments.count)
        var choice = assignment.choice
        // A title that names its own unit ("Head, Disaster Management Support Division", "Chair,
        // Department of Electrical Engineering") takes no department printed elsewhere on the card
        // ("Department of Space, Government of India" or "School of Engineering" further down is
        // the organisation above it). The title stays: its role is what the card is about.
        if let t = choice[TextField.title.rawValue], let d = choice[TextField.department.rawValue],
            scores[t].hasDepartmentMarker, !follows(d, titleEnd(t))
        {
            choice[TextField.department.rawValue] = nil
        }
        // A card for several people lists them one per line with the same honorific or degree
        // first ("CA Aakruti Dalmia" / "CA Swati Gupta" / "CA Kushal Surana"): the first printed
        // is the card's name, however the others scored.
        if let n = choice[TextField.name.rawValue],
            let first = Self.firstOfNameList(
                n, segments, scores, eligible, sameTypeSize: options.model.typeSizes.sameType)
        {
            choice[TextField.name.rawValue] = first
        }
        TitleLines.reviseCompany(
            &choice, segments: segments, scores: scores, eligible: eligible, continuations: &continuations,
            sameType: options.model.typeSizes.sameType, lineGap: options.model.lineGap ?? 1)
        for field in TextField.allCases {
            guard let pick = choice[field.rawValue] else { continue }
            // Pieces of one line keep their printed order and are joined as a list ("Assistant
            // Manager | JC Enterprise" -> "Assistant Manager, JC Enterprise"); lines on one row
            // go left to right ("Tekdorlen Holdings Sdn." and "Bhd."), rows top down.
            var members = ([pick] + (continuations[field]?[pick] ?? [])).sorted {
                let (a, b) = (segments[$0], segments[$1])
                if a.line == b.line { return a.part < b.part }
                if AddressFinder.isRowMate(a, b) { return (a.box.x, $0) < (b.box.x, $1) }
                return (a.box.y, $0) < (b.box.y, $1)
            }
            if field == .company { members = TitleLines.withoutRepeatedHeads(members, segments: segments) }
            var value = ""
            for (n, m) in members.enumerated() {
                if n > 0 { value += segments[m].line == segments[members[n - 1]].line ? ", " : " " }
                value += segments[m].text
            }
            if field == .name { value = cleanName(value) }
            // A company with nothing of a company's in any of its lines (no legal form, company
            // word, partners' names or resemblance to the card's domain) whose reading looks
            // damaged is a photo's noise or a logo misread ("TORE” i5", "ma Pratama", "(7の7 fy"):
            // on the tuning half, its nine copies and its whole-photo reading none of such values
            // was right, nor on five generated slices. The field stays empty for the reviewer
            // rather than holding the noise. A wordmark read cleanly ("Northwind", "Contoso")
            // stays the company; a legal form broken over its lines ("Công ty Cổ" / "phần Velto")
            // counts in the joined value.
            if field == .company, members.allSatisfy({ scores[$0].lacksCompanyEvidence }),
                !scorer.hasLegalForm(value), Self.looksDamaged(value)
            {
                continue
            }
            if field == .company { value = DomainSpelling.repair(value, domainWords: domainWords) }
            if field == .title || field == .department { value = Text.repairAI(value) }
            var reasons = scores[pick].topReasons(field)
            if members.count > 1 { reasons.append("\(members.count) lines joined") }
            for m in members { roles[m] = field.key }
            let runner = assignment.runnerUp[field.rawValue]
            let margin = assignment.total - runner.total
            // Raw confidence: how sure the line is this field (the model's log-odds), how far the
            // assignment is ahead of its runner-up, and how clean the text reads; the model's
            // calibration table then maps it to the share of such values that are right.
            let lineProbability = 1 / (1 + exp(-scores[pick][field]))
            let confidence =
                lineProbability * (0.5 + 0.5 * tanh(1.2 * margin))
                * textQuality(value, members.map { segments[$0] })
            var alternatives: [AlternativeValue] = []
            if let other = runner.choice, other != pick {
                alternatives.append(
                    AlternativeValue(value: segments[other].text, confidence: round3(max(0, 1 - confidence))))
            }
            fields[field.field] = FieldValue(
                value: value, confidence: round3(confidence), alternatives: alternatives,
                evidence: reasons.isEmpty ? nil : reasons.joined(separator: "; "))
        }
        if let text = address.value {
            for m in address.members { roles[m] = "address" }
            let alternatives =
                address.runnerUp.map {
                    [AlternativeValue(value: $0, confidence: round3(1 - address.confidence))]
                } ?? []
            fields.address = FieldValue(
                value: text, confidence: round3(address.confidence), alternatives: alternatives,
                evidence: address.evidence)
        }
        fields.emails = emails.map { (email, i) in
            roles[i] = roles[i] ?? "email"
            let labelled = segments[i].label == .email
            // The name, printed larger, spells a local part OCR misread ("siegtried").
            let value = fields.name.map { Contacts.repairLocalPart(email, name: $0.value) }
                ?? Contacts.repairDigitTail(email, name: "")
            // The address's own word, not the line's mean: a label or a name beside it is read
            // surely where the address's letters were not (TestImages: the words of wrong
            // addresses average 0.63, their lines 0.72; right ones 0.88 and 0.90).
            return FieldValue(
                value: value,
                confidence: round3(0.75 + 0.25 * min(1, segments[i].weakestWord) - (labelled ? 0 : 0.05)),
                evidence: (labelled ? "label \(segments[i].labelText ?? "")" : "email pattern")
                    + (value == email ? "" : "; spelled as the name"))
        }
        fields.websites = websites.map { (site, i) in
            roles[i] = roles[i] ?? "website"
            let labelled = segments[i].label == .web
            return FieldValue(
                value: site, confidence: round3(0.7 + 0.25 * min(1, segments[i].confidence)),
                evidence: labelled ? "label \(segments[i].labelText ?? "")" : "web address pattern")
        }
        fields.phones = phones.map { p in
            roles[p.segmentIndex] = roles[p.segmentIndex] ?? "phone"
            return PhoneValue(value: p.printed, e164: p.e164, kind: p.kind, confidence: round3(p.confidence))
        }

        let explanations = segments.enumerated().map { (i, segment) in
            LineExplanation(
                text: segment.text, line: segment.line, fontSize: segment.size, box: segment.box,
                field: roles[i],
                scores: Dictionary(
                    uniqueKeysWithValues: TextField.allCases.map { ($0.key, round3(scores[i][$0])) }
                        + [("address", round3(scores[i].address))]),
                reasons: TextField.allCases.flatMap { scores[i].reasons[$0.rawValue].map(\.text) }
                    + scores[i].addressReasons,
                features: scores[i].features.values, competing: competing[i])
        }
        // 6. QR codes: a vCard or MeCard is the owner's own data and takes precedence; a URL
        // code adds the website (CodeMerge).
        // Calibrated before the QR merge: a coded value's confidence (0.99 agreed, 0.95 over a
        // misread print) says where it came from and is not the printed reading's to calibrate.
        fields = calibrated(fields)
        var phoneEvidence = phones.map(\.evidence)
        let coded = page.codes.compactMap { CodeContact.parse($0.payload) }
        if !coded.isEmpty {
            let merge = CodeMerge(
                parser: phoneNumbers, regions: regions, typeByNumber: options.typeUnlabelledPhonesByNumber,
                cardDomains: context.domainLabels,
                elsewhereConfidence: options.model.urlCodeElsewhere ?? CodeMerge.coded)
            (fields, phoneEvidence) = merge.merge(coded, into: fields, phoneEvidence: phoneEvidence)
        }
        return ExtractionResult(
            fields: fields, regions: regions, lines: explanations, phoneEvidence: phoneEvidence)
    }

    /// The fields with every confidence mapped through the model's calibration tables, so that a
    /// value given 0.9 is right about 9 times in 10 (fitted out of fold: scripts/fit-scoring).
    private func calibrated(_ fields: CardFields) -> CardFields {
        let model = options.model
        guard !model.calibration.isEmpty else { return fields }
        var out = fields
        for field in FieldName.cardText {
            guard var value = out[field] else { continue }
            value.confidence = round3(model.calibrate(field.key, value.confidence))
            out[field] = value
        }
        func calibrate(_ field: FieldName, _ confidence: Double) -> Double {
            round3(model.calibrate(field.key, confidence))
        }
        out.phones = out.phones.map { var p = $0; p.confidence = calibrate(.phone, p.confidence); return p }
        out.emails = out.emails.map { var e = $0; e.confidence = calibrate(.email, e.confidence); return e }
        out.websites = out.websites.map { var w = $0; w.confidence = calibrate(.website, w.confidence); return w }
        return out
    }

    /// A 0 or 1 OCR read inside a name's letters ("J0hn", "Rache1", "Wi11iam", "0'Brien"): the
    /// word with an O or an l (I in capitals) in their place, when that is a known given name or
    /// surname. Other words keep their digits ("A1", "R0ad", "B2B").
    static func repairDigitsInNames(_ segments: inout [Segment]) {
        let lexicons = Lexicons.shared
        func repaired(_ word: Substring) -> String? {
            let letters = word.filter(\.isLetter)
            guard letters.count >= 2, word.contains(where: { $0 == "0" || $0 == "1" }),
                !word.contains(where: { $0.isNumber && $0 != "0" && $0 != "1" })
            else { return nil }
            let capitals = letters.allSatisfy(\.isUppercase)
            let chars = Array(word)
            var out = ""
            for (i, c) in chars.enumerated() {
                switch c {
                case "0": out.append(capitals || i == 0 ? "O" : "o")
                case "1": out.append(capitals ? "I" : (i == 0 ? "I" : "l"))
                default: out.append(c)
                }
            }
            let folded = Text.fold(out).filter(\.isLetter)
            return lexicons.isNameWord(folded) || lexicons.isNameWord(Text.fold(out)) ? out : nil
        }
        for i in segments.indices where segments[i].text.contains(where: { $0 == "0" || $0 == "1" }) {
            let text = segments[i].text
            guard !Contacts.showsContactAddress(text), Text.digitCount(text) <= 3 else { continue }
            let words = text.split(separator: " ", omittingEmptySubsequences: false)
            let fixed = words.map { repaired($0) ?? String($0) }
            if fixed != words.map(String.init) { segments[i].text = fixed.joined(separator: " ") }
        }
    }

    /// A dotless ı on a card with no other Turkish letter, host or number is an i the Latin
    /// model misread ("Managıng Trustee", "Malaysıa"), unless the word is a Turkish one the
    /// lexicons know: a name printed on a card from elsewhere ("Yusuf Yılmaz"), a company word
    /// ("Mimarlık"). Turkish text sets ş, ğ or İ beside it.
    static func repairDotlessI(_ segments: inout [Segment], hosts: [String]) {
        let turkish =
            segments.contains { $0.text.contains(where: { "şŞğĞİ".contains($0) }) || $0.text.contains("+90") }
            || hosts.contains { $0.hasSuffix(".tr") }
        guard !turkish else { return }
        let lexicons = Lexicons.shared
        func turkishWord(_ word: Substring) -> Bool {
            let folded = Text.fold(String(word)).filter(\.isLetter)
            return lexicons.isNameWord(folded) || lexicons.companyWords.contains(folded)
                || lexicons.titleRoles.contains(folded) || lexicons.addressWords.contains(folded)
        }
        for i in segments.indices where segments[i].text.contains("ı") {
            segments[i].text = segments[i].text.split(separator: " ", omittingEmptySubsequences: false)
                .map { word in
                    word.contains("ı") && !turkishWord(word)
                        ? word.replacingOccurrences(of: "ı", with: "i") : String(word)
                }.joined(separator: " ")
        }
    }

    /// Segments that are contact data: emails, websites or phones account for half of their
    /// characters, a contact label (Tel, E-mail, Web) stands before them, or they hold an "@" or
    /// a URL scheme.
    private static func contactSegments(_ segments: [Segment], cover: [Int], phones: [PhoneCandidate])
        -> [Bool]
    {
        segments.enumerated().map { (i, segment) in
            let visible = max(1, segment.text.filter { $0 != " " }.count)
            let phoneChars = phones.filter { $0.segmentIndex == i }.reduce(0) {
                $0 + $1.printed.filter { $0 != " " }.count
            }
            if Double(cover[i] + phoneChars) / Double(visible) >= 0.5 { return true }
            if let label = segment.label, label != .address { return true }
            // A label no lexicon knows, ended by a colon before the number ("Reservations: 020
            // 7946 0321", "Hotline: ..."): the line is the phone's.
            if let phone = phones.first(where: { $0.segmentIndex == i }),
                let range = segment.text.range(of: phone.printed)
            {
                let head = segment.text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
                if head.hasSuffix(":"), head.split(separator: " ").count <= 2 { return true }
            }
            // A scheme marks a web address even when its host is misread beyond use
            // ("http://facebook.co.ny/putrajaya"): the line is no name, title or company.
            return segment.text.contains("@") || segment.text.contains("://")
        }
    }

    /// How much the text itself can be trusted, 0.5...1: the weakest OCR word, and signs of a
    /// clipped or damaged reading (a lower-case first letter on a name, title or company line,
    /// stray symbols such as "€" or "¢"). Measured on the synthetic cards: values wrong only in
    /// their letters kept a confident assignment, and these signs separate most of them.
    private func textQuality(_ value: String, _ members: [Segment]) -> Double {
        let weakest = members.map(\.weakestWord).min() ?? 1
        var quality = 0.6 + 0.4 * min(1, max(0, weakest))
        if let first = value.first, first.isLetter, first.isLowercase, !Text.containsHan(value) {
            quality *= 0.8
        }
        if value.contains(where: { "€¢£¥§©®™|_~^{}[]<>".contains($0) }) { quality *= 0.8 }
        return quality
    }

    /// Trims stray punctuation OCR leaves around a name.
    private func cleanName(_ s: String) -> String {
        Self.splitGluedSuffix(
            Text.repairHanName(
                LineScorer.mergeFragments(s.trimmingCharacters(in: CharacterSet(charactersIn: " ,;:|-–—•·")))))
    }

    /// "ANANYA NAIRJR." -> "ANANYA NAIR JR.": a generational suffix OCR glued to the surname.
    static func splitGluedSuffix(_ name: String) -> String {
        guard let last = name.split(separator: " ").last, last.count >= 5, name.contains(" ") else { return name }
        for suffix in ["JR.", "SR.", "Jr.", "Sr."] where last.hasSuffix(suffix) {
            let stem = last.dropLast(suffix.count)
            guard stem.count >= 2, stem.allSatisfy(\.isLetter),
                stem.last?.isUppercase == suffix.first?.isUppercase || suffix.first == "J" && stem.last?.isLowercase == true
            else { continue }
            return name.dropLast(last.count) + stem + " " + suffix
        }
        return name
    }
}

func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }

/// The fields of a card with the reasoning behind them, for reviewers and debugging.
public struct ExtractionResult: Sendable, Hashable {
    /// The extracted fields.
    public var fields: CardFields
    /// Regions phone numbers were read under, most likely first.
    public var regions: [String]
    /// One entry per segment (a line or a part of a line), in reading order.
    public var lines: [LineExplanation]
    /// Why each phone number was typed and normalised as it was, in `fields.phones` order.
    public var phoneEvidence: [String]
}

/// What one line (or part of a line) scored and which field it went to.
public struct LineExplanation: Sendable, Hashable, Codable {
    /// The text after label removal.
    public var text: String
    /// Index of the OCR line in `RecognizedPage.lines`.
    public var line: Int
    /// Estimated font size in pixels.
    public var fontSize: Double
    /// Where the text is on the recognised card image (nil in explanations written before it
    /// was added).
    public var box: PixelBox?
    /// The field the text went to (`name`, `phone`, ...), or nil when it was not used.
    public var field: String?
    /// Score per field; a field takes a line only above its threshold.
    public var scores: [String: Double]
    /// The reasons that raised the scores.
    public var reasons: [String]
    /// The evidence the scores were computed from (feature name -> value), for fitting the model.
    public var features: [String: Double] = [:]
    /// Whether the line competed for name, title, department and company (not contact data,
    /// junk or address).
    public var competing = false
}
