import CardModel
import CardPhone
import Testing

@testable import CardExtraction

// MARK: - Parsing QR payloads

struct PayloadCase: Sendable, CustomStringConvertible {
    var label: String
    var payload: String
    var expected: CodeContact?
    var description: String { label }
}

/// A parsed code as the parsers should give it; a phone's kind is nil when the code gives none.
private func code(
    format: CodeContact.Format, name: String? = nil, title: String? = nil, department: String? = nil,
    company: String? = nil, address: String? = nil, phones: [(String, PhoneKind?)] = [], emails: [String] = [],
    websites: [String] = []
) -> CodeContact {
    var contact = CodeContact(
        format: format,
        fields: Fields(
            name: name, title: title, department: department, company: company, address: address,
            emails: emails, websites: websites))
    for (value, kind) in phones { contact.addPhone(value, kind: kind) }
    return contact
}

/// Protects the payload parsers: vCard 2.1/3.0/4.0 (folding, escaping, quoted-printable, TEL
/// types, ORG units, ADR parts and LABEL), MeCard (escaping, "Last,First"), plain URLs, and
/// payloads that are none of them.
@Test(arguments: [
    PayloadCase(
        label: "vCard 3.0 with CRLF, types, ORG unit, ADR parts",
        payload: """
            BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe;Jane;;Dr.;\r\nFN:Dr. Jane Doe\r\nORG:Acme Robotics Inc.;Research\r\n\
            TITLE:Head of Research\r\nTEL;TYPE=WORK,VOICE:+1 415-555-0123\r\nTEL;TYPE=CELL:(415) 555-0199\r\n\
            TEL;TYPE=WORK,FAX:+1 415 555 0100\r\nEMAIL;TYPE=INTERNET:jane@acme.com\r\nURL:www.acme.com\r\n\
            ADR;TYPE=WORK:;;1 Main St;Springfield\\, IL 62704;;;\r\nEND:VCARD\r\n
            """,
        expected: code(
            format: .vCard, name: "Dr. Jane Doe", title: "Head of Research", department: "Research",
            company: "Acme Robotics Inc.", address: "1 Main St, Springfield, IL 62704",
            phones: [("+1 415-555-0123", .work), ("(415) 555-0199", .mobile), ("+1 415 555 0100", .fax)],
            emails: ["jane@acme.com"], websites: ["www.acme.com"])),
    PayloadCase(
        label: "vCard N without FN, folded line, escaped comma in TITLE",
        payload: "BEGIN:VCARD\nVERSION:3.0\nN:Moreau;Anne-Sophie;;;PhD\nTITLE:Director\\, Sales and Mar\n keting\nEND:VCARD",
        expected: code(format: .vCard, name: "Anne-Sophie Moreau PhD", title: "Director, Sales and Marketing")),
    PayloadCase(
        label: "vCard 4.0: tel and mailto URIs, quoted TYPE list, ADR LABEL, grouped property",
        payload: """
            BEGIN:VCARD\nVERSION:4.0\nFN:Li Wei\nitem1.TEL;VALUE=uri;TYPE="voice,cell":tel:+86-139-1234-5678\n\
            EMAIL:mailto:li.wei@lotus.cn\nADR;LABEL="88 Century Ave\\nShanghai 200120":;;88 Century Ave;Shanghai;;200120;\n\
            END:VCARD
            """,
        expected: code(
            format: .vCard, name: "Li Wei", address: "88 Century Ave, Shanghai 200120",
            phones: [("+86-139-1234-5678", .mobile)], emails: ["li.wei@lotus.cn"])),
    PayloadCase(
        label: "vCard 2.1: bare types, quoted-printable with a soft line break",
        payload: """
            BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:G=C3=B6bel;J=C3=B6rg\n\
            FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=B6rg G=C3=\n=B6bel\nTEL;WORK;VOICE:030 1234567\n\
            TEL;HOME:030 7654321\nEND:VCARD
            """,
        expected: code(
            format: .vCard, name: "Jörg Göbel",
            phones: [("030 1234567", .work), ("030 7654321", .other)])),
    PayloadCase(
        label: "MeCard with escapes and address parts",
        payload: "MECARD:N:Doe,Jane;ORG:Smith\\; Sons;TITLE:CEO;TEL:+1 415 555 0123;EMAIL:jane@smith.com;"
            + "URL:https\\://smith.com;ADR:1 Main St,Springfield, IL 62704;;",
        expected: code(
            format: .meCard, name: "Jane Doe", title: "CEO", company: "Smith; Sons",
            address: "1 Main St, Springfield, IL 62704", phones: [("+1 415 555 0123", nil)],
            emails: ["jane@smith.com"], websites: ["https://smith.com"])),
    PayloadCase(
        label: "MeCard name with an escaped comma and no first name",
        payload: "mecard:N:PhD,Dr. Anna Schmidt\\,;;",
        expected: code(format: .meCard, name: "Dr. Anna Schmidt, PhD")),
    PayloadCase(
        label: "plain URL", payload: "https://www.northwind.de/team\n",
        expected: code(format: .url, websites: ["https://www.northwind.de/team"])),
    PayloadCase(label: "Wi-Fi code", payload: "WIFI:S:guest;T:WPA;P:secret;;", expected: nil),
    PayloadCase(label: "free text", payload: "Scan me for a discount", expected: nil),
])
func parsesPayload(_ c: PayloadCase) {
    #expect(CodeContact.parse(c.payload) == c.expected)
}

