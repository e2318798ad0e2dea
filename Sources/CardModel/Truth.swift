/// The expected fields of one card in a test image: what is printed on it.
///
/// Truth files (`<image>.truth.json` beside each image in `TestImages/`) hold
/// `{"cards": [CardTruth, ...], "kind": ..., "languages": ...}`; cards are listed in reading
/// order of the page (top to bottom, then left to right).
public struct CardTruth: Hashable, Sendable, Codable {
    /// A phone as printed, with its E.164 form and kind.
    public typealias Phone = PlainPhone

    public var name: String?
    public var title: String?
    public var department: String?
    public var company: String?
    public var address: String?
    public var phones: [Phone]
    public var emails: [String]
    public var websites: [String]
    /// Where the card lies in the source image, when known.
    public var bbox: PixelBox?

    public init(
        name: String? = nil, title: String? = nil, department: String? = nil, company: String? = nil,
        address: String? = nil, phones: [Phone] = [], emails: [String] = [], websites: [String] = [],
        bbox: PixelBox? = nil
    ) {
        self.name = name
        self.title = title
        self.department = department
        self.company = company
        self.address = address
        self.phones = phones
        self.emails = emails
        self.websites = websites
        self.bbox = bbox
    }

    enum CodingKeys: String, CodingKey {
        case name, title, department, company, address, phones, emails, websites, bbox
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        department = try c.decodeIfPresent(String.self, forKey: .department)
        company = try c.decodeIfPresent(String.self, forKey: .company)
        address = try c.decodeIfPresent(String.self, forKey: .address)
        phones = try c.decodeIfPresent([Phone].self, forKey: .phones) ?? []
        emails = try c.decodeIfPresent([String].self, forKey: .emails) ?? []
        websites = try c.decodeIfPresent([String].self, forKey: .websites) ?? []
        bbox = try c.decodeIfPresent(PixelBox.self, forKey: .bbox)
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
