import Foundation

/// Every field of a confirmed contact that a person can name: `--set FIELD=VALUE` in review and
/// `contacts edit`, the merge's `take` list, the import's columns and the exports' warnings.
///
/// The one enumeration of contact fields: the store, review edits, imports and exports all
/// read it (STYLE.md section 10, "One type per concept").
public enum FieldName: String, Sendable, Hashable, Codable, CaseIterable {
    case name, title, department, company, address
    /// Replaces all emails with the values given (repeat `--set email=` for several).
    case email
    /// A phone of kind other; `work`, `mobile` and `fax` add numbers of those kinds.
    case phone, work, mobile, fax
    case website
    /// What the rep wrote down about the contact.
    case note
    /// Where the card was collected ("Hannover Messe 2026").
    case event
    /// Parts of the name (the printed name stays as it is).
    case prefix, given, middle, family, suffix
    /// Parts of the address (the printed address stays as it is).
    case street, city, region, postcode, country

    /// The single-valued text fields, in display order.
    public static let singleText: [FieldName] = [
        .name, .title, .department, .company, .address, .note, .event,
    ]
    /// The parts of a structured name, in vCard `N` order of display.
    public static let nameParts: [FieldName] = [.prefix, .given, .middle, .family, .suffix]
    /// The parts of a structured address.
    public static let addressParts: [FieldName] = [.street, .city, .region, .postcode, .country]

    /// The phone kind a phone field adds, or nil for other fields.
    public var phoneKind: PhoneKind? {
        switch self {
        case .phone: .other
        case .work: .work
        case .mobile: .mobile
        case .fax: .fax
        default: nil
        }
    }
}

/// One `FIELD=VALUE` edit. An empty value clears the field.
public struct FieldEdit: Sendable, Hashable, Codable {
    public var field: FieldName
    public var value: String

    public init(field: FieldName, value: String) {
        self.field = field
        self.value = value
    }
}

/// A phone number without a confidence: a confirmed contact's, or a truth file's.
public typealias ContactPhone = PlainPhone

/// Where a contact came from.
public enum ContactOrigin: String, Sendable, Hashable, Codable, CaseIterable {
    /// Confirmed by a reviewer from a scanned card.
    case scanned
    /// Read from an address book file (`contacts import`).
    case imported
}

/// The confirmed values of a contact: ``Fields`` of plain text (no confidences, no
/// alternatives) and what only a contact has.
///
/// `name` and `address` are the printed forms; `nameParts` and `addressParts` sit beside
/// them (vCard `N` and `ADR`, the import columns of address books) and are filled by
/// ``ContactNormalizer`` when absent. JSON: the parts, `note` and `event` are compatible
/// additions, read as absent from older rows.
@dynamicMemberLookup
public struct ContactFields: Sendable, Hashable, Codable {
    /// The fields a card prints (`contact.name`, `contact.phones`, ... read through to them).
    public var fields: Fields<String>
    public var nameParts: PersonName?
    public var addressParts: PostalAddress?
    public var note: String?
    public var event: String?

    public init(
        name: String? = nil, title: String? = nil, department: String? = nil, company: String? = nil,
        address: String? = nil, phones: [ContactPhone] = [], emails: [String] = [], websites: [String] = [],
        nameParts: PersonName? = nil, addressParts: PostalAddress? = nil, note: String? = nil,
        event: String? = nil
    ) {
        self.init(
            Fields(
                name: name, title: title, department: department, company: company, address: address,
                phones: phones, emails: emails, websites: websites),
            nameParts: nameParts, addressParts: addressParts, note: note, event: event)
    }

    public init(
        _ fields: Fields<String>, nameParts: PersonName? = nil, addressParts: PostalAddress? = nil,
        note: String? = nil, event: String? = nil
    ) {
        self.fields = fields
        self.nameParts = nameParts
        self.addressParts = addressParts
        self.note = note
        self.event = event
    }

    /// The values the extractor chose, without their confidences.
    public init(_ card: CardFields) {
        self.init(card.plain)
    }

    public subscript<T>(dynamicMember key: WritableKeyPath<Fields<String>, T>) -> T {
        get { fields[keyPath: key] }
        set { fields[keyPath: key] = newValue }
    }

