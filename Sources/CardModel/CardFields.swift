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

/// The fields of one business card as the extractor read them: values with confidences.
public typealias CardFields = Fields<FieldValue>

extension Fields where Value == FieldValue {
    /// The lowest confidence over all present fields, or nil when nothing was extracted.
    public var minimumConfidence: Double? {
        let all =
            FieldName.cardText.compactMap { self[$0]?.confidence }
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
