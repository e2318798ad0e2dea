import CardModel
import Foundation
import Testing

@testable import CardStore

/// Minimal RFC 6350 reader for the round trip: unfold, split name;params:value, unescape.
func parseVCards(_ text: String) -> [[(name: String, params: String, value: String)]] {
    let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
    var cards: [[(String, String, String)]] = []
    var current: [(String, String, String)] = []
    for line in unfolded.components(separatedBy: "\r\n") where !line.isEmpty {
        // The first colon outside a quoted parameter value ends the name and parameters.
        var inQuotes = false
        var colon: String.Index?
        for index in line.indices {
            if line[index] == "\"" { inQuotes.toggle() }
            if line[index] == ":" && !inQuotes {
                colon = index
                break
            }
        }
        guard let colon else { continue }
        let head = line[..<colon]
        let value = String(line[line.index(after: colon)...])
        let parts = head.split(separator: ";", maxSplits: 1)
        let name = String(parts[0]).uppercased()
        let params = parts.count > 1 ? String(parts[1]) : ""
        current.append((name, params, value))
        if name == "END" {
            cards.append(current)
            current = []
        }
    }
    return cards
}

func unescapeVCard(_ text: String) -> String {
    var out = ""
    var escaping = false
    for character in text {
        if escaping {
            out.append(character == "n" || character == "N" ? "\n" : character)
            escaping = false
        } else if character == "\\" {
            escaping = true
        } else {
            out.append(character)
        }
    }
    return out
}

/// RFC 4180 reader: quoted fields with doubled quotes and embedded line breaks.
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var inQuotes = false
    var iterator = Array(text.unicodeScalars).makeIterator()
    var pending: Unicode.Scalar? = nil
    func next() -> Unicode.Scalar? {
        if let p = pending {
            pending = nil
            return p
        }
        return iterator.next()
    }
    while let c = next() {
        if inQuotes {
            if c == "\"" {
                if let n = next() {
                    if n == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        inQuotes = false
                        pending = n
                    }
                } else {
                    inQuotes = false
                }
            } else {
                field.unicodeScalars.append(c)
            }
        } else if c == "\"" {
            inQuotes = true
        } else if c == "," {
            row.append(field)
            field = ""
        } else if c == "\r" {
            continue
        } else if c == "\n" {
            row.append(field)
            rows.append(row)
            row = []
            field = ""
        } else {
            field.unicodeScalars.append(c)
        }
    }
    if !field.isEmpty || !row.isEmpty {
        row.append(field)
        rows.append(row)
    }
    return rows
}

@Suite("Export: vCard 4.0 and CSV round trips")
struct ExportTests {
    static let tricky = Contact(
        id: 42,
        fields: ContactFields(
            name: "Zoë O'Brien-Łukasiewicz", title: "Head of R&D; Europe, \"Special\" Projects",
            department: "Café, Bäckerei\\Labs", company: "Ünïcödé, Inc.",
            address: "1 Rue de l'Église\n75001 Paris, France",
            phones: [
                ContactPhone(value: "+33 1 23 45 67 89", e164: "+33123456789", kind: .work),
                ContactPhone(value: "06 12 34 56 78", e164: nil, kind: .mobile),
                ContactPhone(value: "+33 1 98 76 54 32", e164: "+33198765432", kind: .fax),
            ],
            emails: ["zoe@example.org", "z.obrien@example.com"], websites: ["https://example.org/a,b;c"]),
        tags: [Tag(key: "customer-type", value: "prospect"), Tag(key: "region", value: "emea")], version: 1,
        createdAt: Date(timeIntervalSince1970: 1_700_000_000),
        updatedAt: Date(timeIntervalSince1970: 1_700_000_000),
        candidateIDs: [1])

