import CardModel
import Testing

@testable import CardIngest

struct DuplexTests {
    private func card(_ fields: CardFields, page: Int = 0, index: Int = 0, path: String) -> CardResult {
        CardResult(
            source: path, cardIndex: index, page: page, bbox: PixelBox(x: 0, y: 0, width: 10, height: 10),
            fields: fields, text: "text of \(path) p\(page)")
    }

    private func file(_ path: String, _ cards: [CardResult], index: Int) -> FileResult {
        FileResult(inputIndex: index, path: path, contentHash: "h\(index)", cards: cards, status: .recognized)
    }

    private let front = CardFields(
        name: FieldValue(value: "Jane Doe", confidence: 0.9),
        phones: [PhoneValue(value: "+1 415 555 0123", e164: "+14155550123", kind: .work, confidence: 0.9)],
        emails: [FieldValue(value: "jane@doe.com", confidence: 0.9)])
    private let back = CardFields(
        name: FieldValue(value: "多伊", confidence: 0.8), company: FieldValue(value: "Doe Inc.", confidence: 0.8),
        phones: [PhoneValue(value: "(415) 555-0123", e164: "+14155550123", kind: .work, confidence: 0.8)],
        emails: [FieldValue(value: "JANE@doe.com", confidence: 0.8)],
        websites: [FieldValue(value: "www.doe.com", confidence: 0.8)])

    @Test("two single-page files become one card: front values win, back fills gaps, contacts are united")
    func pairsFiles() {
        var pairer = DuplexPairer()
        #expect(pairer.add(file("a.jpg", [card(front, path: "a.jpg")], index: 0)).isEmpty)
        let out = pairer.add(file("b.jpg", [card(back, path: "b.jpg")], index: 1))
        #expect(out.map(\.path) == ["a.jpg", "b.jpg"])
        let merged = out[0].cards[0].fields
        #expect(merged.name?.value == "Jane Doe")
        #expect(merged.company?.value == "Doe Inc.")
        #expect(merged.phones.count == 1)
        #expect(merged.emails.count == 1)
        #expect(merged.websites.map(\.value) == ["www.doe.com"])
        #expect(out[1].cards.isEmpty)
        #expect(out[1].notes.contains { $0.contains("back side of a.jpg") })
        #expect(pairer.finish().isEmpty)
    }

    @Test("a multi-page file pairs its own pages and renumbers the merged cards")
    func pairsPages() {
        var pairer = DuplexPairer()
        let cards = (0..<4).map { card($0 % 2 == 0 ? front : back, page: $0, index: $0, path: "s.pdf") }
        let out = pairer.add(file("s.pdf", cards, index: 0))
        #expect(out.count == 1)
        #expect(out[0].cards.count == 2)
        #expect(out[0].cards.map(\.cardIndex) == [0, 1])
        #expect(out[0].cards[0].fields.company?.value == "Doe Inc.")
    }

    @Test("an odd last side is kept alone with a note, never dropped")
    func oddSide() {
        var pairer = DuplexPairer()
        _ = pairer.add(file("a.jpg", [card(front, path: "a.jpg")], index: 0))
        let rest = pairer.finish()
        #expect(rest.map(\.path) == ["a.jpg"])
        #expect(rest[0].cards.count == 1)
        #expect(!rest[0].notes.isEmpty)
    }

    @Test("sides with different numbers of cards are not merged, and both say why")
    func unequalSides() {
        var pairer = DuplexPairer()
        _ = pairer.add(file("a.jpg", [card(front, path: "a.jpg"), card(front, index: 1, path: "a.jpg")], index: 0))
        let out = pairer.add(file("b.jpg", [card(back, path: "b.jpg")], index: 1))
        #expect(out[0].cards.count == 2)
        #expect(out[1].cards.count == 1)
        #expect(out.allSatisfy { !$0.notes.isEmpty })
    }

    @Test("a failed back side leaves the front card intact and keeps the failure visible")
    func failedSide() {
        var pairer = DuplexPairer()
        _ = pairer.add(file("a.jpg", [card(front, path: "a.jpg")], index: 0))
        let failed = FileResult(inputIndex: 1, path: "b.jpg", contentHash: nil, cards: [], status: .failed(reason: "b.jpg: bad"))
        let out = pairer.add(failed)
        #expect(out.map(\.path) == ["a.jpg", "b.jpg"])
        #expect(out[0].cards[0].fields == front)
        #expect(out[1].isFailure)
    }
}
