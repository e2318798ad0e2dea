/// The expected fields of one card in a test image: what is printed on it.
///
/// Truth files (`<image>.truth.json` beside each image in `TestImages/`) hold
/// `{"cards": [CardTruth, ...], "kind": ..., "languages": ...}`; cards are listed in reading
/// order of the page (top to bottom, then left to right).
@dynamicMemberLookup
public struct CardTruth: Hashable, Sendable, Codable {
    /// A phone as printed, with its E.164 form and kind.
    public typealias Phone = PlainPhone

    /// What the card prints (`truth.name`, `truth.phones`, ... read through to it).
    public var fields: Fields<String>
    /// Where the card lies in the source image, when known.
    public var bbox: PixelBox?

    public init(
        name: String? = nil, title: String? = nil, department: String? = nil, company: String? = nil,
        address: String? = nil, phones: [Phone] = [], emails: [String] = [], websites: [String] = [],
        bbox: PixelBox? = nil
    ) {
        self.fields = Fields(
            name: name, title: title, department: department, company: company, address: address,
            phones: phones, emails: emails, websites: websites)
        self.bbox = bbox
    }

    public subscript<T>(dynamicMember key: WritableKeyPath<Fields<String>, T>) -> T {
        get { fields[keyPath: key] }
        set { fields[keyPath: key] = newValue }
    }

    /// A single text field of the card by name.
    public subscript(field: FieldName) -> String? {
        get { fields[field] }
        set { fields[field] = newValue }
    }

    enum CodingKeys: String, CodingKey {
        case name, title, department, company, address, phones, emails, websites, bbox
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        fields = try Fields(plainFrom: c, requireLists: false)
        bbox = try c.decodeIfPresent(PixelBox.self, forKey: .bbox)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try fields.encodePlain(to: &c)
        try c.encodeIfPresent(bbox, forKey: .bbox)
    }
}

/// A truth file: the cards on one test image and how the image was made.
public struct TruthFile: Hashable, Sendable, Codable {
    public var cards: [CardTruth]
    /// How the image was made: `clean`, `scan`, `photo`, `lowdpi`, `noisy`, `flatbed`, ...
    public var kind: String?
    /// Tesseract languages needed to read it, such as `eng` or `chi_sim+eng`.
    public var languages: String?

    public init(cards: [CardTruth], kind: String? = nil, languages: String? = nil) {
        self.cards = cards
        self.kind = kind
        self.languages = languages
    }
}
