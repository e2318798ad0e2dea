import CardModel
import Foundation
import Testing

@testable import CardStore

/// The contact: four phones of four kinds, three e-mails, two websites, a name with
/// an honorific, a compound family name and a post-nominal.
let fullContact = Contact(
    id: 9,
    fields: ContactFields(
        name: "Dr. Ana María López-García PhD", title: "Directora de Investigación", department: "I+D",
        company: "Juniper Energy Ltda", address: "Rua XV de Novembro, 2313, Curitiba - PR, 80020-192, Brasil",
        phones: [
            ContactPhone(value: "(41) 3167-4640", e164: "+554131674640", kind: .work),
            ContactPhone(value: "(41) 98726-4320", e164: "+5541987264320", kind: .mobile),
            ContactPhone(value: "(41) 3167-4641", e164: "+554131674641", kind: .fax),
            ContactPhone(value: "(41) 3167-4699", e164: "+554131674699", kind: .other),
        ],
        emails: ["ana@juniper.example", "a.lopez@juniper.example", "ana.lg@mail.example"],
        websites: ["juniper.example", "https://blog.juniper.example/ana"],
        note: "Wants a demo in March", event: "Hannover Messe 2026"),
    tags: [Tag(key: "region", value: "latam")], version: 3,
    createdAt: Date(timeIntervalSince1970: 1_700_000_000),
    updatedAt: Date(timeIntervalSince1970: 1_700_000_000),
    candidateIDs: [4], uid: "urn:uuid:6f1c2e4a-0b7d-4c1e-9a51-2d3e4f5a6b7c")

let companyOnly = Contact(
    id: 10,
    fields: ContactFields(
        company: "Acme Widgets GmbH",
        phones: [ContactPhone(value: "+49 30 1234567", e164: "+49301234567", kind: .work)],
        emails: ["info@acme.example"]),
    createdAt: Date(), updatedAt: Date())

