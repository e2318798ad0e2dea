import CardModel
import Foundation

/// Contact data carried by a QR code on a card: a vCard, a MeCard, or a plain URL.
///
/// ``Fields`` of plain text with the payload's format. Pure parsing, no phone-number
/// normalisation: `FieldExtractor` sends the phones through the phone library like printed ones,
/// and a phone whose kind the code does not give is typed there (``statedKind(ofPhone:)``).
@dynamicMemberLookup
public struct CodeContact: Hashable, Sendable {
    /// How the code's payload was written.
    public enum Format: String, Hashable, Sendable {
        case vCard
        case meCard = "MeCard"
        case url = "URL"
    }

    public var format: Format
    /// The code's fields; phones have no E.164 form yet.
    public var fields: Fields<String>
    /// Positions in `fields.phones` of the numbers whose kind the code does not give (their
    /// kind reads `other` until the merge types them).
    public private(set) var untypedPhones: Set<Int> = []

    public init(format: Format, fields: Fields<String> = Fields()) {
        self.format = format
        self.fields = fields
    }

    public subscript<T>(dynamicMember key: WritableKeyPath<Fields<String>, T>) -> T {
        get { fields[keyPath: key] }
        set { fields[keyPath: key] = newValue }
    }

    /// Adds a phone number with the kind the code's type parameters give, nil when none does.
    public mutating func addPhone(_ value: String, kind: PhoneKind? = nil) {
        if kind == nil { untypedPhones.insert(fields.phones.count) }
        fields.phones.append(PlainPhone(value: value, e164: nil, kind: kind ?? .other))
    }

    /// The kind the code gives the phone at `index`, nil when it gives none.
    public func statedKind(ofPhone index: Int) -> PhoneKind? {
        untypedPhones.contains(index) ? nil : fields.phones[index].kind
    }

    /// How a reviewer sees the source: "QR code (vCard)".
    public var source: String { "QR code (\(format.rawValue))" }

    /// Parses a decoded payload; nil when it is none of the three formats (a Wi-Fi code, text).
    public static func parse(_ payload: String) -> CodeContact? {
        let text = payload.trimmingCharacters(in: .whitespacesAndNewlines)
        let upper = text.prefix(11).uppercased()
        if upper.hasPrefix("BEGIN:VCARD") { return VCard.parse(text) }
        if upper.hasPrefix("MECARD:") { return MeCard.parse(text) }
        if let url = Self.url(text) { return CodeContact(format: .url, fields: Fields(websites: [url])) }
        return nil
    }

    /// A payload that is a web address alone: `http(s)://...` or `www....`, no spaces.
    static func url(_ text: String) -> String? {
        guard !text.isEmpty, !text.contains(where: \.isWhitespace) else { return nil }
        let lower = text.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("www.") else {
            return nil
        }
        return text
    }
}

// MARK: - vCard (RFC 2426 for 3.0, RFC 6350 for 4.0, the versit 2.1 specification)

enum VCard {
    /// One content line: `[group.]NAME;param;param:value`.
    struct Property {
        var name: String
        var types: Set<String>
        var parameters: [String: String]
        var value: String
    }

