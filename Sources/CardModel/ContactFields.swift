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

/// The confirmed values of a contact: no confidences, no alternatives.
///
/// `name` and `address` are the printed forms; `nameParts` and `addressParts` sit beside
/// them (vCard `N` and `ADR`, the import columns of address books) and are filled by
/// ``ContactNormalizer`` when absent. JSON: the parts, `note` and `event` are compatible
/// additions, read as absent from older rows.
public struct ContactFields: Sendable, Hashable, Codable {
    public var name: String?
    public var title: String?
    public var department: String?
    public var company: String?
    public var address: String?
    public var phones: [ContactPhone]
    public var emails: [String]
    public var websites: [String]
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
        self.name = name
        self.title = title
        self.department = department
        self.company = company
        self.address = address
        self.phones = phones
        self.emails = emails
        self.websites = websites
        self.nameParts = nameParts
        self.addressParts = addressParts
        self.note = note
        self.event = event
    }

    /// The values the extractor chose, without their confidences.
    public init(_ card: CardFields) {
        self.init(
            name: card.name?.value, title: card.title?.value, department: card.department?.value,
            company: card.company?.value, address: card.address?.value,
            phones: card.phones.map { ContactPhone(value: $0.value, e164: $0.e164, kind: $0.kind) },
            emails: card.emails.map(\.value), websites: card.websites.map(\.value))
    }

    /// Reads or writes a single-valued text field (`name` ... `event`, and the name and address
    /// parts); nil for list fields. Writing an empty string clears the field.
    public subscript(field: FieldName) -> String? {
        get {
            switch field {
            case .name: name
            case .title: title
            case .department: department
            case .company: company
            case .address: address
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
            case .name: name = value
            case .title: title = value
            case .department: department = value
            case .company: company = value
            case .address: address = value
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

    /// Reads a single-valued field by its contract name (`name`, `title`, ...).
    public subscript(single field: String) -> String? {
        get { FieldName(rawValue: field).flatMap { self[$0] } }
        set { if let name = FieldName(rawValue: field) { self[name] = newValue } }
    }

    /// True for a company's card: no person's name, a company.
    public var isOrganization: Bool { name == nil && company != nil }

    /// Every field as display text, in a fixed order (lists joined with "; ").
    public var displayFields: [(field: String, value: String?)] {
        var rows: [(field: String, value: String?)] = [
            ("name", name), ("title", title), ("department", department), ("company", company),
            ("address", address),
            (
                "phones",
                phones.isEmpty
                    ? nil
                    : phones.map { "\($0.e164 ?? $0.value) (\($0.kind.rawValue))" }
                        .joined(separator: "; ")
            ),
            ("emails", emails.isEmpty ? nil : emails.joined(separator: "; ")),
            ("websites", websites.isEmpty ? nil : websites.joined(separator: "; ")),
        ]
        rows.append(("note", note))
        rows.append(("event", event))
        return rows
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