@Suite("Exports that lose nothing, read back by vobject and Python's csv")
struct CompleteExportTests {
    @Test("The issue's name splits into prefix Dr., given Ana, middle María, family López-García, suffix PhD")
    func structuredName() {
        let parts = PersonName.parse("Dr. Ana María López-García PhD")
        #expect(
            parts
                == PersonName(
                    prefix: "Dr.", given: "Ana", middle: "María", family: "López-García", suffix: "PhD"))
    }

    @Test(
        "vCard 4.0 and 3.0 give back the structured name, typed phones, e-mails, https websites, address parts, note, UID",
        arguments: [ContactExport.Format.vcard, .vcard3])
    func vCardCarriesEverything(format: ContactExport.Format) throws {
        let output = try ContactExport.export([fullContact, companyOnly], options: .init(format: format))
        #expect(output.losses.isEmpty)
        let cards = try RealParsers.vCards(output.text)
        try #require(cards.count == 2)
        let card = cards[0]
        #expect(card["version"] as? String == (format == .vcard ? "4.0" : "3.0"))
        #expect(card["fn"] as? String == "Dr. Ana María López-García PhD")
        let n = try #require(card["n"] as? [String: String])
        #expect(
            n == [
                "prefix": "Dr.", "given": "Ana", "middle": "María", "family": "López-García", "suffix": "PhD",
            ])
        let tels = try #require(card["tel"] as? [[String: Any]])
        let byNumber = Dictionary(
            uniqueKeysWithValues: tels.map {
                (
                    ($0["value"] as? String ?? "").replacingOccurrences(of: "tel:", with: ""),
                    $0["types"] as? [String] ?? []
                )
            })
        let kindWord = format == .vcard ? ["work", "voice"] : ["work", "voice"]
        #expect(byNumber["+554131674640"] == kindWord)
        #expect(byNumber["+5541987264320"] == ["cell"])
        #expect(byNumber["+554131674641"] == ["work", "fax"])
        #expect(byNumber["+554131674699"] == ["voice"])
        #expect(card["email"] as? [String] == fullContact.fields.emails)
        #expect(card["url"] as? [String] == ["https://juniper.example", "https://blog.juniper.example/ana"])
        let adr = try #require(card["adr"] as? [String: String])
        #expect(
            adr == [
                "street": "Rua XV de Novembro, 2313", "city": "Curitiba", "region": "PR", "code": "80020-192",
                "country": "Brasil",
            ])
        #expect(card["note"] as? String == "Wants a demo in March\nEvent: Hannover Messe 2026")
        #expect(card["uid"] as? String == "urn:uuid:6f1c2e4a-0b7d-4c1e-9a51-2d3e4f5a6b7c")
        #expect(card["org"] as? [String] == ["Juniper Energy Ltda", "I+D"])
        #expect(card["title"] as? String == "Directora de Investigación")
        #expect(card["categories"] as? [String] == ["region:latam"])
        let org = cards[1]
        if format == .vcard {
            #expect(org["kind"] as? String == "org")
        } else {
            #expect(org["showas"] as? String == "COMPANY")
        }
        #expect(org["fn"] as? String == "Acme Widgets GmbH")
        #expect(card["kind"] is NSNull)
    }

    @Test(
        "--with-images embeds the card image as PHOTO in 4.0 (data URI) and 3.0 (base64)",
        arguments: [ContactExport.Format.vcard, .vcard3])
    func photoTravels(format: ContactExport.Format) throws {
        let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: UInt8(7), count: 300) + [0xFF, 0xD9])
        let output = try ContactExport.export(
            [fullContact],
            options: .init(
                format: format, photos: [9: .init(data: jpeg, mediaType: "image/jpeg")], withImages: true))
        let card = try #require(try RealParsers.vCards(output.text).first)
        let value = try #require(card["photo"] as? String)
        let base64 =
            format == .vcard ? value.replacingOccurrences(of: "data:image/jpeg;base64,", with: "") : value
        #expect(Data(base64Encoded: base64) == jpeg)
    }

    @Test(
        "Google CSV: Google's header, UTF-8 with BOM, one column per phone kind, ' ::: ' for several values, nothing lost"
    )
    func googleCarriesEverything() throws {
        let output = try ContactExport.export(
            [fullContact, companyOnly], options: .init(format: .csv, preset: .google))
        #expect(output.losses.isEmpty)
        let csv = try RealParsers.csv(output.text)
        #expect(csv.bom)
        #expect(csv.header == ContactExport.csvHeader)
        let row = csv.rows[0]
        #expect(row["Name Prefix"] == "Dr.")
        #expect(row["First Name"] == "Ana")
        #expect(row["Middle Name"] == "María")
        #expect(row["Last Name"] == "López-García")
        #expect(row["Name Suffix"] == "PhD")
        #expect(row["Phone 1 - Label"] == "Work")
        #expect(row["Phone 1 - Value"] == "+554131674640")
        #expect(row["Phone 2 - Label"] == "Mobile")
        #expect(row["Phone 2 - Value"] == "+5541987264320")
        #expect(row["Phone 3 - Label"] == "Work Fax")
        #expect(row["Phone 4 - Label"] == "Other")
        #expect(row["E-mail 1 - Value"] == fullContact.fields.emails.joined(separator: " ::: "))
        #expect(row["Website 1 - Value"] == "https://juniper.example ::: https://blog.juniper.example/ana")
        #expect(row["Address 1 - City"] == "Curitiba")
        #expect(row["Address 1 - Postal Code"] == "80020-192")
        #expect(row["Custom Field 1 - Label"] == "Event")
        #expect(row["Custom Field 1 - Value"] == "Hannover Messe 2026")
        // The mobile stays in its column when a card has no work phone.
        #expect(csv.rows[1]["Phone 2 - Value"] == "")
        #expect(csv.rows[1]["Phone 1 - Value"] == "+49301234567")
    }

    @Test("Outlook CSV: Outlook's headers; the second website is reported, not silently dropped")
    func outlookReportsWhatItCannotCarry() throws {
        let output = try ContactExport.export([fullContact], options: .init(format: .csv, preset: .outlook))
        #expect(output.losses.map(\.what) == ["2nd website"])
        #expect(output.losses.allSatisfy { $0.contactID == 9 })
        #expect(!output.losses.description.contains("blog.juniper"))  // names the place, not the value
        let csv = try RealParsers.csv(output.text)
        for header in [
            "First Name", "Last Name", "Company", "Job Title", "Business Phone", "Mobile Phone",
            "Business Fax",
            "E-mail Address", "E-mail 2 Address",
        ] {
            #expect(csv.header.contains(header))
        }
        let row = csv.rows[0]
        #expect(row["Title"] == "Dr.")
        #expect(row["Suffix"] == "PhD")
        #expect(row["Last Name"] == "López-García")
        #expect(row["Business Phone"] == "+554131674640")
        #expect(row["Mobile Phone"] == "+5541987264320")
        #expect(row["Business Fax"] == "+554131674641")
        #expect(row["Other Phone"] == "+554131674699")
        #expect(row["E-mail 3 Address"] == "ana.lg@mail.example")
        #expect(row["Web Page"] == "https://juniper.example")
        #expect(row["Business Postal Code"] == "80020-192")
        #expect(row["Notes"] == "Wants a demo in March\nEvent: Hannover Messe 2026")
    }

    @Test(
        "HubSpot and Zoho CSV: their field names, Last Name always filled (the company for a company card), losses named",
        arguments: [ContactExport.CSVPreset.hubspot, .zoho])
    func crmPresets(preset: ContactExport.CSVPreset) throws {
        let output = try ContactExport.export(
            [fullContact, companyOnly], options: .init(format: .csv, preset: preset))
        let csv = try RealParsers.csv(output.text)
        #expect(!csv.bom)
        #expect(csv.rows.allSatisfy { !($0["Last Name"] ?? "").isEmpty })
        #expect(csv.rows[0]["Last Name"] == "López-García")
        #expect(csv.rows[0]["First Name"] == "Ana María")
        #expect(csv.rows[0]["Salutation"] == "Dr.")
        #expect(csv.rows[1]["Last Name"] == "Acme Widgets GmbH")
        #expect(csv.rows[1]["First Name"] == "")
        switch preset {
        case .hubspot:
            #expect(csv.rows[0]["Phone Number"] == "+554131674640")
            #expect(csv.rows[0]["Mobile Phone Number"] == "+5541987264320")
            #expect(csv.rows[0]["Fax Number"] == "+554131674641")
            #expect(csv.rows[0]["Company Name"] == "Juniper Energy Ltda")
            #expect(csv.rows[0]["Event"] == "Hannover Messe 2026")
            #expect(
                output.losses.map(\.what) == [
                    "2nd phone (work or other)", "2nd e-mail", "3rd e-mail", "2nd website", "name suffix",
                ])
        default:
            #expect(csv.rows[0]["Phone"] == "+554131674640")
            #expect(csv.rows[0]["Mobile"] == "+5541987264320")
            #expect(csv.rows[0]["Other Phone"] == "+554131674699")
            #expect(csv.rows[0]["Secondary Email"] == "a.lopez@juniper.example")
            #expect(csv.rows[0]["Account Name"] == "Juniper Energy Ltda")
            #expect(csv.rows[0]["Mailing City"] == "Curitiba")
            #expect(output.losses.map(\.what) == ["3rd e-mail", "2nd website", "name suffix"])
        }
    }

    @Test("CSV cannot carry images: --with-images reports each image as a loss")
    func csvReportsImages() throws {
        let photo = ContactExport.Photo(data: Data([1, 2, 3]), mediaType: "image/jpeg")
        let output = try ContactExport.export(
            [fullContact], options: .init(format: .csv, preset: .google, photos: [9: photo], withImages: true)
        )
        #expect(output.losses.map(\.what) == ["card image"])
    }
}