    static func parse(_ text: String) -> CodeContact? {
        var contact = CodeContact(format: .vCard)
        var fn: String?
        var n: String?
        for property in properties(text) {
            switch property.name {
            case "FN": fn = clean(unescape(property.value))
            case "N":
                let parts = components(property.value, separator: ";").map(unescape)
                // "family; given; additional; prefixes; suffixes" (RFC 6350 6.2.2)
                func part(_ i: Int) -> String { i < parts.count ? parts[i] : "" }
                n = clean([part(3), part(1), part(2), part(0), part(4)].filter { !$0.isEmpty }.joined(separator: " "))
            case "TITLE": contact.title = contact.title ?? clean(unescape(property.value))
            case "ORG":
                // "organization name; organizational unit names" (RFC 6350 6.6.4)
                let parts = components(property.value, separator: ";").compactMap { clean(unescape($0)) }
                if contact.company == nil, let first = parts.first {
                    contact.company = first
                    let units = parts.dropFirst()
                    if !units.isEmpty { contact.department = units.joined(separator: ", ") }
                }
            case "TEL":
                var value = unescape(property.value)
                if value.lowercased().hasPrefix("tel:") { value = String(value.dropFirst(4)) }
                if let value = clean(value) { contact.addPhone(value, kind: kind(property.types)) }
            case "EMAIL":
                var value = unescape(property.value)
                if value.lowercased().hasPrefix("mailto:") { value = String(value.dropFirst(7)) }
                if let value = clean(value) { contact.emails.append(value) }
            case "URL":
                if let value = clean(unescape(property.value)) { contact.websites.append(value) }
            case "ADR":
                guard contact.address == nil else { break }
                // 4.0's LABEL parameter is the address as printed; else "post office box; extended
                // address; street; locality; region; postal code; country" (RFC 6350 6.3.1).
                if let label = property.parameters["LABEL"] {
                    contact.address = clean(unescape(label).split(separator: "\n").map(String.init).joined(separator: ", "))
                } else {
                    contact.address = clean(
                        components(property.value, separator: ";").map(unescape)
                            .flatMap { $0.split(separator: "\n").map(String.init) }
                            .compactMap(clean).joined(separator: ", "))
                }
            default: break
            }
        }
        contact.name = fn ?? n
        return contact
    }

