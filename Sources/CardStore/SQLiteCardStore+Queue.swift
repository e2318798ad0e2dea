import CardModel
import Foundation
import GRDB

extension SQLiteCardStore {
    // MARK: - Reading the queue

    public func candidates(status: [CandidateStatus], limit: Int?) throws(StoreError) -> [CandidateSummary] {
        try read("list candidates") { db in
            let placeholders = databaseQuestionMarks(count: max(1, status.count))
            var arguments = StatementArguments(status.map(\.rawValue))
            if status.isEmpty { arguments = ["-"] }
            var sql = """
                SELECT c.id, c.scan_id, c.status, c.confidence, c.name, c.company, c.email, s.source_path,
                    c.created_at, c.version
                FROM candidate c JOIN scan s ON s.id = c.scan_id
                WHERE c.status IN (\(placeholders)) ORDER BY c.id
                """
            if let limit {
                sql += " LIMIT ?"
                arguments += [limit]
            }
            let statement = try db.cachedStatement(sql: sql)
            let cursor = try Row.fetchCursor(statement, arguments: arguments)
            var result: [CandidateSummary] = []
            while let row = try cursor.next() {
                result.append(
                    CandidateSummary(
                        id: row[0], scanID: row[1], status: CandidateStatus(rawValue: row[2]) ?? .pending,
                        confidence: row[3], name: row[4], company: row[5], email: row[6], sourcePath: row[7],
                        createdAt: row[8], version: row[9]))
            }
            return result
        }
    }

    public func candidate(_ id: Int64) throws(StoreError) -> Candidate {
        try read("read a candidate") { db in try fetchCandidate(db, id) }
    }

    func fetchCandidate(_ db: Database, _ id: Int64) throws -> Candidate {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT c.*, s.source_path, s.content_hash, s.image_file, s.note AS scan_note,
                        s.event AS scan_event
                    FROM candidate c JOIN scan s ON s.id = c.scan_id WHERE c.id = ?
                    """, arguments: [id])
        else { throw StoreError.candidateNotFound(id) }
        let imageFile: String? = row["image_file"]
        return Candidate(
            id: row["id"], scanID: row["scan_id"], cardIndex: row["card_index"], page: row["page"],
            bbox: try Self.decode(PixelBox.self, row["bbox"]),
            fields: try Self.decode(CardFields.self, row["fields"]) ?? CardFields(),
            ocrText: row["ocr_text"], confidence: row["confidence"],
            status: CandidateStatus(rawValue: row["status"]) ?? .pending, version: row["version"],
            contactID: row["contact_id"], sourcePath: row["source_path"],
            contentHash: row["content_hash"] ?? "",
            imagePath: imageFile.map { imagesDirectory.appendingPathComponent($0).path },
            createdAt: row["created_at"], updatedAt: row["updated_at"], reviewedBy: row["reviewed_by"],
            reviewedAt: row["reviewed_at"], rejectReason: row["reject_reason"],
            firstReviewer: row["first_reviewer"],
            firstReviewFields: try Self.decode(ContactFields.self, row["first_review_fields"]),
            firstReviewTags: try Self.decode([Tag].self, row["first_review_tags"]), note: row["scan_note"],
            event: row["scan_event"])
    }

    public func possibleDuplicates(ofCandidate id: Int64) throws(StoreError) -> [DuplicateMatch] {
        try read("look for duplicates") { db in
            let candidate = try fetchCandidate(db, id)
            let fields = StoreRules.reviewedFields(candidate, edits: [], normalizer: normalizer)
            return try StoreRules.findDuplicates(Tx(store: self, db: db), of: fields, excluding: candidate.contactID)
        }
    }

    // MARK: - Policy

    /// The stored second-review threshold (shared by every reviewer of this store), if any.
    public func secondReviewThreshold() throws(StoreError) -> Double? {
        try read("read settings") { db in
            try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'second_review_below'")
                .flatMap(Double.init)
        }
    }

    /// Stores (or with nil removes) the second-review threshold for every reviewer of this store.
    public func setSecondReviewThreshold(_ value: Double?, actor: String) throws(StoreError) {
        if let value, !(0...1).contains(value) {
            throw .invalidValue(field: "second-review threshold", reason: "must be between 0 and 1")
        }
        try write("change settings") { db in
            let old = try String.fetchOne(
                db, sql: "SELECT value FROM setting WHERE key = 'second_review_below'")
            if let value {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO setting (key, value) VALUES ('second_review_below', ?)",
                    arguments: ["\(value)"])
            } else {
                try db.execute(sql: "DELETE FROM setting WHERE key = 'second_review_below'")
            }
            try appendAudit(
                db, actor: actor, action: "setting", entity: "store", entityID: 0, contactID: nil,
                old: old.map { "{\"second_review_below\":\($0)}" },
                new: value.map { "{\"second_review_below\":\($0)}" })
        }
    }
}

/// The values an audit row records for a candidate decision.
struct AuditValues: Encodable {
    var status: CandidateStatus
    var fields: ContactFields
    var contactID: Int64?

    enum CodingKeys: String, CodingKey {
        case status, fields
        case contactID = "contact_id"
    }
}
