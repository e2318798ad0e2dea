import CardModel
import Crypto
import Foundation

/// One contact read from an address-book file, with the line it starts on.
public struct ImportedContact: Sendable, Hashable {
    /// The 1-based line of the file where the contact starts (`BEGIN:VCARD`, or the CSV row).
    public var line: Int
    public var fields: ContactFields
    public var tags: [Tag]
    /// The file's own identity for the contact (vCard `UID`); nil when the file has none. The
    /// store then derives one from the values, so importing the same file twice changes nothing.
    public var uid: String?

    public init(line: Int, fields: ContactFields, tags: [Tag] = [], uid: String? = nil) {
        self.line = line
        self.fields = fields
        self.tags = tags
        self.uid = uid
    }

    /// The UID the store keeps: the file's, else one derived from the values.
    public var storedUID: String {
        if let uid, !uid.isEmpty { return uid }
        let fields = ContactNormalizer(phoneNumbers: nil).normalized(fields)
        let key =
            [
                fields.name, fields.company, fields.title, fields.department, fields.address, fields.note,
                fields.event,
            ].map { $0 ?? "" } + fields.emails.map(ContactNormalizer.emailKey)
            + fields.phones.map { $0.e164 ?? $0.value }
            + fields.websites.map(ContactNormalizer.websiteKey)
        let digest = SHA256.hash(data: Data(key.joined(separator: "\u{1F}").utf8))
        return "urn:cardscan:import:" + digest.map { String(format: "%02x", $0) }.joined().prefix(32)
    }
}

/// A line of an address-book file that cannot be read.
public struct ImportProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var reason: String
    public var description: String { "line \(line): \(reason)" }
}

/// Reads address books: vCard 2.1, 3.0 and 4.0 files and CSV in the export presets' column sets.
///
/// Every problem is collected with its line number; the caller imports nothing when there is one.
public enum AddressBookImport {
    /// The contacts in a file, or every problem with its line number.
    public static func read(_ text: String, fileName: String) -> Result<ImportedFile, ImportFailure> {
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let lower = fileName.lowercased()
        if lower.hasSuffix(".vcf") || lower.hasSuffix(".vcard")
            || text.trimmingCharacters(in: .whitespacesAndNewlines).uppercased().hasPrefix("BEGIN:VCARD")
        {
            return VCardReader.read(text)
        }
        return CSVReader.read(text)
    }

    /// A notes text as the exports write it: the note, then `Event: ...` on its own last line.
    static func splitNote(_ text: String) -> (note: String?, event: String?) {
        var lines = text.components(separatedBy: "\n")
        var event: String?
        if let last = lines.last, last.hasPrefix("Event: ") {
            event = ContactText.nonEmpty(String(last.dropFirst("Event: ".count)))
            lines.removeLast()
        }
        return (ContactText.nonEmpty(lines.joined(separator: "\n")), event)
    }

    /// The contacts of a file that read without problems.
    public struct ImportedFile: Sendable {
        public var contacts: [ImportedContact]
        /// CSV columns no preset knows (header names only; their values are not imported).
        public var ignoredColumns: [String] = []
    }

    /// Why a file was not imported: every bad line, by number.
    public struct ImportFailure: Error, Sendable {
        public var problems: [ImportProblem]
        /// CSV columns no preset knows (header names only; their values are not imported).
        public var ignoredColumns: [String] = []
    }
}

// MARK: - vCard

enum VCardReader {
    struct Property {
        var line: Int
        var name: String
        var params: [String: [String]]
        var value: String
    }

    /// Logical lines with the physical line each starts on (RFC 6350 §3.2 unfolding).
    static func logicalLines(_ text: String) -> [(line: Int, text: String)] {
        var out: [(Int, String)] = []
        let physical = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(
            of: "\r", with: "\n"
        )
        .components(separatedBy: "\n")
        for (index, raw) in physical.enumerated() {
            if let first = raw.first, first == " " || first == "\t", !out.isEmpty {
                out[out.count - 1].1 += String(raw.dropFirst())
            } else if !raw.isEmpty {
                out.append((index + 1, raw))
            }
        }
        return out
    }

