import CardModel
import Foundation

/// Contacts as vCard 4.0 or 3.0, CSV for an address book or CRM, or JSON.
///
/// Nothing is dropped silently: a value a format has no place for is reported as an
/// ``ContactExport/Loss`` (the CLI prints each on stderr and counts them in its summary).
public enum ContactExport {
    public enum Format: String, Sendable, CaseIterable {
        /// vCard 4.0 (RFC 6350).
        case vcard
        /// vCard 3.0 (RFC 2426), for address books that import nothing newer.
        case vcard3
        case csv, json
    }

    /// The CSV column sets of the tools people import into.
    public enum CSVPreset: String, Sendable, CaseIterable {
        /// Google Contacts' own export header; several values of one kind share a cell (` ::: `).
        case google
        /// Outlook's own export header (First Name, Business Phone, E-mail 2 Address, ...).
        case outlook
        /// HubSpot's contact import property names; Last Name always filled.
        case hubspot
        /// Zoho CRM's Contacts import field names; Last Name always filled.
        case zoho
    }

    /// A card image to embed as `PHOTO`.
    public struct Photo: Sendable, Hashable {
        public var data: Data
        /// `image/jpeg` or `image/png`.
        public var mediaType: String

        public init(data: Data, mediaType: String) {
            self.data = data
            self.mediaType = mediaType
        }
    }

    /// What to write.
    public struct Options: Sendable {
        public var format: Format
        /// The CSV column set (only for `.csv`).
        public var preset: CSVPreset
        /// Card images by contact ID, embedded as `PHOTO` in vCards (`--with-images`).
        public var photos: [Int64: Photo]
        /// True when images were asked for: a format without a place for them reports each as lost.
        public var withImages: Bool

        public init(
            format: Format, preset: CSVPreset = .google, photos: [Int64: Photo] = [:],
            withImages: Bool = false
        ) {
            self.format = format
            self.preset = preset
            self.photos = photos
            self.withImages = withImages
        }
    }

    /// A value a format could not carry. Names the contact and the value's place, never the value.
    public struct Loss: Sendable, Hashable, CustomStringConvertible {
        public var contactID: Int64
        /// What was lost, such as `3rd mobile phone` or `website 2`.
        public var what: String
        /// Why: which format or preset has no place for it.
        public var reason: String

        public var description: String { "contact #\(contactID): \(what) not exported (\(reason))" }
    }

    /// The text written and the values it could not carry.
    public struct Output: Sendable {
        public var text: String
        public var losses: [Loss]
    }

    /// Serialises contacts (UTF-8 text) and reports what the format could not carry.
    public static func export(_ contacts: [Contact], options: Options) throws -> Output {
        switch options.format {
        case .vcard:
            return Output(
                text: contacts.map { vCard($0, version: .v4, photo: options.photos[$0.id]) }.joined(),
                losses: [])
        case .vcard3:
            return Output(
                text: contacts.map { vCard($0, version: .v3, photo: options.photos[$0.id]) }.joined(),
                losses: [])
        case .csv:
            var output = CSVExport.render(contacts, preset: options.preset)
            if options.withImages {
                for contact in contacts where options.photos[contact.id] != nil {
                    output.losses.append(
                        Loss(contactID: contact.id, what: "card image", reason: "CSV has no place for images")
                    )
                }
            }
            return output
        case .json:
            return Output(
                text: String(decoding: try JSONStyle.encoder().encode(contacts), as: UTF8.self) + "\n",
                losses: [])
        }
    }

    /// Serialises contacts in the given format (the CSV preset `google`), without images.
    public static func render(_ contacts: [Contact], format: Format) throws -> String {
        try export(contacts, options: Options(format: format)).text
    }

    /// The fields an export writes: the stored ones with parts filled when a caller built the
    /// contact without them.
    static func exportFields(_ contact: Contact) -> ContactFields {
        ContactNormalizer(phoneNumbers: nil).normalized(contact.fields)
    }

    // MARK: - vCard 4.0 (RFC 6350) and 3.0 (RFC 2426)

    public enum VCardVersion: Sendable { case v3, v4 }

    /// One vCard 4.0.
    public static func vCard(_ contact: Contact) -> String { vCard(contact, version: .v4, photo: nil) }

