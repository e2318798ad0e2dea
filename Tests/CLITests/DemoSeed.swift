import CardModel
import CardStore
import Foundation
import Testing

/// Not a check: fills `$CARDSCAN_SEED_DB` with a few cards for trying `review` by hand and for
/// the example session in docs/review.md. Skipped unless the variable is set.
@Test(
    "Seeds a demo store when CARDSCAN_SEED_DB is set",
    .enabled(if: ProcessInfo.processInfo.environment["CARDSCAN_SEED_DB"] != nil))
func seedDemoStore() throws {
    let path = try #require(ProcessInfo.processInfo.environment["CARDSCAN_SEED_DB"])
    let folder = try StoreFolder()
    let store = try SQLiteCardStore(url: URL(fileURLWithPath: path), logger: .init(label: "seed"))
    func enqueue(
        _ name: String, company: String?, email: String?, phone: String?, alt: String? = nil,
        confidence: Double
    ) throws -> Int64 {
        let file = folder.url.appendingPathComponent("\(name.replacingOccurrences(of: " ", with: "_")).jpg")
        try Data("demo \(name)".utf8).write(to: file)
        let fields = CardFields(
            name: FieldValue(value: name, confidence: 0.93),
            title: alt.map {
                FieldValue(
                    value: "Enginer", confidence: 0.52,
                    alternatives: [AlternativeValue(value: $0, confidence: 0.41)],
                    evidence: "line under the name")
            },
            company: company.map { FieldValue(value: $0, confidence: 0.88) },
            phones: phone.map {
                [
                    PhoneValue(
                        value: $0, e164: $0.filter { $0 == "+" || $0.isNumber }, kind: .work, confidence: 0.9)
                ]
            } ?? [],
            emails: email.map { [FieldValue(value: $0, confidence: 0.97)] } ?? [])
        guard
            case .queued(_, let ids) = try store.enqueue(
                NewScan(
                    sourcePath: "samples/\(file.lastPathComponent)",
                    contentHash: try ContentHash.sha256(of: file), sourceFile: file,
                    candidates: [
                        NewCandidate(cardIndex: 0, fields: fields, ocrText: name, confidence: confidence)
                    ]))
        else { return 0 }
        return ids[0]
    }
    let grace = try enqueue(
        "Grace Hopper", company: "Navy Labs", email: "grace@navylabs.example", phone: "+1 202 555 0100",
        confidence: 0.95)
    _ = try store.accept(
        grace, edits: [], tags: [], reviewer: "setup", expectedVersion: nil, policy: ReviewPolicy())
    _ = try enqueue(
        "Ada Lovelace", company: "Analytical Engines Ltd", email: "ada@engines.example",
        phone: "+44 20 7946 0018", alt: "Engineer", confidence: 0.74)
    _ = try enqueue(
        "G. Hopper", company: "Navy Labs Inc.", email: "grace@navylabs.example", phone: nil, confidence: 0.9)
    _ = try enqueue("Blurry Card", company: nil, email: nil, phone: nil, confidence: 0.2)
}
