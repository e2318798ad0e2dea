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

    /// The merged fields and the phone evidence in the order of the merged phones.
    func merge(_ contacts: [CodeContact], into fields: CardFields, phoneEvidence: [String])
        -> (CardFields, [String])
    {
        guard !contacts.isEmpty else { return (fields, phoneEvidence) }
        var out = fields
        for key in CardFields.singleFieldNames {
            guard let (value, source) = first(contacts, { Self.single(key, of: $0) }) else { continue }
            out[single: key] = Self.combine(value, source: source, printed: fields[single: key])
        }
        out.emails = list(contacts, \.emails, printed: fields.emails, key: { $0.lowercased() })
        out.websites = list(contacts, \.websites, printed: fields.websites, key: Self.websiteKey)
        let (phones, evidence) = mergePhones(contacts, printed: fields.phones, evidence: phoneEvidence)
        out.phones = phones
        return (out, evidence)
    }

    static func single(_ key: String, of contact: CodeContact) -> String? {
        switch key {
        case "name": contact.name
        case "title": contact.title
        case "department": contact.department
        case "company": contact.company
        case "address": contact.address
        default: nil
        }
    }

    private func first(_ contacts: [CodeContact], _ pick: (CodeContact) -> String?) -> (String, String)? {
        for c in contacts { if let v = pick(c) { return (v, c.source) } }
        return nil
    }

    /// The coded value, with the printed one as its alternative when they differ.
    static func combine(_ value: String, source: String, printed: FieldValue?) -> FieldValue {
        guard let printed else { return FieldValue(value: value, confidence: coded, evidence: source) }
        if textKey(printed.value) == textKey(value) {
            return FieldValue(
                value: value, confidence: agreed, alternatives: printed.alternatives,
                evidence: "\(source), matches the printed text")
        }
        let alternatives =
            [AlternativeValue(value: printed.value, confidence: round3(min(printed.confidence, 1 - coded)))]
            + printed.alternatives.filter { textKey($0.value) != textKey(value) }
        return FieldValue(
            value: value, confidence: coded, alternatives: alternatives,
            evidence: "\(source); printed text read \"\(printed.value)\"")
    }

    /// Coded values first, then printed values that are neither equal nor a near copy of one.
    private func list(
        _ contacts: [CodeContact], _ path: KeyPath<CodeContact, [String]>, printed: [FieldValue],
        key: (String) -> String
    ) -> [FieldValue] {
        var out: [FieldValue] = []
        for contact in contacts {
            for value in contact[keyPath: path] where !out.contains(where: { key($0.value) == key(value) }) {
                let agrees = printed.contains { key($0.value) == key(value) }
                out.append(
                    FieldValue(
                        value: value, confidence: agrees ? Self.agreed : Self.coded,
                        evidence: agrees ? "\(contact.source), matches the printed text" : contact.source))
            }
        }
        let coded = out.map { key($0.value) }
        for value in printed where !coded.contains(where: { Self.isNearCopy(key(value.value), of: $0) }) {
            out.append(value)
        }
        return out
    }

    private func mergePhones(_ contacts: [CodeContact], printed: [PhoneValue], evidence: [String])
        -> ([PhoneValue], [String])
    {
        var phones: [PhoneValue] = []
        var notes: [String] = []
        var used = Set<Int>()
        for contact in contacts {
            for phone in contact.phones {
                let match = parse(phone.value)
                let digits = Self.digits(match?.e164 ?? phone.value)
                guard !phones.contains(where: { Self.digits($0.e164 ?? $0.value) == digits }) else { continue }
                let twin = printed.indices.first { i in
                    !used.contains(i) && Self.digits(printed[i].e164 ?? printed[i].value) == digits
                }
                if let twin { used.insert(twin) }
                let kind: PhoneKind
                let why: String
                if let k = phone.kind {
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
        let coded = phones.map { Self.digits($0.e164 ?? $0.value) }
        for (i, phone) in printed.enumerated() where !used.contains(i) {
            // Only a number that did not normalise is taken for a misread copy: a company's fax
            // is often its phone number with another last digit.
            let digits = Self.digits(phone.e164 ?? phone.value)
            let misread = phone.e164 == nil && coded.contains { Self.isNearCopy(digits, of: $0, slips: 1) }
            guard !coded.contains(digits), !misread else { continue }
            phones.append(phone)
            notes.append(i < evidence.count ? evidence[i] : "")
        }
        return (phones, notes)
    }

    /// The number under the card's regions: the first valid reading, else the first possible one.
    private func parse(_ value: String) -> PhoneNumberMatch? {
        let readings = (regions.isEmpty ? ["US"] : regions).compactMap { parser.parse(value, region: $0) }
        return readings.first(where: \.isValid) ?? readings.first
    }

    // MARK: - Comparison keys

    static func textKey(_ s: String) -> String {
        s.lowercased().filter { $0.isLetter || $0.isNumber }
    }

    static func websiteKey(_ s: String) -> String {
        var t = s.lowercased()
        for prefix in ["https://", "http://"] where t.hasPrefix(prefix) { t.removeFirst(prefix.count) }
        if t.hasPrefix("www.") { t.removeFirst(4) }
        while t.hasSuffix("/") { t.removeLast() }
        return t
    }

    static func digits(_ s: String) -> String { s.filter { $0.isASCII && $0.isNumber } }

    /// True when `a` equals `b` or is at most `slips` edits away (default: one per five characters,
    /// at least two): the printed copy of a coded value, misread.
    static func isNearCopy(_ a: String, of b: String, slips: Int? = nil) -> Bool {
        if a == b { return true }
        let limit = slips ?? max(2, b.count / 5)
        guard abs(a.count - b.count) <= limit else { return false }
        return editDistance(Array(a), Array(b)) <= limit
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