    /// One vCard: CRLF line ends, lines folded at 75 octets without splitting a UTF-8
    /// character (RFC 6350 §3.2), text values escaped (§3.4).
    ///
    /// A company's card (no person) is `KIND:org` in 4.0 and `X-ABShowAs:COMPANY` (Apple's
    /// and most 3.0 readers' marker) in 3.0. Phones with an E.164 form are `tel:` URIs in 4.0
    /// and plain `+NN...` text in 3.0 (several address books mishandle 4.0's URIs, hence 3.0).
    /// The note and the event go into `NOTE` (the event as an `Event: ...` line).
    public static func vCard(_ contact: Contact, version: VCardVersion, photo: Photo?) -> String {
        let fields = exportFields(contact)
        let v4 = version == .v4
        var lines = ["BEGIN:VCARD", v4 ? "VERSION:4.0" : "VERSION:3.0"]
        if fields.isOrganization { lines.append(v4 ? "KIND:org" : "X-ABShowAs:COMPANY") }
        let name = fields.name ?? fields.company ?? fields.emails.first ?? "Contact \(contact.id)"
        lines.append("FN:\(escape(name))")
        if let parts = fields.nameParts, fields.name != nil {
            let components = [parts.family, parts.given, parts.middle, parts.prefix, parts.suffix]
            lines.append("N:" + components.map(escape).joined(separator: ";"))
        } else if !v4 {
            lines.append("N:;;;;")  // required in 3.0
        }
        if let company = fields.company {
            lines.append("ORG:\(escape(company))" + (fields.department.map { ";\(escape($0))" } ?? ""))
        } else if let department = fields.department {
            lines.append("ORG:;\(escape(department))")
        }
        if let title = fields.title { lines.append("TITLE:\(escape(title))") }
        for phone in fields.phones {
            let types: String =
                switch phone.kind {
                case .work: v4 ? "work,voice" : "WORK,VOICE"
                case .mobile: v4 ? "cell" : "CELL"
                case .fax: v4 ? "work,fax" : "WORK,FAX"
                case .other: v4 ? "voice" : "VOICE"
                }
            if v4 {
                if let e164 = phone.e164 {
                    lines.append("TEL;VALUE=uri;TYPE=\(types):tel:\(e164)")
                } else {
                    lines.append("TEL;VALUE=text;TYPE=\(types):\(escape(phone.value))")
                }
            } else {
                lines.append("TEL;TYPE=\(types):\(escape(phone.e164 ?? phone.value))")
            }
        }
        for email in fields.emails {
            lines.append("EMAIL;TYPE=\(v4 ? "work" : "INTERNET,WORK"):\(escape(email))")
        }
        for website in fields.websites {
            lines.append("URL;TYPE=\(v4 ? "work" : "WORK"):\(ContactNormalizer.websiteURL(website))")
        }
        if let address = fields.address {
            let parts = fields.addressParts ?? PostalAddress(street: address)
            // ADR components: PO box;extended;street;locality;region;code;country.
            let components = ["", "", parts.street, parts.city, parts.region, parts.postcode, parts.country]
            let value = components.map(escape).joined(separator: ";")
            if v4 {
                lines.append("ADR;TYPE=work;LABEL=\"\(paramValue(address))\":\(value)")
            } else {
                lines.append("ADR;TYPE=WORK:\(value)")
                lines.append("LABEL;TYPE=WORK:\(escape(address))")
            }
        }
        if let note = noteText(fields) { lines.append("NOTE:\(escape(note))") }
        if !contact.tags.isEmpty {
            lines.append("CATEGORIES:" + contact.tags.map { escape($0.description) }.joined(separator: ","))
        }
        if let photo {
            let base64 = photo.data.base64EncodedString()
            if v4 {
                lines.append("PHOTO:data:\(photo.mediaType);base64,\(base64)")
            } else {
                let type = photo.mediaType == "image/png" ? "PNG" : "JPEG"
                lines.append("PHOTO;ENCODING=b;TYPE=\(type):\(base64)")
            }
        }
        lines.append("UID:\(contact.uid)")
        lines.append("REV:\(revision(contact.updatedAt))")
        lines.append("END:VCARD")
        return lines.map(fold).joined()
    }

    /// The note, then the event as its own line: the text of `NOTE` and of CSV notes columns.
    public static func noteText(_ fields: ContactFields) -> String? {
        let lines = [fields.note, fields.event.map { "Event: \($0)" }].compactMap { $0 }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    /// Escapes a TEXT value: backslash, comma, semicolon and newline (RFC 6350 §3.4).
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case ",": out += "\\,"
            case ";": out += "\\;"
            case "\r\n", "\n", "\r": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// A quoted parameter value may not contain DQUOTE or line breaks (RFC 6350 §3.3; RFC 6868
    /// would encode them, most readers do not decode it): replace them.
    static func paramValue(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "'").replacingOccurrences(of: "\r\n", with: " ")
            .replacingOccurrences(of: "\n", with: " ")
    }

    /// Folds a content line into 75-octet pieces joined by CRLF + space; adds the final CRLF.
    static func fold(_ line: String) -> String {
        var result = ""
        var count = 0
        var limit = 75
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if count + size > limit {
                result += "\r\n "
                count = 0
                limit = 74  // the leading space counts
            }
            result.unicodeScalars.append(scalar)
            count += size
        }
        return result + "\r\n"
    }

    static func revision(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    // MARK: - CSV

    /// The header of the `google` preset (Google Contacts' own "Google CSV" export).
    public static var csvHeader: [String] { CSVExport.header(.google) }

    /// CSV in the `google` preset.
    public static func csv(_ contacts: [Contact]) -> String {
        CSVExport.render(contacts, preset: .google).text
    }

    static func csvField(_ text: String) -> String { CSVExport.field(text) }
}

/// The JSON style of every cardscan output: snake_case keys, sorted, ISO 8601 dates.
public enum JSONStyle {
    /// `scanID` -> `scan_id`, `candidateIDs` -> `candidate_ids`, `e164` -> `e164`.
    ///
    /// Foundation's `.convertToSnakeCase` splits acronyms letter by letter (`candidate_i_ds`).
    public static func snakeCase(_ key: String) -> String {
        let words = key.replacingOccurrences(of: "IDs", with: "Ids").replacingOccurrences(
            of: "ID", with: "Id")
        var out = ""
        for character in words {
            if character.isUppercase {
                if !out.isEmpty { out.append("_") }
                out += character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// A pretty-printed encoder with sorted snake_case keys and ISO 8601 dates.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .custom { path in
            SnakeKey(snakeCase(path.last?.stringValue ?? ""))
        }
        return encoder
    }

    struct SnakeKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ value: String) { stringValue = value }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
