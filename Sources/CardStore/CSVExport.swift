import CardModel
import Foundation

/// CSV in the column sets of Google Contacts, Outlook, HubSpot and Zoho CRM.
///
/// RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break. Each
/// phone kind has its own column(s), so a per-column mapping in a CRM never files a mobile as
/// a work number. Google's preset carries every value (several of one kind share a cell,
/// joined by ` ::: ` as Google writes them); the others have a fixed number of columns per
/// kind, and every value beyond them is reported as a ``ContactExport/Loss``.
enum CSVExport {
    /// One contact's values, grouped the way the presets place them.
    struct Row {
        var contact: Contact
        var fields: ContactFields
        var parts: PersonName
        var address: PostalAddress
        var phones: [PhoneKind: [String]]

        init(_ contact: Contact) {
            self.contact = contact
            let fields = ContactExport.exportFields(contact)
            self.fields = fields
            parts = fields.name == nil ? PersonName() : (fields.nameParts ?? PersonName())
            address =
                fields.address.map { fields.addressParts ?? PostalAddress(street: $0) } ?? PostalAddress()
            var phones: [PhoneKind: [String]] = [:]
            for phone in fields.phones { phones[phone.kind, default: []].append(phone.e164 ?? phone.value) }
            self.phones = phones
        }

        var websites: [String] { fields.websites.map(ContactNormalizer.websiteURL) }
        var note: String { ContactExport.noteText(fields) ?? "" }
        var tags: [String] { contact.tags.map(\.description) }

        /// Given and middle names together, for tools without a middle-name column.
        var firstAndMiddle: String {
            [parts.given, parts.middle].filter { !$0.isEmpty }.joined(separator: " ")
        }

        /// A CRM's required Last Name: the family name, else a one-word name, else the company,
        /// else the first e-mail address, else the contact's number.
        var requiredLastName: String {
            if !parts.family.isEmpty { return parts.family }
            if !parts.given.isEmpty { return firstAndMiddle }
            return fields.company ?? fields.emails.first ?? "Contact \(contact.id)"
        }

        /// First Name beside ``requiredLastName``: empty when the given name became the last name.
        var firstBesideRequiredLastName: String { parts.family.isEmpty ? "" : firstAndMiddle }
    }

    /// A preset's columns: a header and how a row fills it.
    struct Column: Sendable {
        var header: String
        var value: @Sendable (Row) -> String
    }

    /// A preset's place for a list: how many values its columns hold, to report the rest.
    struct Capacity {
        var what: String
        var count: Int
        var values: @Sendable (Row) -> [String]
    }

    static func ordinal(_ n: Int) -> String {
        switch n % 100 {
        case 11, 12, 13: return "\(n)th"
        default:
            switch n % 10 {
            case 1: return "\(n)st"
            case 2: return "\(n)nd"
            case 3: return "\(n)rd"
            default: return "\(n)th"
            }
        }
    }

    static func phone(_ kind: PhoneKind, _ index: Int) -> @Sendable (Row) -> String {
        { row in
            let values = row.phones[kind] ?? []
            return index < values.count ? values[index] : ""
        }
    }

    static func item(_ list: @escaping @Sendable (Row) -> [String], _ index: Int) -> @Sendable (Row) -> String
    {
        { row in
            let values = list(row)
            return index < values.count ? values[index] : ""
        }
    }

    static func header(_ preset: ContactExport.CSVPreset) -> [String] { columns(preset).map(\.header) }

    // MARK: - Presets

    static func columns(_ preset: ContactExport.CSVPreset) -> [Column] {
        switch preset {
        case .google: googleColumns
        case .outlook: outlookColumns
        case .hubspot: hubspotColumns
        case .zoho: zohoColumns
        }
    }

