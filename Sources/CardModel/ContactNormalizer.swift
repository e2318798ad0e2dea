import Foundation

/// The one normaliser of contact values: E.164 phones under the card's region, the comparison
/// keys of e-mails, web addresses and phones (which ``Fields/merged(with:rule:)`` uses for every
/// merge: the scan's, the QR codes', the store's), name and address parts.
///
/// The store runs every contact it writes through it (accept, merge, edit, import), so a
/// reviewer's `--set mobile="(41) 98726-4320"` on a Brazilian card is stored as
/// `+5541987264320` and duplicate detection finds it.
public struct ContactNormalizer: Sendable {
    /// Numbering plans; without them only numbers written with `+` or `00` are normalised.
    public var phoneNumbers: (any PhoneNumberParsing)?

    public init(phoneNumbers: (any PhoneNumberParsing)?) {
        self.phoneNumbers = phoneNumbers
    }

    // MARK: - Values

    /// The region a contact's numbers are dialled in: the country of its first normalised
    /// phone, else the country its address names, else nil.
    public func region(of fields: ContactFields) -> String? {
        if let phoneNumbers {
            for e164 in fields.phones.compactMap(\.e164) {
                if let match = phoneNumbers.parse(e164, region: "ZZ"), match.region != "ZZ",
                    match.region != "001"
                {
                    return match.region
                }
            }
        }
        let parts = fields.addressParts ?? fields.address.map(PostalAddress.parse)
        if let code = parts?.countryCode, !code.isEmpty { return code }
        return nil
    }

