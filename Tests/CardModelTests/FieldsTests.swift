import CardModel
import Foundation
import Testing

/// The JSON contracts as the encoders that write them (scan --json, the stores, eval) produce it.
private func canonical<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

private func roundTrip<T: Codable>(_ type: T.Type, _ json: String) throws -> String {
    try canonical(JSONDecoder().decode(type, from: Data(json.utf8)))
}

@Suite("One contact model: JSON contracts")
struct FieldsCodingTests {
    /// Protects `scan --json` and stored candidates: every single field written, null when
    /// absent; alternatives and evidence only when present; phones with an explicit null E.164.
    @Test func scanContractRoundTripsByteForByte() throws {
        let json =
            #"{"address":null,"company":{"confidence":0.9,"value":"Acme Robotics Inc."},"department":null,"#
            + #""emails":[{"confidence":0.95,"evidence":"email pattern","value":"jane@acme.com"}],"#
            + #""name":{"alternatives":[{"confidence":0.2,"value":"Jana Doe"}],"confidence":0.8,"evidence":"tallest line","value":"Jane Doe"},"#
            + #""phones":[{"confidence":0.7,"e164":"+14155550123","kind":"work","value":"(415) 555-0123"},"#
            + #"{"confidence":0.5,"e164":null,"kind":"other","value":"555 01"}],"#
            + #""title":null,"websites":[{"confidence":0.75,"value":"https://acme.com/team"}]}"#
        #expect(try roundTrip(CardFields.self, json) == json)
        let empty = #"{"address":null,"company":null,"department":null,"emails":[],"name":null,"phones":[],"title":null,"websites":[]}"#
        #expect(try canonical(CardFields()) == empty)
        // Older or hand-written JSON may leave keys out: absent is empty.
        #expect(try roundTrip(CardFields.self, "{}") == empty)
    }

