import CardModel
import Foundation
import GRDB
import Logging

/// Measures the two operations the issue bounds: listing the pending queue and checking one
/// candidate for duplicates against the contacts. `cardscan bench-store` prints the figures.
public enum StoreBenchmark {
    public struct Figures: Sendable, Codable {
        public var pendingCandidates: Int
        public var contacts: Int
        /// Median milliseconds to list every pending candidate.
        public var listPendingMilliseconds: Double
        /// Median milliseconds to check one candidate for duplicates (email, phone, name+company).
        public var duplicateCheckMilliseconds: Double
        /// Slowest duplicate check (a candidate at the largest company).
        public var duplicateCheckWorstMilliseconds: Double
        /// Median milliseconds for one accept (a committed transaction with synchronous=FULL).
        public var acceptMilliseconds: Double
    }

    /// Seeds a new store at `url` with `pending` candidates and `contacts` contacts, then times.
    public static func run(pending: Int, contacts: Int, at url: URL, repetitions: Int = 7) throws -> Figures {
        let store = try SQLiteCardStore(
            url: url, logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
        let companies = max(1, contacts / 10)
        try store.dbQueue.write { db in
            let now = Date()
            for i in 0..<contacts {
                // One large company (2% of everyone) keeps the name+company check honest.
                let company = i % 50 == 0 ? "Big Corporation" : "Company \(i % companies)"
                let fields = ContactFields(
                    name: "Person\(i) Surname\(i % 997)", title: "Title", company: company,
                    phones: [
                        ContactPhone(
                            value: "+1555\(String(format: "%07d", i))",
                            e164: "+1555\(String(format: "%07d", i))", kind: .work)
                    ],
                    emails: ["person\(i)@example\(i % 100).com"])
                _ = try store.insertContact(db, fields: fields, tags: [], actor: "bench", at: now)
            }
            try db.execute(
                sql: """
                    INSERT INTO scan (content_hash, source_path, image_file, status, created_at, updated_at)
                    VALUES (?, 'bench', NULL, 'queued', ?, ?)
                    """, arguments: [String(repeating: "0", count: 64), now, now])
            let scanID = db.lastInsertedRowID
            let statement = try db.makeStatement(
                sql: """
                    INSERT INTO candidate (scan_id, card_index, page, fields, ocr_text, confidence, name, company, email,
                        created_at, updated_at) VALUES (?, ?, 0, ?, ?, 0.8, ?, ?, ?, ?, ?)
                    """)
            for i in 0..<pending {
                let fields = CardFields(
                    name: FieldValue(value: "Candidate\(i) Surname\(i % 997)", confidence: 0.9),
                    company: FieldValue(
                        value: i % 10 == 0 ? "Big Corporation" : "Company \(i % companies)", confidence: 0.9),
                    phones: [
                        PhoneValue(
                            value: "+1666\(String(format: "%07d", i))",
                            e164: "+1666\(String(format: "%07d", i))", kind: .work, confidence: 0.9)
                    ],
                    emails: [FieldValue(value: "candidate\(i)@example.org", confidence: 0.9)])
                try statement.execute(arguments: [
                    scanID, i, try SQLiteCardStore.json(fields), "text", fields.name?.value,
                    fields.company?.value,
                    fields.emails.first?.value, now, now,
                ])
            }
        }
        return try measure(store, pending: pending, contacts: contacts, repetitions: repetitions)
    }

    /// Times listing, duplicate checks and accepts on a seeded store (either implementation).
    static func measure(_ store: any CardStoring, pending: Int, contacts: Int, repetitions: Int) throws -> Figures {
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        func time(_ body: () throws -> Void) rethrows -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
        }
        var listTimes: [Double] = []
        for _ in 0..<repetitions {
            var count = 0
            listTimes.append(try time { count = try store.candidates(status: [.pending], limit: nil).count })
            guard count == pending else {
                throw StoreError.invalidValue(
                    field: "benchmark", reason: "listed \(count) of \(pending) candidates")
            }
        }
        let ids = try store.candidates(status: [.pending], limit: repetitions * 2).map(\.id)
        var checkTimes: [Double] = []
        for id in ids { checkTimes.append(try time { _ = try store.possibleDuplicates(ofCandidate: id) }) }
        var acceptTimes: [Double] = []
        for id in ids.suffix(3) {
            acceptTimes.append(
                try time {
                    _ = try store.accept(
                        id, edits: [], tags: [], reviewer: "bench", expectedVersion: nil,
                        policy: ReviewPolicy(keepSeparate: true))
                })
        }
        return Figures(
            pendingCandidates: pending, contacts: contacts, listPendingMilliseconds: median(listTimes),
            duplicateCheckMilliseconds: median(checkTimes),
            duplicateCheckWorstMilliseconds: checkTimes.max() ?? 0,
            acceptMilliseconds: median(acceptTimes))
    }
}
