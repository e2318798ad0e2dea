import CardModel
import Foundation

/// Merges what the card's QR codes say into the fields read from its printed text.
///
/// A vCard or MeCard is the card owner's own data, typed rather than read: its fields take
/// precedence with high confidence, and the printed value it replaces becomes the alternative.
/// A printed email or website that is a near copy of a coded one (an OCR slip or two away) is
/// the same value misread and is dropped, as is a printed phone that did not normalise and is
/// one digit off; values that differ more stay, as do fields the code lacks.
/// A URL code adds its website the same way.
struct CodeMerge {
    /// Confidence of a coded value the printed text agrees with, and of one it does not show.
    static let agreed = 0.99
    static let coded = 0.95

    var parser: any PhoneNumberParsing
    var regions: [String]
    var typeByNumber: Bool
    /// Domain labels of the printed emails and websites ("kanto-mazda"; CardContext.domainLabels).
    var cardDomains: [String] = []
    /// Confidence of a URL code's website on another domain than the printed emails and websites,
    /// or on a card that prints none (a messenger link, an app page, a short link): fitted by
    /// scripts/fit-scoring as the share of such values that were the card's website
    /// (ScoringModel.urlCodeElsewhere).
    var elsewhereConfidence: Double = Self.coded

    /// The merged fields and the phone evidence in the order of the merged phones.
    func merge(_ contacts: [CodeContact], into fields: CardFields, phoneEvidence: [String])
        -> (CardFields, [String])
    {
        guard !contacts.isEmpty else { return (fields, phoneEvidence) }
        // The codes' values, scored by whether the printed text shows them ...
        var coded = CardFields()
        for field in FieldName.cardText {
            guard let contact = contacts.first(where: { $0.fields[field] != nil }), let value = contact.fields[field]
            else { continue }
            coded[field] = FieldValue(value: value, confidence: Self.coded, evidence: contact.source)
        }
        coded.emails = list(contacts, \.emails, printed: fields.emails, key: ContactNormalizer.emailKey)
        coded.websites = list(contacts, \.websites, printed: fields.websites, key: ContactNormalizer.websiteKey)
        let notes: [String]
        (coded.phones, notes) = codedPhones(contacts, printed: fields.phones)
        // ... then merged over it: printed values that copy a coded one, misread, are dropped.
        let rule = MergeRule<FieldValue>(
            single: { _, code, printed in code.map { Self.combine($0, printed: printed) } ?? printed },
            isCopy: { _, printed, code in Self.isNearCopy(printed, of: code) },
            // Only a number that did not normalise is taken for a misread copy: a company's fax
            // is often its phone number with another last digit.
            isPhoneCopy: { printed, code in
                printed.e164 == nil && Self.isNearCopy(ContactNormalizer.phoneKey(printed), of: code, slips: 1)
            })
        let merged = coded.merged(with: fields, rule: rule)
        // The printed phones kept follow the coded ones in their own order.
        var evidence = notes
        var next = 0
        for phone in merged.phones.dropFirst(coded.phones.count) {
            while next < fields.phones.count, fields.phones[next] != phone { next += 1 }
            evidence.append(next < phoneEvidence.count ? phoneEvidence[next] : "")
            next += 1
        }
        return (merged, evidence)
    }

    /// The coded value (its evidence naming the code), with the printed one as its alternative
    /// when they differ.
    static func combine(_ code: FieldValue, printed: FieldValue?) -> FieldValue {
        let value = code.value
        let source = code.evidence ?? ""
        guard let printed else { return FieldValue(value: value, confidence: coded, evidence: source) }
        if ContactNormalizer.textKey(printed.value) == ContactNormalizer.textKey(value) {
            return FieldValue(
                value: value, confidence: agreed, alternatives: printed.alternatives,
                evidence: "\(source), matches the printed text")
        }
        let alternatives =
            [AlternativeValue(value: printed.value, confidence: round3(min(printed.confidence, 1 - coded)))]
            + printed.alternatives.filter { ContactNormalizer.textKey($0.value) != ContactNormalizer.textKey(value) }
        return FieldValue(
            value: value, confidence: coded, alternatives: alternatives,
            evidence: "\(source); printed text read \"\(printed.value)\"")
    }