    /// The lists each preset has a limited number of columns for.
    static func capacities(_ preset: ContactExport.CSVPreset) -> [Capacity] {
        let emails: @Sendable (Row) -> [String] = { $0.fields.emails }
        let websites: @Sendable (Row) -> [String] = { $0.websites }
        func phones(_ kind: PhoneKind) -> @Sendable (Row) -> [String] { { $0.phones[kind] ?? [] } }
        switch preset {
        case .google:
            return []
        case .outlook:
            return [
                Capacity(what: "work phone", count: 2, values: phones(.work)),
                Capacity(what: "mobile phone", count: 1, values: phones(.mobile)),
                Capacity(what: "fax", count: 2, values: phones(.fax)),
                Capacity(what: "other phone", count: 1, values: phones(.other)),
                Capacity(what: "e-mail", count: 3, values: emails),
                Capacity(what: "website", count: 1, values: websites),
            ]
        case .hubspot:
            return [
                // "Phone Number" holds the work number, or the other one when there is no work number.
                Capacity(
                    what: "phone (work or other)", count: 1,
                    values: { ($0.phones[.work] ?? []) + ($0.phones[.other] ?? []) }),
                Capacity(what: "mobile phone", count: 1, values: phones(.mobile)),
                Capacity(what: "fax", count: 1, values: phones(.fax)),
                Capacity(what: "e-mail", count: 1, values: emails),
                Capacity(what: "website", count: 1, values: websites),
                Capacity(
                    what: "name suffix", count: 0,
                    values: { $0.parts.suffix.isEmpty ? [] : [$0.parts.suffix] }),
            ]
        case .zoho:
            return [
                Capacity(what: "work phone", count: 1, values: phones(.work)),
                Capacity(what: "mobile phone", count: 1, values: phones(.mobile)),
                Capacity(what: "fax", count: 1, values: phones(.fax)),
                Capacity(what: "other phone", count: 1, values: phones(.other)),
                Capacity(what: "e-mail", count: 2, values: emails),
                Capacity(what: "website", count: 1, values: websites),
                Capacity(
                    what: "name suffix", count: 0,
                    values: { $0.parts.suffix.isEmpty ? [] : [$0.parts.suffix] }),
            ]
        }
    }

    static let joiner = " ::: "

    /// Google Contacts' export header (contacts.google.com, Export, "Google CSV"): numbered
    /// label/value pairs. Phone 1 is always Work, 2 Mobile, 3 Work Fax, 4 Other.
    static let googleColumns: [Column] = {
        let phoneKinds: [(PhoneKind, String)] = [
            (.work, "Work"), (.mobile, "Mobile"), (.fax, "Work Fax"), (.other, "Other"),
        ]
        var columns: [Column] = [
            Column(header: "First Name") { $0.parts.given },
            Column(header: "Middle Name") { $0.parts.middle },
            Column(header: "Last Name") { $0.parts.family },
            Column(header: "Name Prefix") { $0.parts.prefix },
            Column(header: "Name Suffix") { $0.parts.suffix },
            Column(header: "Organization Name") { $0.fields.company ?? "" },
            Column(header: "Organization Title") { $0.fields.title ?? "" },
            Column(header: "Organization Department") { $0.fields.department ?? "" },
            Column(header: "Notes") { $0.note },
            Column(header: "Labels") { (["* myContacts"] + $0.tags).joined(separator: joiner) },
            Column(header: "E-mail 1 - Label") { $0.fields.emails.isEmpty ? "" : "Work" },
            Column(header: "E-mail 1 - Value") { $0.fields.emails.joined(separator: joiner) },
        ]
        for (index, (kind, label)) in phoneKinds.enumerated() {
            columns.append(
                Column(header: "Phone \(index + 1) - Label") { ($0.phones[kind] ?? []).isEmpty ? "" : label })
            columns.append(
                Column(header: "Phone \(index + 1) - Value") {
                    ($0.phones[kind] ?? []).joined(separator: joiner)
                })
        }
        columns += [
            Column(header: "Address 1 - Label") { $0.fields.address == nil ? "" : "Work" },
            Column(header: "Address 1 - Formatted") { $0.fields.address ?? "" },
            Column(header: "Address 1 - Street") { $0.address.street },
            Column(header: "Address 1 - City") { $0.address.city },
            Column(header: "Address 1 - PO Box") { _ in "" },
            Column(header: "Address 1 - Region") { $0.address.region },
            Column(header: "Address 1 - Postal Code") { $0.address.postcode },
            Column(header: "Address 1 - Country") { $0.address.country },
            Column(header: "Address 1 - Extended Address") { _ in "" },
            Column(header: "Website 1 - Label") { $0.websites.isEmpty ? "" : "Work" },
            Column(header: "Website 1 - Value") { $0.websites.joined(separator: joiner) },
            Column(header: "Custom Field 1 - Label") { $0.fields.event == nil ? "" : "Event" },
            Column(header: "Custom Field 1 - Value") { $0.fields.event ?? "" },
        ]
        return columns
    }()

