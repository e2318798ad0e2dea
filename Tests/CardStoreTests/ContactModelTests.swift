import CardModel
import Foundation
import Testing

@testable import CardStore

/// A Brazilian card as the extractor gives it: its work number already in E.164.
func brazilianCard() -> CardFields {
    CardFields(
        name: field("Vinícius F. Pereira MBA"), company: field("Juniper Energy Ltda"),
        address: field("Rua XV de Novembro, 2313, Curitiba - PR, 80020-192"),
        phones: [PhoneValue(value: "(41) 3167-4640", e164: "+554131674640", kind: .work, confidence: 0.9)],
        emails: [field("vinicius_pereira@juniperenergy.com.br")])
}

@Suite("Store contract (SQLite and PostgreSQL): one contact model: the store's normaliser, parts, identity")
struct ContactModelTests {
    @Test("A reviewer's --set mobile=\"(41) 98726-4320\" gets its E.164 under the card's region (BR)", arguments: Backend.allCases)
    func typedNumberGetsE164(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        let id = try folder.enqueueOne(store, fields: brazilianCard())
        let contact = try #require(
            try store.accept(
                id, edits: [FieldEdit(field: .mobile, value: "(41) 98726-4320")], tags: [], reviewer: "ana",
                expectedVersion: nil, policy: ReviewPolicy()
            ).contact)
        #expect(contact.fields.phones.first { $0.kind == .mobile }?.e164 == "+5541987264320")
        // ... so a second card with that mobile is found as a duplicate.
        var other = CardFields(name: field("Someone Else"))
        other.phones = [
            PhoneValue(value: "+55 41 98726-4320", e164: "+5541987264320", kind: .mobile, confidence: 0.9)
        ]
        let second = try folder.enqueueOne(store, fields: other)
        #expect(try store.possibleDuplicates(ofCandidate: second).map(\.contactID) == [contact.id])
    }

    @Test("Accepted contacts store name and address parts beside the printed forms; reviewers correct parts", arguments: Backend.allCases)
    func partsAreStoredAndEditable(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        let id = try folder.enqueueOne(store, fields: brazilianCard())
        let contact = try #require(
            try store.accept(
                id, edits: [], tags: [], reviewer: "ana", expectedVersion: nil, policy: ReviewPolicy()
            )
            .contact)
        #expect(contact.fields.name == "Vinícius F. Pereira MBA")
        #expect(
            contact.fields.nameParts
                == PersonName(given: "Vinícius", middle: "F.", family: "Pereira", suffix: "MBA"))
        #expect(contact.fields.addressParts?.city == "Curitiba")
        #expect(contact.fields.addressParts?.region == "PR")
        #expect(contact.fields.addressParts?.postcode == "80020-192")
        #expect(contact.fields.addressParts?.countryCode == "BR")
        let edited = try store.editContact(
            contact.id,
            edits: [
                FieldEdit(field: .middle, value: "Fernandes"), FieldEdit(field: .country, value: "Brasil"),
            ],
            addTags: [], removeTags: [], actor: "ana", expectedVersion: nil)
        #expect(edited.fields.nameParts?.middle == "Fernandes")
        #expect(edited.fields.name == "Vinícius F. Pereira MBA")  // the printed form stays
        #expect(edited.fields.addressParts?.country == "Brasil")
        let vcard = ContactExport.vCard(edited)
        #expect(vcard.contains("N:Pereira;Vinícius;Fernandes;;MBA\r\n"))
    }

    @Test("Each contact gets its own urn:uuid UID, stable across reads and edits, different per store", arguments: Backend.allCases)
    func stableUIDs(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        var uids: [String] = []
        for name in ["Ada Lovelace", "Grace Hopper"] {
            let id = try folder.enqueueOne(
                store, fields: card(name: name, email: "\(name.prefix(3))@x.example", phone: nil))
            let contact = try #require(
                try store.accept(
                    id, edits: [], tags: [], reviewer: "r", expectedVersion: nil, policy: ReviewPolicy()
                )
                .contact)
            uids.append(contact.uid)
        }
        #expect(
            uids.allSatisfy { $0.hasPrefix("urn:uuid:") && UUID(uuidString: String($0.dropFirst(9))) != nil })
        #expect(Set(uids).count == 2)
        let first = try store.contacts(search: nil)[0].contact
        let edited = try store.editContact(
            first.id, edits: [FieldEdit(field: .title, value: "Countess")], addTags: [], removeTags: [],
            actor: "r",
            expectedVersion: nil)
        #expect(edited.uid == uids[0])
        let reopened = try folder.open()
        #expect(try reopened.contact(first.id).uid == uids[0])
        let otherFolder = try StoreHarness(backend)
        let otherStore = try otherFolder.open()
        let otherID = try otherFolder.enqueueOne(otherStore)
        let other = try #require(
            try otherStore.accept(
                otherID, edits: [], tags: [], reviewer: "r", expectedVersion: nil, policy: ReviewPolicy()
            )
            .contact)
        #expect(!uids.contains(other.uid))
    }

    @Test("Family name first for Chinese and Korean names; 'Family, Given' read as written; particles kept")
    func namesOfManyShapes() {
        #expect(PersonName.parse("王小明") == PersonName(given: "小明", family: "王", familyFirst: true))
        #expect(PersonName.parse("欧阳娜娜") == PersonName(given: "娜娜", family: "欧阳", familyFirst: true))
        // Traditional script: the surname list's traditional forms (a Taiwanese card's name).
        #expect(PersonName.parse("陳德倫") == PersonName(given: "德倫", family: "陳", familyFirst: true))
        #expect(PersonName.parse("김민준") == PersonName(given: "민준", family: "김", familyFirst: true))
        #expect(PersonName.parse("山田 太郎") == PersonName(given: "太郎", family: "山田", familyFirst: true))
        #expect(PersonName.parse("Lotte van den Berg") == PersonName(given: "Lotte", family: "van den Berg"))
        #expect(PersonName.parse("Smith, John") == PersonName(given: "John", family: "Smith"))
        #expect(
            PersonName.parse("John Smith, PhD") == PersonName(given: "John", family: "Smith", suffix: "PhD"))
        #expect(
            PersonName.parse("Prof. Dr. Hans Müller")
                == PersonName(prefix: "Prof. Dr.", given: "Hans", family: "Müller"))
        #expect(PersonName.parse("Ana María López García").family == "López García")
        // A connector joins two family names and starts neither; particles from the lexicon.
        #expect(
            PersonName.parse("José García y López")
                == PersonName(given: "José", family: "García y López"))
        #expect(PersonName.parse("Azman bin Ismail") == PersonName(given: "Azman", family: "bin Ismail"))
        #expect(PersonName.parse("Hans der Grosse").family == "der Grosse")
    }

    @Test(
        "Address parts from the shapes cards print",
        arguments: [
            (
                "1 Main St, Springfield, IL 62701, USA",
                PostalAddress(
                    street: "1 Main St", city: "Springfield", region: "IL", postcode: "62701", country: "USA",
                    countryCode: "US")
            ),
            (
                "Leopoldstraße 12, 80802 München, Germany",
                PostalAddress(
                    street: "Leopoldstraße 12", city: "München", postcode: "80802", country: "Germany",
                    countryCode: "DE")
            ),
            (
                "10 Downing St, London SW1A 2AA",
                PostalAddress(street: "10 Downing St", city: "London", postcode: "SW1A 2AA")
            ),
        ])
    func addressShapes(printed: String, expected: PostalAddress) {
        #expect(PostalAddress.parse(printed) == expected)
    }
}
