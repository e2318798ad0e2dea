import CardModel
import CardStore
import Foundation
import Logging

/// A fresh folder under the system temp folder, removed when the value is released.
class TemporaryFolder: @unchecked Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("cardstore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    var databaseURL: URL { url.appendingPathComponent("store/cardscan.sqlite") }

    func openStore(faults: SQLiteCardStore.FaultInjection = .init()) throws -> SQLiteCardStore {
        try SQLiteCardStore(
            url: databaseURL, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            faults: faults)
    }

    /// Writes a fake image file with the given bytes and returns it with its hash.
    func imageFile(_ name: String = "card.jpg", bytes: String) throws -> (URL, String) {
        let file = url.appendingPathComponent(name)
        try Data(bytes.utf8).write(to: file)
        return (file, try ContentHash.sha256(of: file))
    }
}

func field(_ value: String, _ confidence: Double = 0.95, alternatives: [AlternativeValue] = []) -> FieldValue
{
    FieldValue(value: value, confidence: confidence, alternatives: alternatives)
}

func card(
    name: String = "Ada Lovelace", company: String? = "Analytical Engines Ltd",
    email: String? = "ada@engines.example",
    phone: String? = "+442071234567", title: String? = "Chief Mathematician"
) -> CardFields {
    CardFields(
        name: field(name),
        title: title.map {
            field($0, 0.6, alternatives: [AlternativeValue(value: "Mathematician", confidence: 0.4)])
        },
        company: company.map { field($0) },
        phones: phone.map { [PhoneValue(value: $0, e164: $0, kind: .work, confidence: 0.9)] } ?? [],
        emails: email.map { [field($0)] } ?? [])
}

extension TemporaryFolder {
    /// Enqueues one file holding `bytes` with one card per `cards` entry; returns the outcome.
    @discardableResult
    func enqueue(
        _ store: any CardStoring, bytes: String = UUID().uuidString, name: String = "card.jpg",
        cards: [CardFields] = [card()], confidence: Double = 0.9
    ) throws -> EnqueueOutcome {
        let (file, hash) = try imageFile(name, bytes: bytes)
        let candidates = cards.enumerated().map { index, fields in
            NewCandidate(
                cardIndex: index, page: 0, bbox: PixelBox(x: 0, y: 0, width: 100, height: 60), fields: fields,
                ocrText: [fields.name?.value, fields.company?.value].compactMap { $0 }.joined(
                    separator: "\n"),
                confidence: confidence)
        }
        return try store.enqueue(
            NewScan(sourcePath: "cards/\(name)", contentHash: hash, sourceFile: file, candidates: candidates))
    }

    /// Enqueues one card and returns its candidate ID.
    func enqueueOne(
        _ store: any CardStoring, fields: CardFields = card(), confidence: Double = 0.9
    ) throws -> Int64 {
        guard case .queued(_, let ids) = try enqueue(store, cards: [fields], confidence: confidence),
            let id = ids.first
        else { throw StoreError.candidateNotFound(0) }
        return id
    }
}

extension AcceptOutcome {
    var contact: Contact? {
        if case .committed(let contact) = self { return contact }
        return nil
    }
}
