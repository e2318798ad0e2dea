/// What one field of a contact holds: plain text (a confirmed contact, a truth file, a QR code's
/// payload) or text the extractor read, with its confidence (``FieldValue``).
public protocol FieldContent: Hashable, Sendable {
    /// The phone numbers that go with such values: ``PlainPhone`` for text, ``PhoneValue`` for
    /// extracted values.
    associatedtype Phone: PhoneContent
    /// The text of the value.
    var text: String { get }
}

/// A phone number with what every layer knows of it: as written, E.164, kind.
public protocol PhoneContent: Hashable, Sendable {
    var value: String { get }
    var e164: String? { get }
    var kind: PhoneKind { get }
}

extension String: FieldContent {
    public typealias Phone = PlainPhone
    public var text: String { self }
}

extension FieldValue: FieldContent {
    public typealias Phone = PhoneValue
    public var text: String { value }
}

extension PlainPhone: PhoneContent {}
extension PhoneValue: PhoneContent {}

/// The fields of a contact as a card prints them, declared once for every layer
/// (STYLE.md section 10, "One type per concept"):
/// - ``CardFields`` (`Fields<FieldValue>`): what the extractor read, with confidences;
/// - ``ContactFields``, ``CardTruth``, `CodeContact`: plain text, each with its own extra members
///   (a contact's note and name parts, a truth's box, a code's format).
///
/// Single fields are read and written by ``FieldName`` (`fields[.title]`); merging is
/// ``merged(with:rule:)`` and its comparison keys are ``ContactNormalizer``'s.
///
/// JSON (the `scan --json` contract, also the candidates' stored fields): every single field is
/// an object or `null`, never absent; lists are arrays, possibly empty. Wrappers with another
/// contract (contacts, truth files) write their own.
public struct Fields<Value: FieldContent>: Hashable, Sendable {
    public var name: Value?
    public var title: Value?
    public var department: Value?
    public var company: Value?
    public var address: Value?
    public var phones: [Value.Phone]
    public var emails: [Value]
    public var websites: [Value]

    public init(
        name: Value? = nil, title: Value? = nil, department: Value? = nil, company: Value? = nil,
        address: Value? = nil, phones: [Value.Phone] = [], emails: [Value] = [], websites: [Value] = []
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

    /// Reads or writes a single text field of the card (``FieldName/cardText``); nil for any
    /// other field, and writing one of those changes nothing.
    public subscript(field: FieldName) -> Value? {
        get {
            switch field {
            case .name: name
            case .title: title
            case .department: department
            case .company: company
            case .address: address
            default: nil
            }
        }
        set {
            switch field {
            case .name: name = newValue
            case .title: title = newValue
            case .department: department = newValue
            case .company: company = newValue
            case .address: address = newValue
            default: break
            }
        }
    }

    /// The same fields with every value converted (phones by `phone`).
    public func map<Other: FieldContent>(
        _ value: (Value) throws -> Other, phone: (Value.Phone) throws -> Other.Phone
    ) rethrows -> Fields<Other> {
        Fields<Other>(
            name: try name.map(value), title: try title.map(value), department: try department.map(value),
            company: try company.map(value), address: try address.map(value), phones: try phones.map(phone),
            emails: try emails.map(value), websites: try websites.map(value))
    }

    /// The values without confidences or alternatives.
    public var plain: Fields<String> {
        map(\.text) { PlainPhone(value: $0.value, e164: $0.e164, kind: $0.kind) }
    }
}

extension FieldName {
    /// The single text fields a card prints, in the order of the JSON contracts.
    public static let cardText: [FieldName] = [.name, .title, .department, .company, .address]

    /// Every field of ``Fields`` in the order of the JSON contracts: the single text fields, then
    /// the lists by their `--set` names (`phone` for all phones).
    public static let card: [FieldName] = cardText + [.phone, .email, .website]

    /// The field's key in the JSON contracts (`scan --json`, truth files, stored rows, `eval`
    /// reports, `merge --take`): the name of a single field, `phones`, `emails` or `websites`
    /// for the lists (`work`, `mobile` and `fax` are phones).
    public var key: String {
        switch self {
        case .phone, .work, .mobile, .fax: "phones"
        case .email: "emails"
        case .website: "websites"
        default: rawValue
        }
    }
}

// MARK: - JSON (the scan contract)

extension Fields: Codable where Value: Codable, Value.Phone: Codable {
    enum CodingKeys: String, CodingKey {
        case name, title, department, company, address, phones, emails, websites
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decodeIfPresent(Value.self, forKey: .name),
            title: try c.decodeIfPresent(Value.self, forKey: .title),
            department: try c.decodeIfPresent(Value.self, forKey: .department),
            company: try c.decodeIfPresent(Value.self, forKey: .company),
            address: try c.decodeIfPresent(Value.self, forKey: .address),
            phones: try c.decodeIfPresent([Value.Phone].self, forKey: .phones) ?? [],
            emails: try c.decodeIfPresent([Value].self, forKey: .emails) ?? [],
            websites: try c.decodeIfPresent([Value].self, forKey: .websites) ?? [])
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

    /// Decodes the fields from a container of the plain-text contracts (contacts, truth files):
    /// absent single fields are nil; `requireLists` makes the lists required keys.
    init<Key: CodingKey>(plainFrom c: KeyedDecodingContainer<Key>, requireLists: Bool) throws {
        func key(_ k: CodingKeys) -> Key? { Key(stringValue: k.stringValue) }
        func single(_ k: CodingKeys) throws -> Value? {
            guard let key = key(k) else { return nil }
            return try c.decodeIfPresent(Value.self, forKey: key)
        }
        func list<T: Decodable>(_ k: CodingKeys, _ type: [T].Type) throws -> [T] {
            guard let key = key(k) else { return [] }
            return requireLists
                ? try c.decode(type, forKey: key) : try c.decodeIfPresent(type, forKey: key) ?? []
        }
        self.init(
            name: try single(.name), title: try single(.title), department: try single(.department),
            company: try single(.company), address: try single(.address),
            phones: try list(.phones, [Value.Phone].self), emails: try list(.emails, [Value].self),
            websites: try list(.websites, [Value].self))
    }

    /// Encodes the fields into a container of the plain-text contracts: absent single fields
    /// are left out, lists always written.
    func encodePlain<Key: CodingKey>(to c: inout KeyedEncodingContainer<Key>) throws {
        func key(_ k: CodingKeys) -> Key? { Key(stringValue: k.stringValue) }
        for (k, value) in [(CodingKeys.name, name), (.title, title), (.department, department),
            (.company, company), (.address, address)]
        {
            if let key = key(k) { try c.encodeIfPresent(value, forKey: key) }
        }
        if let key = key(.phones) { try c.encode(phones, forKey: key) }
        if let key = key(.emails) { try c.encode(emails, forKey: key) }
        if let key = key(.websites) { try c.encode(websites, forKey: key) }
    }
}