    /// The content lines of a vCard, unfolded and decoded (quoted-printable in 2.1).
    static func properties(_ text: String) -> [Property] {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines: [String] = []
        var continuesQP = false
        for raw in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if continuesQP, !lines.isEmpty {
                // 2.1: a quoted-printable value ending in "=" continues on the next line (soft break).
                lines[lines.count - 1] = String(lines[lines.count - 1].dropLast()) + line
            } else if let first = line.first, first == " " || first == "\t", !lines.isEmpty {
                // "a long line can be split ... by inserting a CRLF immediately followed by a single
                // linear white-space character" (RFC 6350 3.2)
                lines[lines.count - 1] += line.dropFirst()
            } else if !line.isEmpty {
                lines.append(line)
            }
            if let last = lines.last {
                continuesQP = last.uppercased().contains("QUOTED-PRINTABLE") && last.hasSuffix("=")
            } else {
                continuesQP = false
            }
        }
        return lines.compactMap(property)
    }

    static func property(_ line: String) -> Property? {
        guard let colon = unquotedColon(line) else { return nil }
        let head = line[..<colon]
        var value = String(line[line.index(after: colon)...])
        let pieces = components(String(head), separator: ";")
        guard var name = pieces.first?.uppercased() else { return nil }
        if let dot = name.lastIndex(of: ".") { name = String(name[name.index(after: dot)...]) }  // item1.TEL
        var types: Set<String> = []
        var parameters: [String: String] = [:]
        for piece in pieces.dropFirst() {
            if let eq = piece.firstIndex(of: "=") {
                let key = piece[..<eq].uppercased()
                var v = String(piece[piece.index(after: eq)...])
                if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 { v = String(v.dropFirst().dropLast()) }
                parameters[key] = v
                if key == "TYPE" {
                    for t in v.split(separator: ",") { types.insert(t.lowercased()) }
                }
            } else {
                // 2.1: bare parameters (TEL;WORK;VOICE, ADR;QUOTED-PRINTABLE)
                let bare = piece.uppercased()
                if bare == "QUOTED-PRINTABLE" { parameters["ENCODING"] = bare } else { types.insert(bare.lowercased()) }
            }
        }
        if parameters["ENCODING"]?.uppercased() == "QUOTED-PRINTABLE" { value = quotedPrintable(value) }
        return Property(name: name, types: types, parameters: parameters, value: value)
    }

    /// The first colon outside double quotes (4.0 parameter values may hold colons).
    static func unquotedColon(_ line: String) -> String.Index? {
        var quoted = false
        for i in line.indices {
            if line[i] == "\"" { quoted.toggle() }
            if line[i] == ":", !quoted { return i }
        }
        return nil
    }

    /// The kind of a TEL from its types; nil when they say nothing about it.
    static func kind(_ types: Set<String>) -> PhoneKind? {
        if types.contains("fax") { return .fax }
        if types.contains("cell") || types.contains("mobile") { return .mobile }
        if types.contains("work") { return .work }
        if types.contains("home") || types.contains("other") { return .other }
        return nil
    }

    /// Decodes `=XX` escapes as UTF-8 bytes (CHARSET other than UTF-8 is not supported).
    static func quotedPrintable(_ s: String) -> String {
        var bytes: [UInt8] = []
        let utf8 = Array(s.utf8)
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "="), i + 2 < utf8.count,
                let byte = UInt8(String(decoding: utf8[i + 1...i + 2], as: UTF8.self), radix: 16)
            {
                bytes.append(byte)
                i += 3
            } else if utf8[i] == UInt8(ascii: "="), i == utf8.count - 1 {
                i += 1  // a soft line break left at the very end
            } else {
                bytes.append(utf8[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `\n` and `\N` to a newline, `\,` `\;` `\:` `\\` to the character (RFC 6350 3.4).
    static func unescape(_ s: String) -> String {
        var out = ""
        var escaped = false
        for c in s {
            if escaped {
                out.append(c == "n" || c == "N" ? "\n" : c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        return out
    }
}

// MARK: - MeCard (NTT docomo's format: `MECARD:N:Last,First;TEL:...;;`)

enum MeCard {
    static func parse(_ text: String) -> CodeContact? {
        var contact = CodeContact(format: .meCard)
        let body = text.dropFirst("MECARD:".count)
        for field in components(String(body), separator: ";") {
            guard let colon = unescapedIndex(of: ":", in: field) else { continue }
            let key = field[..<colon].uppercased()
            let raw = String(field[field.index(after: colon)...])
            switch key {
            case "N":
                // "N:Last,First"; a name without a comma is used as written.
                let parts = components(raw, separator: ",").map(unescape).compactMap(clean)
                contact.name = parts.count >= 2 ? clean(parts[1...].joined(separator: " ") + " " + parts[0]) : parts.first
            case "TEL": if let v = clean(unescape(raw)) { contact.addPhone(v) }
            case "EMAIL": if let v = clean(unescape(raw)) { contact.emails.append(v) }
            case "URL": if let v = clean(unescape(raw)) { contact.websites.append(v) }
            case "ORG": contact.company = contact.company ?? clean(unescape(raw))
            case "TITLE": contact.title = contact.title ?? clean(unescape(raw))
            case "ADR":
                // The vCard ADR parts, separated by commas.
                contact.address =
                    contact.address
                    ?? clean(components(raw, separator: ",").map(unescape).compactMap(clean).joined(separator: ", "))
            default: break
            }
        }
        return contact
    }

    static func unescape(_ s: String) -> String { VCard.unescape(s) }
}

// MARK: - Shared helpers

/// Splits at separators not preceded by a backslash, keeping the escapes for the caller.
private func components(_ s: String, separator: Character) -> [String] {
    var parts: [String] = []
    var current = ""
    var escaped = false
    for c in s {
        if escaped {
            current.append(c)
            escaped = false
        } else if c == "\\" {
            current.append(c)
            escaped = true
        } else if c == separator {
            parts.append(current)
            current = ""
        } else {
            current.append(c)
        }
    }
    parts.append(current)
    return parts
}

/// The first `character` not escaped by a backslash.
private func unescapedIndex(of character: Character, in s: String) -> String.Index? {
    var escaped = false
    for i in s.indices {
        if escaped {
            escaped = false
        } else if s[i] == "\\" {
            escaped = true
        } else if s[i] == character {
            return i
        }
    }
    return nil
}

/// Collapsed spaces, trimmed; nil when nothing is left.
private func clean(_ s: String) -> String? {
    let collapsed = s.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        .trimmingCharacters(in: .whitespacesAndNewlines)
    return collapsed.isEmpty ? nil : collapsed
}