    @Test("vCard 4.0 parses back to the same values: escaping, folding at 75 octets, typed TEL")
    func vCardRoundTrip() throws {
        let long = Contact(
            id: 7, fields: ContactFields(name: "名前" + String(repeating: "長い", count: 40), company: "X"),
            tags: [],
            version: 1, createdAt: Date(), updatedAt: Date(), candidateIDs: [])
        let text = try ContactExport.render([Self.tricky, long], format: .vcard)
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75) }
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))  // only CRLF line ends
        let cards = parseVCards(text)
        #expect(cards.count == 2)
        let card = cards[0]
        func values(_ name: String) -> [String] { card.filter { $0.name == name }.map(\.value) }
        #expect(values("VERSION") == ["4.0"])
        #expect(values("FN").map(unescapeVCard) == [Self.tricky.fields.name])
        #expect(values("TITLE").map(unescapeVCard) == [Self.tricky.fields.title])
        let org = try #require(values("ORG").first)
        // ORG components are separated by unescaped semicolons.
        let orgParts = org.replacingOccurrences(of: "\\;", with: "\u{0}").split(separator: ";")
            .map { unescapeVCard($0.replacingOccurrences(of: "\u{0}", with: ";")) }
        #expect(orgParts == ["Ünïcödé, Inc.", "Café, Bäckerei\\Labs"])
        #expect(values("EMAIL") == Self.tricky.fields.emails)
        let tels = card.filter { $0.name == "TEL" }
        #expect(tels.map(\.params) == ["VALUE=uri;TYPE=work,voice", "VALUE=text;TYPE=cell", "VALUE=uri;TYPE=work,fax"])
        #expect(tels.map(\.value) == ["tel:+33123456789", "06 12 34 56 78", "tel:+33198765432"])
        let adr = try #require(values("ADR").first)
        #expect(
            adr.components(separatedBy: ";").map(unescapeVCard) == ["", "", "1 Rue de l'Église", "Paris", "", "75001", "France"])
        #expect(card.first { $0.name == "ADR" }?.params.contains("LABEL=\"1 Rue de l'Église 75001 Paris, France\"") == true)
        #expect(values("CATEGORIES") == ["customer-type:prospect,region:emea"])
        #expect(cards[1].first { $0.name == "FN" }.map { unescapeVCard($0.value) } == long.fields.name)
    }

    @Test("CSV has Google's header and parses back to the same values, quotes and line breaks included")
    func csvRoundTrip() throws {
        let text = try ContactExport.render([Self.tricky], format: .csv)
        #expect(text.hasPrefix("\u{FEFF}"))  // Google writes UTF-8 with a byte order mark
        let rows = parseCSV(String(text.dropFirst()))
        #expect(rows.count == 2)
        #expect(rows[0] == ContactExport.csvHeader)
        let row = Dictionary(uniqueKeysWithValues: zip(rows[0], rows[1]))
        #expect(row["First Name"] == "Zoë")
        #expect(row["Last Name"] == "O'Brien-Łukasiewicz")
        #expect(row["Organization Name"] == Self.tricky.fields.company)
        #expect(row["Organization Title"] == Self.tricky.fields.title)
        #expect(row["Organization Department"] == Self.tricky.fields.department)
        #expect(row["E-mail 1 - Value"] == "zoe@example.org ::: z.obrien@example.com")
        #expect(row["Phone 1 - Label"] == "Work")
        #expect(row["Phone 1 - Value"] == "+33123456789")
        #expect(row["Phone 2 - Label"] == "Mobile")
        #expect(row["Phone 3 - Label"] == "Work Fax")
        #expect(row["Address 1 - Formatted"] == Self.tricky.fields.address)
        #expect(row["Website 1 - Value"] == "https://example.org/a,b;c")
        #expect(row["Labels"] == "* myContacts ::: customer-type:prospect ::: region:emea")
    }

    @Test("JSON export has snake_case keys (candidate_ids, not candidate_i_ds) and the same values")
    func jsonRoundTrip() throws {
        let text = try ContactExport.render([Self.tricky], format: .json)
        let decoded = try #require(
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        let contact = try #require(decoded.first)
        #expect(contact["id"] as? Int == 42)
        #expect(contact["candidate_ids"] as? [Int] == [1])
        #expect(contact["created_at"] as? String == "2023-11-14T22:13:20Z")
        let fields = try #require(contact["fields"] as? [String: Any])
        #expect(fields["name"] as? String == Self.tricky.fields.name)
        #expect(fields["address"] as? String == Self.tricky.fields.address)
        let phones = try #require(fields["phones"] as? [[String: Any]])
        #expect(phones.map { $0["e164"] as? String } == ["+33123456789", nil, "+33198765432"])
        #expect(JSONStyle.snakeCase("scanID") == "scan_id")
        #expect(
            JSONStyle.snakeCase("duplicateCheckWorstMilliseconds") == "duplicate_check_worst_milliseconds")
    }
}
