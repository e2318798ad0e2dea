import CardModel
import Foundation

/// Contacts as vCard 4.0, CSV (Google Contacts' header) or JSON.
public enum ContactExport {
    public enum Format: String, Sendable, CaseIterable {
        case vcard, csv, json
    }

    /// Serialises contacts in the given format (UTF-8 text).
    public static func render(_ contacts: [Contact], format: Format) throws -> String {
        switch format {
        case .vcard: return contacts.map(vCard).joined()
        case .csv: return csv(contacts)
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            encoder.keyEncodingStrategy = .convertToSnakeCase
            return String(decoding: try encoder.encode(contacts), as: UTF8.self) + "\n"
        }
    }

    // MARK: - vCard 4.0 (RFC 6350)

    /// One vCard 4.0: CRLF line ends, lines folded at 75 octets without splitting a UTF-8
    /// character (RFC 6350 §3.2), text values escaped (§3.4).
    public static func vCard(_ contact: Contact) -> String {
        let fields = contact.fields
        var lines = ["BEGIN:VCARD", "VERSION:4.0"]
        let name = fields.name ?? fields.company ?? fields.emails.first ?? "Contact \(contact.id)"
        lines.append("FN:\(escape(name))")
        // N is family;given;additional;prefixes;suffixes. A card gives one name string: the last
        // word is taken as the family name (wrong for family-name-first names; FN stays exact).
        if let full = fields.name {
            let words = full.split(separator: " ").map(String.init)
            let family = words.last ?? ""
            let given = words.dropLast().joined(separator: " ")
            lines.append("N:\(escape(family));\(escape(given));;;")
        }
        if let company = fields.company {
            lines.append("ORG:\(escape(company))" + (fields.department.map { ";\(escape($0))" } ?? ""))
        }
        if let title = fields.title { lines.append("TITLE:\(escape(title))") }
        for phone in fields.phones {
            let type: String =
                switch phone.kind {
                case .work: "work"
                case .mobile: "cell"
                case .fax: "fax"
                case .other: "voice"
                }
            if let e164 = phone.e164 {
                lines.append("TEL;VALUE=uri;TYPE=\(type):tel:\(e164)")
            } else {
                lines.append("TEL;VALUE=text;TYPE=\(type):\(escape(phone.value))")
            }
        }
        for email in fields.emails { lines.append("EMAIL;TYPE=work:\(escape(email))") }
        for website in fields.websites { lines.append("URL;TYPE=work:\(website)") }
        if let address = fields.address {
            // ADR components: PO box;extended;street;locality;region;code;country. The card gives
            // one line, kept whole in the street component and as LABEL.
            lines.append("ADR;TYPE=work;LABEL=\"\(paramValue(address))\":;;\(escape(address));;;;")
        }
        if !contact.tags.isEmpty {
            lines.append("CATEGORIES:" + contact.tags.map { escape($0.description) }.joined(separator: ","))
        }
        lines.append("UID:urn:cardscan:contact:\(contact.id)")
        lines.append("REV:\(revision(contact.updatedAt))")
        lines.append("END:VCARD")
        return lines.map(fold).joined()
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

    // MARK: - CSV (Google Contacts)

    /// The header of Google Contacts' own "Google CSV" export, which its importer maps by name.
    /// Docs/review.md maps the same columns for HubSpot and Zoho.
    public static let csvHeader = [
        "First Name", "Middle Name", "Last Name", "Organization Name", "Organization Title",
        "Organization Department", "Labels", "E-mail 1 - Label", "E-mail 1 - Value", "E-mail 2 - Label",
        "E-mail 2 - Value", "Phone 1 - Label", "Phone 1 - Value", "Phone 2 - Label", "Phone 2 - Value",
        "Phone 3 - Label", "Phone 3 - Value", "Address 1 - Label", "Address 1 - Formatted",
        "Website 1 - Label",
        "Website 1 - Value", "Notes",
    ]

    /// RFC 4180 CSV with `csvHeader`: CRLF line ends, fields quoted when they contain a comma,
    /// quote or line break.
    public static func csv(_ contacts: [Contact]) -> String {
        var rows = [csvHeader]
        for contact in contacts {
            let fields = contact.fields
            let words = (fields.name ?? "").split(separator: " ").map(String.init)
            let first = words.first ?? ""
            let last = words.count > 1 ? words[words.count - 1] : ""
            let middle = words.count > 2 ? words[1..<(words.count - 1)].joined(separator: " ") : ""
            func phone(_ i: Int) -> [String] {
                guard i < fields.phones.count else { return ["", ""] }
                let p = fields.phones[i]
                let label: String =
                    switch p.kind {
                    case .work: "Work"
                    case .mobile: "Mobile"
                    case .fax: "Work Fax"
                    case .other: "Other"
                    }
                return [label, p.e164 ?? p.value]
            }
            func email(_ i: Int) -> [String] {
                i < fields.emails.count ? ["Work", fields.emails[i]] : ["", ""]
            }
            var row = [
                first, middle, last, fields.company ?? "", fields.title ?? "", fields.department ?? "",
            ]
            row.append((["* myContacts"] + contact.tags.map(\.description)).joined(separator: " ::: "))
            row += email(0) + email(1) + phone(0) + phone(1) + phone(2)
            row += fields.address.map { ["Work", $0] } ?? ["", ""]
            row += fields.websites.first.map { ["Work", $0] } ?? ["", ""]
            row.append("cardscan contact #\(contact.id)")
            rows.append(row)
        }
        return rows.map { $0.map(csvField).joined(separator: ",") + "\r\n" }.joined()
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