// MARK: - Merging with the printed text

private let vCard = """
    BEGIN:VCARD\nVERSION:3.0\nFN:Jane Doe\nORG:Acme Robotics Inc.\nTITLE:Senior Product Manager\n\
    TEL;TYPE=CELL:+1 415 555 0199\nEMAIL:jane.doe@acme.com\nEND:VCARD
    """

private func page(_ text: String, codes: [String]) -> RecognizedPage {
    var page = RecognizedPage.plainText(text)
    page.codes = codes.map { DecodedCode(symbology: "QR-Code", payload: $0) }
    return page
}

@Suite("QR codes merged with printed text")
struct CodeMergeTests {
    /// Protects precedence: the code's values win with high confidence, a misread printed value
    /// becomes the alternative, and the evidence names the QR code.
    @Test func codeWinsOverMisreadPrint() throws {
        let fields = extractor.extract(
            from: page(
                "Jana Doe\nSenior Product Manager\nAcme Robotics Inc.\nMobile: +1 415 555 0199\njane.d0e@acme.com",
                codes: [vCard]))
        #expect(fields.name?.value == "Jane Doe")
        #expect(fields.name?.confidence == CodeMerge.coded)
        #expect(fields.name?.alternatives.first?.value == "Jana Doe")
        #expect(fields.name?.evidence?.contains("QR code (vCard)") == true)
        #expect(fields.title?.confidence == CodeMerge.agreed)
        #expect(fields.emails.map(\.value) == ["jane.doe@acme.com"])  // the misread copy is gone
        #expect(fields.phones.map(\.e164) == ["+14155550199"])
        #expect(fields.phones.first?.kind == .mobile)
    }

    /// Protects what the code lacks: printed fields it does not carry stay as read, a phone
    /// two digits away from the coded one included (a company's numbers often are).
    @Test func printedFieldsTheCodeLacksStay() {
        let fields = extractor.extract(
            from: page(
                "Jane Doe\nSenior Product Manager\nAcme Robotics Inc.\nTel: +1 415 555 0123\n"
                    + "jane.doe@acme.com\nwww.acme.com\nsales@acme.com",
                codes: [vCard]))
        #expect(Set(fields.phones.compactMap(\.e164)) == ["+14155550199", "+14155550123"])
        #expect(fields.websites.map(\.value) == ["www.acme.com"])
        #expect(fields.emails.map(\.value) == ["jane.doe@acme.com", "sales@acme.com"])
        #expect(fields.phones.first { $0.e164 == "+14155550123" }?.kind == .work)
    }

    /// Protects MeCard phones: without a type in the code, the printed label gives the kind.
    @Test func meCardPhoneTakesThePrintedLabel() {
        let fields = extractor.extract(
            from: page(
                "Jane Doe\nFax: +1 415 555 0100",
                codes: ["MECARD:N:Doe,Jane;TEL:+14155550100;;"]))
        #expect(fields.phones.count == 1)
        #expect(fields.phones.first?.kind == .fax)
        #expect(fields.phones.first?.confidence == CodeMerge.agreed)
    }

    /// Protects URL codes: they fill the website and replace a misread printed one.
    @Test func urlCodeFillsWebsite() {
        let fields = extractor.extract(
            from: page("Jane Doe\nAcme Robotics Inc.\nwww.acrne.com", codes: ["https://www.acme.com"]))
        #expect(fields.websites.map(\.value) == ["https://www.acme.com"])
        #expect(fields.websites.first?.evidence == "QR code (URL)")
        #expect(fields.name?.value == "Jane Doe")
    }

    /// A URL code the print does not show (a messenger or app link) is kept as a website, but with
    /// the model's low confidence for such links, and says why: on another domain than the printed
    /// email, or on a card that prints no e-mail or website at all, with nothing to agree with.
    @Test(arguments: [
        ("jane@acme.com", "QR code (URL), another domain than the card's"),
        ("Tel: +1 415 555 0123", "QR code (URL), no e-mail or website printed on the card"),
    ])
    func urlCodeThePrintDoesNotShowIsDoubtful(_ contactLine: String, _ evidence: String) {
        let fields = extractor.extract(
            from: page(
                "Jane Doe\nAcme Robotics Inc.\n\(contactLine)", codes: ["https://line.me/ti/p/abc123"]))
        let site = fields.websites.first
        #expect(site?.value == "https://line.me/ti/p/abc123")
        #expect(site?.evidence == evidence)
        #expect(site?.confidence == ScoringModel.standard.urlCodeElsewhere)
    }

    /// Protects the explanation: phone evidence stays aligned with the merged phones.
    @Test func phoneEvidenceNamesTheCode() {
        let result = extractor.explain(page("Jane Doe\nTel: +1 415 555 0123", codes: [vCard]))
        #expect(result.phoneEvidence.count == result.fields.phones.count)
        #expect(result.phoneEvidence.first?.hasPrefix("QR code (vCard)") == true)
    }
}