    /// Outlook's export header ("Export to a file", CSV): its names, in its order. "Title" is
    /// the honorific there, "Job Title" the position.
    static let outlookColumns: [Column] = [
        Column(header: "Title") { $0.parts.prefix },
        Column(header: "First Name") { $0.parts.given },
        Column(header: "Middle Name") { $0.parts.middle },
        Column(header: "Last Name") { $0.parts.family },
        Column(header: "Suffix") { $0.parts.suffix },
        Column(header: "Company") { $0.fields.company ?? "" },
        Column(header: "Department") { $0.fields.department ?? "" },
        Column(header: "Job Title") { $0.fields.title ?? "" },
        Column(header: "Business Street") { $0.address.street },
        Column(header: "Business City") { $0.address.city },
        Column(header: "Business State") { $0.address.region },
        Column(header: "Business Postal Code") { $0.address.postcode },
        Column(header: "Business Country/Region") { $0.address.country },
        Column(header: "Business Fax", value: phone(.fax, 0)),
        Column(header: "Business Phone", value: phone(.work, 0)),
        Column(header: "Business Phone 2", value: phone(.work, 1)),
        Column(header: "Mobile Phone", value: phone(.mobile, 0)),
        Column(header: "Other Fax", value: phone(.fax, 1)),
        Column(header: "Other Phone", value: phone(.other, 0)),
        Column(header: "Categories") { $0.tags.joined(separator: ";") },
        Column(header: "E-mail Address", value: item({ $0.fields.emails }, 0)),
        Column(header: "E-mail 2 Address", value: item({ $0.fields.emails }, 1)),
        Column(header: "E-mail 3 Address", value: item({ $0.fields.emails }, 2)),
        Column(header: "Notes") { $0.note },
        Column(header: "Web Page", value: item({ $0.websites }, 0)),
    ]

    /// HubSpot's contact import, by the labels of its default properties (Salutation, First
    /// Name, Last Name, Email, Phone Number, Mobile Phone Number, Fax Number, Company Name, Job
    /// Title, Street Address, City, State/Region, Postal Code, Country/Region, Website URL).
    /// Department, Event, Notes and Tags have no default property: HubSpot's importer offers to
    /// create one for each.
    static let hubspotColumns: [Column] = [
        Column(header: "Salutation") { $0.parts.prefix },
        Column(header: "First Name") { $0.firstBesideRequiredLastName },
        Column(header: "Last Name") { $0.requiredLastName },
        Column(header: "Email", value: item({ $0.fields.emails }, 0)),
        Column(header: "Phone Number") { row in
            ((row.phones[.work] ?? []) + (row.phones[.other] ?? [])).first ?? ""
        },
        Column(header: "Mobile Phone Number", value: phone(.mobile, 0)),
        Column(header: "Fax Number", value: phone(.fax, 0)),
        Column(header: "Company Name") { $0.fields.company ?? "" },
        Column(header: "Job Title") { $0.fields.title ?? "" },
        Column(header: "Department") { $0.fields.department ?? "" },
        Column(header: "Street Address") { $0.address.street },
        Column(header: "City") { $0.address.city },
        Column(header: "State/Region") { $0.address.region },
        Column(header: "Postal Code") { $0.address.postcode },
        Column(header: "Country/Region") { $0.address.country },
        Column(header: "Website URL", value: item({ $0.websites }, 0)),
        Column(header: "Event") { $0.fields.event ?? "" },
        Column(header: "Notes") { $0.fields.note ?? "" },
        Column(header: "Tags") { $0.tags.joined(separator: ";") },
    ]

