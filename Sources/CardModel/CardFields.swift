/// A value the extractor considered but did not choose, kept for the reviewer.
public struct AlternativeValue: Hashable, Sendable, Codable {
    public var value: String
    public var confidence: Double

    public init(value: String, confidence: Double) {
        self.value = value
        self.confidence = confidence
    }
}

/// One extracted text field with its confidence in 0...1.
///
/// JSON: `{"value": ..., "confidence": ...}`; `alternatives` and `evidence` are added only when
/// present (compatible extensions of the `scan --json` contract).
public struct FieldValue: Hashable, Sendable, Codable {
    public var value: String
    public var confidence: Double
    /// Runner-up values, best first.
    public var alternatives: [AlternativeValue]
    /// A short human-readable reason the value was chosen ("tallest line", "label Tel").
    public var evidence: String?

    public init(
        value: String, confidence: Double, alternatives: [AlternativeValue] = [], evidence: String? = nil
    ) {
        self.value = value
        self.confidence = confidence
        self.alternatives = alternatives
        self.evidence = evidence
    }

    enum CodingKeys: String, CodingKey { case value, confidence, alternatives, evidence }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        value = try c.decode(String.self, forKey: .value)
        confidence = try c.decodeIfPresent(Double.self, forKey: .confidence) ?? 1
        alternatives = try c.decodeIfPresent([AlternativeValue].self, forKey: .alternatives) ?? []
        evidence = try c.decodeIfPresent(String.self, forKey: .evidence)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(value, forKey: .value)
        try c.encode(confidence.rounded(toPlaces: 3), forKey: .confidence)
        if !alternatives.isEmpty { try c.encode(alternatives, forKey: .alternatives) }
        try c.encodeIfPresent(evidence, forKey: .evidence)
    }
}

/// What a phone number is for, from its label or its number type.
public enum PhoneKind: String, Hashable, Sendable, Codable, CaseIterable {
    case work, mobile, fax, other
}

/// One phone number: as printed, normalised to E.164 when possible, typed.
public struct PhoneValue: Hashable, Sendable, Codable {
    /// The number as printed on the card (after OCR repair).
    public var value: String
    /// E.164 form such as `+14155550123`, or nil when the number could not be normalised.
    public var e164: String?
    public var kind: PhoneKind
    public var confidence: Double

    public init(value: String, e164: String?, kind: PhoneKind, confidence: Double) {
        self.value = value
        self.e164 = e164
        self.kind = kind
        self.confidence = confidence
    }

    enum CodingKeys: String, CodingKey { case value, e164, kind, confidence }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        value = try c.decode(String.self, forKey: .value)
        e164 = try c.decodeIfPresent(String.self, forKey: .e164)
        kind = try c.decodeIfPresent(PhoneKind.self, forKey: .kind) ?? .other
        confidence = try c.decodeIfPresent(Double.self, forKey: .confidence) ?? 1
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(value, forKey: .value)
        try c.encode(e164, forKey: .e164)  // explicit null when unknown
        try c.encode(kind, forKey: .kind)
        try c.encode(confidence.rounded(toPlaces: 3), forKey: .confidence)
    }
}

/// A phone number without a confidence: a confirmed contact's, or a truth file's.
public struct PlainPhone: Hashable, Sendable, Codable {
    /// The number as printed or typed.
    public var value: String
    /// E.164 form, or nil when the number could not be normalised.
    public var e164: String?
    public var kind: PhoneKind

    public init(value: String, e164: String?, kind: PhoneKind) {
        self.value = value
        self.e164 = e164
        self.kind = kind
    }
}

/// The fields of one business card.
///
/// JSON keys are a contract (`scan --json`): single fields are an object or `null`, never absent;
/// lists are arrays, possibly empty.
public struct CardFields: Hashable, Sendable, Codable {
    public var name: FieldValue?
    public var title: FieldValue?
    public var department: FieldValue?
    public var company: FieldValue?
    public var address: FieldValue?
    public var phones: [PhoneValue]
    public var emails: [FieldValue]
    public var websites: [FieldValue]

    public init(
        name: FieldValue? = nil, title: FieldValue? = nil, department: FieldValue? = nil,
        company: FieldValue? = nil, address: FieldValue? = nil, phones: [PhoneValue] = [],
        emails: [FieldValue] = [], websites: [FieldValue] = []
    ) {
        self.name = name
        self.title = title
        self.department = department
        self.company = company
        self.address = address
        self.phones = phones
        self.emails = emails
        self.websites = websites
    }

    enum CodingKeys: String, CodingKey {
        case name, title, department, company, address, phones, emails, websites
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(FieldValue.self, forKey: .name)
        title = try c.decodeIfPresent(FieldValue.self, forKey: .title)
        department = try c.decodeIfPresent(FieldValue.self, forKey: .department)
        company = try c.decodeIfPresent(FieldValue.self, forKey: .company)
        address = try c.decodeIfPresent(FieldValue.self, forKey: .address)
        phones = try c.decodeIfPresent([PhoneValue].self, forKey: .phones) ?? []
        emails = try c.decodeIfPresent([FieldValue].self, forKey: .emails) ?? []
        websites = try c.decodeIfPresent([FieldValue].self, forKey: .websites) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        // `encode` (not encodeIfPresent) writes an explicit null: the contract has every key.
        try c.encode(name, forKey: .name)
        try c.encode(title, forKey: .title)
        try c.encode(department, forKey: .department)
        try c.encode(company, forKey: .company)
        try c.encode(address, forKey: .address)
        try c.encode(phones, forKey: .phones)
        try c.encode(emails, forKey: .emails)
        try c.encode(websites, forKey: .websites)
    }

    /// The single-valued text fields by name, in contract order.
    public static let singleFieldNames = ["name", "title", "department", "company", "address"]

    /// Reads a single-valued field by its contract name.
    public subscript(single name: String) -> FieldValue? {
        get {
            switch name {
            case "name": self.name
            case "title": title
            case "department": department
            case "company": company
            case "address": address
            default: nil
            }
        }
        set {
            switch name {
            case "name": self.name = newValue
            case "title": title = newValue
            case "department": department = newValue
            case "company": company = newValue
            case "address": address = newValue
            default: break
            }
        }
    }

    /// The lowest confidence over all present fields, or nil when nothing was extracted.
    public var minimumConfidence: Double? {
        let all =
            CardFields.singleFieldNames.compactMap { self[single: $0]?.confidence }
            + phones.map(\.confidence) + emails.map(\.confidence) + websites.map(\.confidence)
        return all.min()
    }
}

extension Double {
    /// Rounds to a number of decimal places, for stable JSON.
    public func rounded(toPlaces places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