    enum CodingKeys: String, CodingKey {
        case name, title, department, company, address, phones, emails, websites
        case nameParts, addressParts, note, event
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        fields = try Fields(plainFrom: c, requireLists: true)
        nameParts = try c.decodeIfPresent(PersonName.self, forKey: .nameParts)
        addressParts = try c.decodeIfPresent(PostalAddress.self, forKey: .addressParts)
        note = try c.decodeIfPresent(String.self, forKey: .note)
        event = try c.decodeIfPresent(String.self, forKey: .event)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try fields.encodePlain(to: &c)
        try c.encodeIfPresent(nameParts, forKey: .nameParts)
        try c.encodeIfPresent(addressParts, forKey: .addressParts)
        try c.encodeIfPresent(note, forKey: .note)
        try c.encodeIfPresent(event, forKey: .event)
    }

    /// Reads or writes a single-valued text field (`name` ... `event`, and the name and address
    /// parts); nil for list fields. Writing an empty string clears the field.
    public subscript(field: FieldName) -> String? {
        get {
            switch field {
            case .name, .title, .department, .company, .address: fields[field]
            case .note: note
            case .event: event
            case .prefix: nameParts.flatMap { ContactText.nonEmpty($0.prefix) }
            case .given: nameParts.flatMap { ContactText.nonEmpty($0.given) }
            case .middle: nameParts.flatMap { ContactText.nonEmpty($0.middle) }
            case .family: nameParts.flatMap { ContactText.nonEmpty($0.family) }
            case .suffix: nameParts.flatMap { ContactText.nonEmpty($0.suffix) }
            case .street: addressParts.flatMap { ContactText.nonEmpty($0.street) }
            case .city: addressParts.flatMap { ContactText.nonEmpty($0.city) }
            case .region: addressParts.flatMap { ContactText.nonEmpty($0.region) }
            case .postcode: addressParts.flatMap { ContactText.nonEmpty($0.postcode) }
            case .country: addressParts.flatMap { ContactText.nonEmpty($0.country) }
            case .email, .phone, .work, .mobile, .fax, .website: nil
            }
        }
        set {
            let value = ContactText.nonEmpty(newValue)
            let part = value ?? ""
            switch field {
            case .name, .title, .department, .company, .address: fields[field] = value
            case .note: note = value
            case .event: event = value
            case .prefix: nameParts = (nameParts ?? PersonName()).with(\.prefix, part)
            case .given: nameParts = (nameParts ?? PersonName()).with(\.given, part)
            case .middle: nameParts = (nameParts ?? PersonName()).with(\.middle, part)
            case .family: nameParts = (nameParts ?? PersonName()).with(\.family, part)
            case .suffix: nameParts = (nameParts ?? PersonName()).with(\.suffix, part)
            case .street: addressParts = (addressParts ?? PostalAddress()).with(\.street, part)
            case .city: addressParts = (addressParts ?? PostalAddress()).with(\.city, part)
            case .region: addressParts = (addressParts ?? PostalAddress()).with(\.region, part)
            case .postcode: addressParts = (addressParts ?? PostalAddress()).with(\.postcode, part)
            case .country: addressParts = (addressParts ?? PostalAddress()).with(\.country, part)
            case .email, .phone, .work, .mobile, .fax, .website: break
            }
        }
    }

    /// True for a company's card: no person's name, a company.
    public var isOrganization: Bool { fields.name == nil && fields.company != nil }

    /// Every field as display text, in a fixed order: the card's fields (``FieldName/card``,
    /// shown under their contract ``FieldName/key``), then `note` and `event` (lists joined with "; ").
    public var displayFields: [(field: FieldName, value: String?)] {
        func joined(_ values: [String]) -> String? { values.isEmpty ? nil : values.joined(separator: "; ") }
        return (FieldName.card + [.note, .event]).map { field in
            let value: String? =
                switch field {
                case .phone: joined(fields.phones.map { "\($0.e164 ?? $0.value) (\($0.kind.rawValue))" })
                case .email: joined(fields.emails)
                case .website: joined(fields.websites)
                default: self[field]
                }
            return (field, value)
        }
    }
}

extension PersonName {
    func with(_ key: WritableKeyPath<PersonName, String>, _ value: String) -> PersonName {
        var copy = self
        copy[keyPath: key] = value
        return copy
    }
}

extension PostalAddress {
    func with(_ key: WritableKeyPath<PostalAddress, String>, _ value: String) -> PostalAddress {
        var copy = self
        copy[keyPath: key] = value
        return copy
    }
}