    /// The codes' values of one list, each once, confident when the printed text shows it too.
    private func list(
        _ contacts: [CodeContact], _ path: KeyPath<Fields<String>, [String]>, printed: [FieldValue],
        key: (String) -> String
    ) -> [FieldValue] {
        var out: [FieldValue] = []
        for contact in contacts {
            for value in contact.fields[keyPath: path] where !out.contains(where: { key($0.value) == key(value) }) {
                let agrees = printed.contains { key($0.value) == key(value) }
                if !agrees, let reason = elsewhere(contact, value) {
                    out.append(
                        FieldValue(
                            value: value, confidence: elsewhereConfidence,
                            evidence: "\(contact.source), \(reason)"))
                    continue
                }
                out.append(
                    FieldValue(
                        value: value, confidence: agrees ? Self.agreed : Self.coded,
                        evidence: agrees ? "\(contact.source), matches the printed text" : contact.source))
            }
        }
        return out
    }

    /// Why a URL code's address is not the card's own, or nil when the print shows its domain
    /// (a misread printed domain, "acrne" for "acme", is the same one). On another domain than
    /// every printed email and website, or on a card that prints none, it is seldom the
    /// contact's website: a messenger link, an app page, a short link.
    private func elsewhere(_ contact: CodeContact, _ value: String) -> String? {
        guard contact.format == .url else { return nil }
        guard !cardDomains.isEmpty else { return Self.noPrintedDomain }
        let labels = CardContext.domainLabels(emails: [], websites: [value])
        return labels.contains { label in cardDomains.contains { Self.isNearCopy($0, of: label) } }
            ? nil : Self.anotherDomain
    }

    /// The evidence of URL codes the print does not show (scripts/fit-scoring counts both).
    static let anotherDomain = "another domain than the card's"
    static let noPrintedDomain = "no e-mail or website printed on the card"

    /// The codes' phones, each number once, typed by the code, else by the printed twin, else by
    /// the number; with the evidence of each.
    private func codedPhones(_ contacts: [CodeContact], printed: [PhoneValue]) -> ([PhoneValue], [String]) {
        var phones: [PhoneValue] = []
        var notes: [String] = []
        var used = Set<Int>()
        for contact in contacts {
            for (index, phone) in contact.fields.phones.enumerated() {
                let match = parse(phone.value)
                let digits = Self.digits(match?.e164 ?? phone.value)
                guard !phones.contains(where: { ContactNormalizer.phoneKey($0) == digits }) else { continue }
                let twin = printed.indices.first { i in
                    !used.contains(i) && ContactNormalizer.phoneKey(printed[i]) == digits
                }
                if let twin { used.insert(twin) }
                let kind: PhoneKind
                let why: String
                if let k = contact.statedKind(ofPhone: index) {
                    (kind, why) = (k, "type from the code")
                } else if let twin {
                    (kind, why) = (printed[twin].kind, "type from the printed label")
                } else if typeByNumber, let type = match?.type {
                    kind = type == .mobile ? .mobile : type == .fixedLine ? .work : .other
                    why = "type from the number"
                } else {
                    (kind, why) = (.other, "no type")
                }
                phones.append(
                    PhoneValue(
                        value: phone.value, e164: match?.e164, kind: kind,
                        confidence: twin != nil ? Self.agreed : Self.coded))
                let region = match.map { "E.164 under \($0.region)" } ?? "not normalised"
                notes.append(
                    "\(contact.source)\(twin != nil ? ", matches the printed number" : ""); \(why); \(region)")
            }
        }
        return (phones, notes)
    }

    /// The number under the card's regions: the first valid reading, else the first possible one.
    private func parse(_ value: String) -> PhoneNumberMatch? {
        let readings = (regions.isEmpty ? ["US"] : regions).compactMap { parser.parse(value, region: $0) }
        return readings.first(where: \.isValid) ?? readings.first
    }

    // MARK: - Comparison keys

    static func digits(_ s: String) -> String { s.filter { $0.isASCII && $0.isNumber } }

    /// True when `a` equals `b` or is at most `slips` edits away (default: one per five characters,
    /// at least two): the printed copy of a coded value, misread.
    static func isNearCopy(_ a: String, of b: String, slips: Int? = nil) -> Bool {
        if a == b { return true }
        let limit = slips ?? max(2, b.count / 5)
        guard abs(a.count - b.count) <= limit else { return false }
        return ContactNormalizer.editDistance(Array(a), Array(b), limit: limit) <= limit
    }
}