    /// Protects stored contacts (audit values, first reviews, export-person): rows written
    /// before name parts, note and event decode, and re-encode to the same bytes; absent single
    /// fields and a phone's unknown E.164 are left out.
    @Test func contactRowsOfEveryVintageRoundTrip() throws {
        let old =
            #"{"company":"Acme","emails":["jane@acme.com"],"name":"Jane Doe","#
            + #""phones":[{"e164":"+14155550123","kind":"mobile","value":"(415) 555-0123"},{"kind":"fax","value":"555"}],"#
            + #""websites":["acme.com"]}"#
        #expect(try roundTrip(ContactFields.self, old) == old)
        let contact = try JSONDecoder().decode(ContactFields.self, from: Data(old.utf8))
        #expect(contact.nameParts == nil && contact.note == nil && contact.phones[1].e164 == nil)
        let current =
            #"{"address":"1 Main St, Springfield","#
            + #""addressParts":{"city":"Springfield","country":"","countryCode":"","postcode":"","region":"","street":"1 Main St"},"#
            + #""emails":[],"event":"Hannover Messe 2026","name":"Dr. Jane Doe","#
            + #""nameParts":{"family":"Doe","familyFirst":false,"given":"Jane","middle":"","prefix":"Dr.","suffix":""},"#
            + #""note":"wants a demo","phones":[],"title":"CTO","websites":[]}"#
        let decoded = try JSONDecoder().decode(ContactFields.self, from: Data(current.utf8))
        #expect(decoded.nameParts?.family == "Doe" && decoded.event == "Hannover Messe 2026")
        #expect(try canonical(decoded) == current)
        // Lists were always written; a row without them is not a contact row.
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ContactFields.self, from: Data(#"{"name":"A"}"#.utf8)) }
    }

    /// Protects the truth files eval reads: lists may be absent, `bbox` read; written back
    /// with absent single fields left out.
    @Test func truthFilesDecode() throws {
        let json =
            #"{"bbox":[1,2,90,40],"emails":[],"name":"Li Wei","#
            + #""phones":[{"e164":"+8613912345678","kind":"mobile","value":"139 1234 5678"}],"websites":[]}"#
        #expect(try roundTrip(CardTruth.self, json) == json)
        let sparse = try JSONDecoder().decode(CardTruth.self, from: Data(#"{"company":"Acme"}"#.utf8))
        #expect(sparse.company == "Acme" && sparse.phones.isEmpty && sparse.bbox == nil)
        #expect(sparse[.company] == "Acme" && sparse[.name] == nil)
    }
}

@Suite("One contact model: fields by name and the one merge")
struct FieldsMergeTests {
    /// Protects access by `FieldName`: the card's text fields read and write through, other
    /// fields read nil and writing them changes nothing.
    @Test func singleFieldsByName() {
        var fields = Fields<String>(name: "Jane Doe", company: "Acme")
        #expect(FieldName.cardText.map { fields[$0] } == ["Jane Doe", nil, nil, "Acme", nil])
        fields[.title] = "CTO"
        fields[.note] = "ignored"
        #expect(fields.title == "CTO" && fields[.note] == nil)
        #expect(FieldName.card.map(\.key) == ["name", "title", "department", "company", "address", "phones", "emails", "websites"])
        #expect(FieldName.mobile.key == "phones")
    }

    /// Protects the duplex merge: the front wins, the back fills gaps, lists are united by the
    /// normaliser's keys (case of an e-mail, scheme and `www.` of a site, E.164 or digits of a phone).
    @Test func fillGapsUnitesByKeys() {
        let front = Fields<String>(
            name: "Jane Doe", phones: [PlainPhone(value: "+1 415 555 0123", e164: "+14155550123", kind: .work)],
            emails: ["Jane@Acme.com"], websites: ["https://www.acme.com/"])
        let back = Fields<String>(
            name: "J. Doe", company: "Acme",
            phones: [
                PlainPhone(value: "(415) 555-0123", e164: "+14155550123", kind: .work),
                PlainPhone(value: "1 415 555 0199", e164: nil, kind: .mobile),
                PlainPhone(value: "+1-415-555-0199", e164: nil, kind: .mobile),
            ],
            emails: ["jane@acme.com", "sales@acme.com"], websites: ["acme.com"])
        let merged = front.merged(with: back, rule: .fillGaps)
        #expect(merged.name == "Jane Doe" && merged.company == "Acme")
        #expect(merged.phones.map(\.value) == ["+1 415 555 0123", "1 415 555 0199"])
        #expect(merged.emails == ["Jane@Acme.com", "sales@acme.com"])
        #expect(merged.websites == ["https://www.acme.com/"])
    }

    /// Protects `merge --take`: named fields take the incoming value when it has one.
    @Test func takingReplacesNamedFields() {
        let existing = Fields<String>(name: "Jane Doe", title: "CTO")
        let incoming = Fields<String>(name: "Jane Doe-Smith", title: nil, company: "Acme")
        let merged = existing.merged(with: incoming, rule: .taking([.name, .title]))
        #expect(merged.name == "Jane Doe-Smith" && merged.title == "CTO" && merged.company == "Acme")
    }

    /// Protects the rule's copy test: a second-set value the rule calls a copy of a first-set
    /// value is dropped, others kept; phones are judged by their own test.
    @Test func ruleDecidesCopies() {
        let first = Fields<String>(
            phones: [PlainPhone(value: "+1 415 555 0123", e164: "+14155550123", kind: .work)],
            emails: ["jane.doe@acme.com"])
        let second = Fields<String>(
            phones: [
                PlainPhone(value: "415 555 0124", e164: nil, kind: .fax),
                PlainPhone(value: "+1 415 555 0124", e164: "+14155550124", kind: .fax),
            ],
            emails: ["jane.d0e@acme.com", "info@acme.com"])
        let rule = MergeRule<String>(
            single: { _, a, b in a ?? b },
            isCopy: { _, second, first in second.replacingOccurrences(of: "0", with: "o") == first },
            isPhoneCopy: { phone, _ in phone.e164 == nil })
        let merged = first.merged(with: second, rule: rule)
        #expect(merged.emails == ["jane.doe@acme.com", "info@acme.com"])
        #expect(merged.phones.map(\.value) == ["+1 415 555 0123", "+1 415 555 0124"])
    }
}