    static func parse(_ line: String, number: Int) -> Property? {
        var inQuotes = false
        var colon: String.Index?
        for index in line.indices {
            if line[index] == "\"" { inQuotes.toggle() }
            if line[index] == ":" && !inQuotes {
                colon = index
                break
            }
        }
        guard let colon else { return nil }
        let head = String(line[..<colon])
        var parts: [String] = []
        var current = ""
        inQuotes = false
        for character in head {
            if character == "\"" { inQuotes.toggle() }
            if character == ";" && !inQuotes {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        var name = parts[0].uppercased()
        if let dot = name.lastIndex(of: ".") { name = String(name[name.index(after: dot)...]) }  // item1.TEL
        guard !name.isEmpty else { return nil }
        var params: [String: [String]] = [:]
        for param in parts.dropFirst() {
            if let equals = param.firstIndex(of: "=") {
                let key = param[..<equals].uppercased()
                let values = param[param.index(after: equals)...].replacingOccurrences(of: "\"", with: "")
                    .split(separator: ",").map { $0.lowercased() }
                params[key, default: []] += values
            } else {
                params["TYPE", default: []].append(param.lowercased())  // vCard 2.1: TEL;CELL
            }
        }
        var value = String(line[line.index(after: colon)...])
        if params["ENCODING"]?.contains("quoted-printable") == true { value = quotedPrintable(value) }
        return Property(line: number, name: name, params: params, value: value)
    }

    /// Decodes vCard 2.1's QUOTED-PRINTABLE values (UTF-8).
    static func quotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "="), utf8.count >= 2,
                let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Splits a structured value at unescaped `sep` and unescapes each component.
    static func components(_ value: String, separator: Character = ";") -> [String] {
        var out: [String] = []
        var current = ""
        var escaping = false
        for character in value {
            if escaping {
                current.append(contentsOf: character == "n" || character == "N" ? "\n" : String(character))
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if character == separator {
                out.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        out.append(current)
        return out
    }

    static func text(_ value: String) -> String { components(value, separator: "\u{0}").joined() }

    static func read(_ text: String) -> Result<
        AddressBookImport.ImportedFile, AddressBookImport.ImportFailure
    > {
        var contacts: [ImportedContact] = []
        var problems: [ImportProblem] = []
        var current: [Property]?
        var startLine = 0
        for (number, line) in logicalLines(text) {
            guard let property = parse(line, number: number) else {
                problems.append(ImportProblem(line: number, reason: "not a vCard property (no 'NAME:value')"))
                continue
            }
            switch property.name {
            case "BEGIN" where property.value.uppercased() == "VCARD":
                if current != nil {
                    problems.append(ImportProblem(line: startLine, reason: "BEGIN:VCARD without END:VCARD"))
                }
                current = []
                startLine = number
            case "END" where property.value.uppercased() == "VCARD":
                guard let properties = current else {
                    problems.append(ImportProblem(line: number, reason: "END:VCARD without BEGIN:VCARD"))
                    continue
                }
                switch contact(properties, line: startLine) {
                case .success(let contact): contacts.append(contact)
                case .failure(let problem): problems.append(problem)
                }
                current = nil
            default:
                guard current != nil else {
                    problems.append(
                        ImportProblem(line: number, reason: "property outside BEGIN:VCARD ... END:VCARD"))
                    continue
                }
                current?.append(property)
            }
        }
        if current != nil {
            problems.append(ImportProblem(line: startLine, reason: "BEGIN:VCARD without END:VCARD"))
        }
        if contacts.isEmpty && problems.isEmpty {
            problems.append(ImportProblem(line: 1, reason: "no vCard in the file"))
        }
        return problems.isEmpty ? .success(.init(contacts: contacts)) : .failure(.init(problems: problems))
    }

    static func contact(_ properties: [Property], line: Int) -> Result<ImportedContact, ImportProblem> {
        var fields = ContactFields()
        var tags: [Tag] = []
        var uid: String?
        var isOrganization = false
        var formattedName: String?
        var nameParts: PersonName?
        for property in properties {
            let types = Set(property.params["TYPE"] ?? [])
            switch property.name {
            case "FN": formattedName = text(property.value)
            case "N":
                let parts = components(property.value) + Array(repeating: "", count: 5)
                nameParts = PersonName(
                    prefix: parts[3], given: parts[1],
                    middle: parts[2].replacingOccurrences(of: ",", with: " "),
                    family: parts[0], suffix: parts[4])
            case "ORG":
                let parts = components(property.value)
                fields.company = ContactText.nonEmpty(parts.first)
                if parts.count > 1 { fields.department = ContactText.nonEmpty(parts[1]) }
            case "TITLE": fields.title = ContactText.nonEmpty(text(property.value))
            case "TEL":
                var value = text(property.value)
                if value.lowercased().hasPrefix("tel:") { value.removeFirst(4) }
                let kind: PhoneKind =
                    types.contains("fax")
                    ? .fax
                    : types.contains("cell") || types.contains("mobile") || types.contains("iphone")
                        ? .mobile
                        : types.contains("work") ? .work : .other
                if !value.isEmpty { fields.phones.append(ContactPhone(value: value, e164: nil, kind: kind)) }
            case "EMAIL":
                if let email = ContactText.nonEmpty(text(property.value)) { fields.emails.append(email) }
            case "URL":
                if let url = ContactText.nonEmpty(text(property.value)) { fields.websites.append(url) }
            case "ADR":
                let parts = components(property.value) + Array(repeating: "", count: 7)
                let address = PostalAddress(
                    street: [parts[1], parts[2]].filter { !$0.isEmpty }.joined(separator: ", "),
                    city: parts[3],
                    region: parts[4], postcode: parts[5], country: parts[6])
                if fields.address == nil {
                    fields.addressParts = address
                    fields.address =
                        property.params["LABEL"].map { $0.joined(separator: ",") }
                        .flatMap(ContactText.nonEmpty) ?? ContactText.nonEmpty(address.formatted)
                }
            case "LABEL":
                if fields.address == nil { fields.address = ContactText.nonEmpty(text(property.value)) }
            case "NOTE": (fields.note, fields.event) = AddressBookImport.splitNote(text(property.value))
            case "CATEGORIES":
                for category in components(property.value, separator: ",") {
                    if let tag = try? Tag(parsing: category) {
                        tags.append(tag)
                    } else if let value = ContactText.nonEmpty(category) {
                        tags.append(Tag(key: "category", value: value))
                    }
                }
            case "UID": uid = ContactText.nonEmpty(text(property.value))
            case "KIND": isOrganization = property.value.lowercased() == "org"
            case "X-ABSHOWAS": isOrganization = property.value.uppercased() == "COMPANY"
            default: break
            }
        }
        if !isOrganization {
            fields.nameParts = nameParts.flatMap { $0.isEmpty ? nil : $0 }
            fields.name = ContactText.nonEmpty(formattedName) ?? fields.nameParts.map(\.formatted)
        } else if fields.company == nil {
            fields.company = ContactText.nonEmpty(formattedName)
        }
        guard fields.name != nil || fields.company != nil || !fields.emails.isEmpty || !fields.phones.isEmpty
        else {
            return .failure(
                ImportProblem(line: line, reason: "the vCard has no name, company, e-mail or phone"))
        }
        return .success(ImportedContact(line: line, fields: fields, tags: tags, uid: uid))
    }
}

// MARK: - CSV

enum CSVReader {
    /// RFC 4180 records with the line each starts on; nil with the line of an unterminated quote.
    static func records(_ text: String) -> Result<[(line: Int, fields: [String])], ImportProblem> {
        var records: [(Int, [String])] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var rowStart = 1
        var quoteStart = 1
        var scalars = Array(text.unicodeScalars)[...]
        while let c = scalars.popFirst() {
            if inQuotes {
                if c == "\"" {
                    if scalars.first == "\"" {
                        field.unicodeScalars.append("\"")
                        scalars = scalars.dropFirst()
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                inQuotes = true
                quoteStart = line
            } else if c == "," {
                row.append(field)
                field = ""
            } else if c == "\r" {
                continue
            } else if c == "\n" {
                row.append(field)
                if !(row.count == 1 && row[0].isEmpty) { records.append((rowStart, row)) }
                row = []
                field = ""
                line += 1
                rowStart = line
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if inQuotes {
            return .failure(ImportProblem(line: quoteStart, reason: "a quoted field is never closed"))
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            records.append((rowStart, row))
        }
        return .success(records)
    }

    /// What a column fills.
    enum Target: Hashable {
        case part(FieldName)
        case emails(String?)  // separator for several values in one cell
        case phone(PhoneKind)
        case googlePhoneLabel(Int), googlePhoneValue(Int)
        case websites
        case address
        case tags(String)
        case googleLabels
        case customLabel(Int), customValue(Int)
    }

    static func columns(for header: [String]) -> [String: Target] {
        let set = Set(header)
        var map: [String: Target] = [:]
        if set.contains("Account Name") || set.contains("Mailing Street") {  // Zoho CRM
            map = [
                "Salutation": .part(.prefix), "First Name": .part(.given), "Last Name": .part(.family),
                "Account Name": .part(.company), "Title": .part(.title), "Department": .part(.department),
                "Email": .emails(nil), "Secondary Email": .emails(nil), "Phone": .phone(.work),
                "Mobile": .phone(.mobile), "Other Phone": .phone(.other), "Fax": .phone(.fax),
                "Mailing Street": .part(.street), "Mailing City": .part(.city),
                "Mailing State": .part(.region),
                "Mailing Zip": .part(.postcode), "Mailing Country": .part(.country),
                "Description": .part(.note),
                "Tag": .tags(","), "Website": .websites, "Event": .part(.event),
            ]
        } else if set.contains("Phone Number") || set.contains("Company Name") || set.contains("Website URL")
        {  // HubSpot
            map = [
                "Salutation": .part(.prefix), "First Name": .part(.given), "Last Name": .part(.family),
                "Email": .emails(nil), "Phone Number": .phone(.work), "Mobile Phone Number": .phone(.mobile),
                "Fax Number": .phone(.fax), "Company Name": .part(.company), "Job Title": .part(.title),
                "Department": .part(.department), "Street Address": .part(.street), "City": .part(.city),
                "State/Region": .part(.region), "Postal Code": .part(.postcode),
                "Country/Region": .part(.country),
                "Website URL": .websites, "Event": .part(.event), "Notes": .part(.note), "Tags": .tags(";"),
            ]
        } else if set.contains("Business Phone") || set.contains("E-mail Address")
            || set.contains("Job Title")
        {  // Outlook
            map = [
                "Title": .part(.prefix), "First Name": .part(.given), "Middle Name": .part(.middle),
                "Last Name": .part(.family), "Suffix": .part(.suffix), "Company": .part(.company),
                "Department": .part(.department), "Job Title": .part(.title),
                "Business Street": .part(.street),
                "Business City": .part(.city), "Business State": .part(.region),
                "Business Postal Code": .part(.postcode), "Business Country/Region": .part(.country),
                "Business Country": .part(.country), "Business Fax": .phone(.fax),
                "Business Phone": .phone(.work),
                "Business Phone 2": .phone(.work), "Company Main Phone": .phone(.work),
                "Mobile Phone": .phone(.mobile),
                "Other Fax": .phone(.fax), "Other Phone": .phone(.other), "Home Phone": .phone(.other),
                "Categories": .tags(";"), "E-mail Address": .emails(nil), "E-mail 2 Address": .emails(nil),
                "E-mail 3 Address": .emails(nil), "Notes": .part(.note), "Web Page": .websites,
            ]
        } else {  // Google
            map = [
                "First Name": .part(.given), "Given Name": .part(.given), "Middle Name": .part(.middle),
                "Additional Name": .part(.middle), "Last Name": .part(.family), "Family Name": .part(.family),
                "Name Prefix": .part(.prefix), "Name Suffix": .part(.suffix),
                "Organization Name": .part(.company),
                "Organization 1 - Name": .part(.company), "Organization Title": .part(.title),
                "Organization 1 - Title": .part(.title), "Organization Department": .part(.department),
                "Organization 1 - Department": .part(.department), "Notes": .part(.note),
                "Labels": .googleLabels,
                "Group Membership": .googleLabels, "Address 1 - Formatted": .address,
                "Address 1 - Street": .part(.street), "Address 1 - City": .part(.city),
                "Address 1 - Region": .part(.region), "Address 1 - Postal Code": .part(.postcode),
                "Address 1 - Country": .part(.country),
            ]
            for n in 1...20 {
                map["E-mail \(n) - Value"] = .emails(" ::: ")
                map["Phone \(n) - Label"] = .googlePhoneLabel(n)
                map["Phone \(n) - Value"] = .googlePhoneValue(n)
                map["Website \(n) - Value"] = .websites
                map["Custom Field \(n) - Label"] = .customLabel(n)
                map["Custom Field \(n) - Value"] = .customValue(n)
            }
        }
        return map
    }

    static func googleKind(_ label: String) -> PhoneKind {
        let lower = label.lowercased()
        if lower.contains("fax") { return .fax }
        if lower.contains("mobile") || lower.contains("cell") { return .mobile }
        if lower.contains("work") { return .work }
        return .other
    }

    static func read(_ text: String) -> Result<
        AddressBookImport.ImportedFile, AddressBookImport.ImportFailure
    > {
        let records: [(line: Int, fields: [String])]
        switch self.records(text) {
        case .success(let r): records = r
        case .failure(let problem): return .failure(.init(problems: [problem]))
        }
        guard let header = records.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces) }) else {
            return .failure(.init(problems: [ImportProblem(line: 1, reason: "the file is empty")]))
        }
        let map = columns(for: header)
        let ignored = header.filter { map[$0] == nil && !$0.hasSuffix(" - Label") && !$0.isEmpty }
        guard header.contains(where: { map[$0] != nil }) else {
            return .failure(
                .init(
                    problems: [
                        ImportProblem(
                            line: records[0].line,
                            reason:
                                "no known column: the header is not Google's, Outlook's, HubSpot's or Zoho's")
                    ], ignoredColumns: ignored))
        }
        var contacts: [ImportedContact] = []
        var problems: [ImportProblem] = []
        for record in records.dropFirst() {
            guard record.fields.count == header.count else {
                problems.append(
                    ImportProblem(
                        line: record.line,
                        reason: "\(record.fields.count) fields where the header has \(header.count)"))
                continue
            }
            var fields = ContactFields()
            var tags: [Tag] = []
            var phoneLabels: [Int: String] = [:]
            var phoneValues: [Int: String] = [:]
            var customLabels: [Int: String] = [:]
            var customValues: [Int: String] = [:]
            for (name, raw) in zip(header, record.fields) {
                let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !value.isEmpty, let target = map[name] else { continue }
                switch target {
                case .part(.note):
                    let (note, event) = AddressBookImport.splitNote(value)
                    fields.note = note
                    if let event { fields.event = event }
                case .part(let field): fields[field] = value
                case .emails(let separator):
                    fields.emails += separator.map { value.components(separatedBy: $0) } ?? [value]
                case .phone(let kind): fields.phones.append(ContactPhone(value: value, e164: nil, kind: kind))
                case .googlePhoneLabel(let n): phoneLabels[n] = value
                case .googlePhoneValue(let n): phoneValues[n] = value
                case .websites: fields.websites += value.components(separatedBy: " ::: ")
                case .address: fields.address = value
                case .tags(let separator):
                    for item in value.components(separatedBy: separator) {
                        if let tag = try? Tag(parsing: item) {
                            tags.append(tag)
                        } else if let item = ContactText.nonEmpty(item) {
                            tags.append(Tag(key: "category", value: item))
                        }
                    }
                case .googleLabels:
                    for item in value.components(separatedBy: " ::: ") where !item.hasPrefix("* ") {
                        if let tag = try? Tag(parsing: item) {
                            tags.append(tag)
                        } else if let item = ContactText.nonEmpty(item) {
                            tags.append(Tag(key: "category", value: item))
                        }
                    }
                case .customLabel(let n): customLabels[n] = value
                case .customValue(let n): customValues[n] = value
                }
            }
            for (n, value) in phoneValues.sorted(by: { $0.key < $1.key }) {
                let kind = googleKind(phoneLabels[n] ?? "")
                for number in value.components(separatedBy: " ::: ") {
                    fields.phones.append(
                        ContactPhone(
                            value: number.trimmingCharacters(in: .whitespaces), e164: nil, kind: kind))
                }
            }
            for (n, value) in customValues where customLabels[n]?.lowercased() == "event" {
                fields.event = value
            }
            // The CRM presets fill Last Name with the company on a company's card.
            if let parts = fields.nameParts, parts.given.isEmpty, parts.middle.isEmpty,
                parts.family == fields.company
            {
                fields.nameParts = nil
            }
            if let parts = fields.nameParts, !parts.isEmpty { fields.name = parts.formatted }
            guard
                fields.name != nil || fields.company != nil || !fields.emails.isEmpty
                    || !fields.phones.isEmpty
            else {
                problems.append(ImportProblem(line: record.line, reason: "no name, company, e-mail or phone"))
                continue
            }
            contacts.append(ImportedContact(line: record.line, fields: fields, tags: tags))
        }
        if contacts.isEmpty && problems.isEmpty {
            problems.append(ImportProblem(line: 1, reason: "no contact rows below the header"))
        }
        return problems.isEmpty
            ? .success(.init(contacts: contacts, ignoredColumns: ignored))
            : .failure(.init(problems: problems, ignoredColumns: ignored))
    }
}