    /// E.164 form of a typed or printed number, read under `region` when it has no country
    /// code; nil when it is not a usable number.
    public func e164(_ text: String, region: String?) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let phoneNumbers {
            let international = trimmed.hasPrefix("+") || trimmed.hasPrefix("00")
            if let match = phoneNumbers.parse(trimmed, region: international ? "ZZ" : (region ?? "ZZ")),
                match.isValid, !match.isLocalOnly
            {
                return match.e164
            }
            if international, let match = phoneNumbers.parse(trimmed, region: region ?? "US"), match.isValid {
                return match.e164
            }
        }
        return Self.plainE164(trimmed)
    }

    /// `+` and the digits of a number written with a country code (`+` or `00`); nil otherwise.
    public static func plainE164(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("+") || trimmed.hasPrefix("00") else { return nil }
        var digits = trimmed.filter(\.isASCII).filter(\.isNumber)
        if trimmed.hasPrefix("00") { digits.removeFirst(2) }
        guard (8...15).contains(digits.count), trimmed.allSatisfy({ $0.isNumber || " +-.()/".contains($0) })
        else { return nil }
        return "+" + digits
    }

    /// The comparison key of an e-mail address: trimmed and lowercased.
    public static func emailKey(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// A web address as a link: `https://` added when the card printed none
    /// ("juniperenergy.com.br" -> "https://juniperenergy.com.br").
    public static func websiteURL(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return trimmed }
        let lower = trimmed.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return trimmed }
        if lower.hasPrefix("//") { return "https:" + trimmed }
        return "https://" + trimmed
    }

    /// The comparison key of a web address: no scheme, no `www.`, no trailing slash, lowercased.
    public static func websiteKey(_ text: String) -> String {
        var lower = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        for prefix in ["https://", "http://"] where lower.hasPrefix(prefix) {
            lower.removeFirst(prefix.count)
        }
        if lower.hasPrefix("www.") { lower.removeFirst(4) }
        while lower.hasSuffix("/") { lower.removeLast() }
        return lower
    }

    /// The comparison key of a phone number: the digits of its E.164 form, else of the number
    /// as written ("+55 41 98726-4320" and "+5541987264320" are one number).
    public static func phoneKey(_ phone: some PhoneContent) -> String {
        (phone.e164 ?? phone.value).filter { $0.isASCII && $0.isNumber }
    }

    /// The comparison key of a single text field: its letters and digits, lowercased
    /// ("ACME Corp." and "Acme corp" are one company).
    public static func textKey(_ text: String) -> String {
        text.lowercased().filter { $0.isLetter || $0.isNumber }
    }

    // MARK: - Whole contacts

    /// A contact as the store keeps it: text trimmed, empty values dropped, missing E.164
    /// forms filled under the contact's region, name and address parts filled when absent
    /// (and the printed name made from the parts when only parts were given).
    public func normalized(_ fields: ContactFields) -> ContactFields {
        var out = fields
        for field in FieldName.singleText { out[field] = out[field] }
        out.emails = unique(out.emails.compactMap { ContactText.nonEmpty($0) }, key: Self.emailKey)
        out.websites = unique(out.websites.compactMap { ContactText.nonEmpty($0) }, key: Self.websiteKey)
        if let parts = out.nameParts, parts.isEmpty { out.nameParts = nil }
        if let parts = out.addressParts, parts.isEmpty { out.addressParts = nil }
        if out.name == nil, let parts = out.nameParts { out.name = ContactText.nonEmpty(parts.formatted) }
        if out.address == nil, let parts = out.addressParts {
            out.address = ContactText.nonEmpty(parts.formatted)
        }
        if let name = out.name, out.nameParts == nil { out.nameParts = PersonName.parse(name) }
        if let address = out.address, out.addressParts == nil {
            out.addressParts = PostalAddress.parse(address)
        }
        if let parts = out.addressParts, parts.countryCode.isEmpty, !parts.country.isEmpty {
            out.addressParts?.countryCode =
                ContactLexicons.shared.countries[ContactText.fold(parts.country)] ?? ""
        }
        let region = region(of: out)
        out.phones = out.phones.compactMap { phone in
            guard let value = ContactText.nonEmpty(phone.value) ?? phone.e164 else { return nil }
            return ContactPhone(
                value: value, e164: phone.e164 ?? e164(value, region: region), kind: phone.kind)
        }
        out.phones = unique(out.phones) { "\($0.kind.rawValue) \(Self.phoneKey($0))" }
        return out
    }

    /// Applies edits in order and normalises the result.
    ///
    /// A single field takes the value (empty clears it); editing `name` or `address` parses
    /// the parts again, editing a part leaves the printed form alone. List fields (emails,
    /// phones of one kind, websites) named in the edits are replaced by the edited values.
    /// Typed numbers get their E.164 form under the contact's region.
    public func apply(_ edits: [FieldEdit], to fields: ContactFields) -> ContactFields {
        var out = fields
        var replacedLists: Set<String> = []
        for edit in edits {
            let value = edit.value.trimmingCharacters(in: .whitespacesAndNewlines)
            switch edit.field {
            case .name:
                out.name = ContactText.nonEmpty(value)
                out.nameParts = out.name.map(PersonName.parse)
            case .address:
                out.address = ContactText.nonEmpty(value)
                out.addressParts = out.address.map(PostalAddress.parse)
            case .title, .department, .company, .note, .event, .prefix, .given, .middle, .family, .suffix:
                out[edit.field] = value
            case .street, .city, .region, .postcode, .country:
                out[edit.field] = value
                if edit.field == .country {
                    out.addressParts?.countryCode =
                        ContactLexicons.shared.countries[ContactText.fold(value)] ?? ""
                }
            case .email:
                if replacedLists.insert("email").inserted { out.emails = [] }
                if !value.isEmpty { out.emails.append(value) }
            case .website:
                if replacedLists.insert("website").inserted { out.websites = [] }
                if !value.isEmpty { out.websites.append(value) }
            case .phone, .work, .mobile, .fax:
                let kind = edit.field.phoneKind ?? .other
                if replacedLists.insert("phone.\(kind.rawValue)").inserted {
                    out.phones.removeAll { $0.kind == kind }
                }
                if !value.isEmpty {
                    out.phones.append(ContactPhone(value: value, e164: nil, kind: kind))
                }
            }
        }
        return normalized(out)
    }

    /// Merges an incoming contact (a candidate, an imported card) into an existing one.
    ///
    /// Empty fields take the incoming value; fields in `take` take it even when they have one
    /// (the parts follow their printed name or address); emails, phones and websites are united
    /// (compared by their keys, so `+55 41 ...` and `(41) ...` of one number count once).
    public func merge(_ existing: ContactFields, _ incoming: ContactFields, take: Set<FieldName>)
        -> ContactFields
    {
        let existing = normalized(existing)
        let incoming = normalized(incoming)
        var merged = existing
        merged.fields = existing.fields.merged(with: incoming.fields, rule: .taking(take))
        // A list named in `take` is the incoming one.
        if take.contains(.email), !incoming.emails.isEmpty { merged.emails = incoming.emails }
        if take.contains(.website), !incoming.websites.isEmpty { merged.websites = incoming.websites }
        if !take.isDisjoint(with: [.phone, .work, .mobile, .fax]), !incoming.phones.isEmpty {
            merged.phones = incoming.phones
        }
        // The parts follow their printed name or address.
        func took(_ field: FieldName) -> Bool {
            incoming[field] != nil && (existing[field] == nil || take.contains(field))
        }
        if took(.name) { merged.nameParts = incoming.nameParts }
        if took(.address) { merged.addressParts = incoming.addressParts }
        for field in [FieldName.note, .event] {
            if let value = incoming[field], merged[field] == nil || take.contains(field) { merged[field] = value }
        }
        return normalized(merged)
    }

    func unique<T>(_ values: [T], key: (T) -> String) -> [T] {
        var seen: Set<String> = []
        return values.filter { seen.insert(key($0)).inserted }
    }
}