    /// Zoho CRM's Contacts import, by its field names (Salutation, First Name, Last Name,
    /// Account Name, Title, Department, Email, Secondary Email, Phone, Mobile, Other Phone, Fax,
    /// Mailing Street/City/State/Zip/Country, Description, Tag). Website and Event have no
    /// Contacts field: Zoho's import maps them to a custom field.
    static let zohoColumns: [Column] = [
        Column(header: "Salutation") { $0.parts.prefix },
        Column(header: "First Name") { $0.firstBesideRequiredLastName },
        Column(header: "Last Name") { $0.requiredLastName },
        Column(header: "Account Name") { $0.fields.company ?? "" },
        Column(header: "Title") { $0.fields.title ?? "" },
        Column(header: "Department") { $0.fields.department ?? "" },
        Column(header: "Email", value: item({ $0.fields.emails }, 0)),
        Column(header: "Secondary Email", value: item({ $0.fields.emails }, 1)),
        Column(header: "Phone", value: phone(.work, 0)),
        Column(header: "Mobile", value: phone(.mobile, 0)),
        Column(header: "Other Phone", value: phone(.other, 0)),
        Column(header: "Fax", value: phone(.fax, 0)),
        Column(header: "Mailing Street") { $0.address.street },
        Column(header: "Mailing City") { $0.address.city },
        Column(header: "Mailing State") { $0.address.region },
        Column(header: "Mailing Zip") { $0.address.postcode },
        Column(header: "Mailing Country") { $0.address.country },
        Column(header: "Description") { $0.fields.note ?? "" },
        Column(header: "Tag") { $0.tags.joined(separator: ",") },
        Column(header: "Website", value: item({ $0.websites }, 0)),
        Column(header: "Event") { $0.fields.event ?? "" },
    ]

    // MARK: - Rendering

    /// The CSV text (Google's and Outlook's with a UTF-8 byte order mark, as those tools write
    /// it and Excel needs it to read UTF-8) and every value without a column.
    static func render(_ contacts: [Contact], preset: ContactExport.CSVPreset) -> ContactExport.Output {
        let columns = columns(preset)
        var lines = [columns.map { field($0.header) }.joined(separator: ",") + "\r\n"]
        var losses: [ContactExport.Loss] = []
        for contact in contacts {
            let row = Row(contact)
            lines.append(columns.map { field($0.value(row)) }.joined(separator: ",") + "\r\n")
            for capacity in capacities(preset) {
                let values = capacity.values(row)
                guard values.count > capacity.count else { continue }
                for index in capacity.count..<values.count {
                    let what = capacity.count == 0 ? capacity.what : "\(ordinal(index + 1)) \(capacity.what)"
                    losses.append(
                        ContactExport.Loss(
                            contactID: contact.id, what: what,
                            reason:
                                "the \(preset.rawValue) preset has \(capacity.count == 0 ? "no" : "\(capacity.count)") column\(capacity.count == 1 ? "" : "s") for it"
                        ))
                }
            }
        }
        let bom = preset == .google || preset == .outlook ? "\u{FEFF}" : ""
        return ContactExport.Output(text: bom + lines.joined(), losses: losses)
    }

    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
