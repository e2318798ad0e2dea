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

    /// After a versioned UPDATE of a candidate: exactly one row changed, or someone else won.
    func requireOneRow(_ db: Database, _ candidate: Candidate) throws {
        guard db.changesCount == 1 else {
            let current = (try? fetchCandidate(db, candidate.id).state) ?? candidate.state
            throw StoreError.candidateConflict(id: candidate.id, expectedVersion: candidate.version, current: current)
        }
    }

    /// Throws a conflict unless the candidate is open and (when given) at the expected version.
    func requireOpen(_ candidate: Candidate, expectedVersion: Int?) throws {
        try StoreRules.requireOpen(candidate, expectedVersion: expectedVersion)
    }

    /// The values a reviewer confirms: the first reviewer's values when there was one, else the extractor's.
    func reviewedFields(_ candidate: Candidate, edits: [FieldEdit]) -> ContactFields {
        var fields = candidate.firstReviewFields ?? ContactFields(candidate.fields)
        if candidate.firstReviewFields == nil {
            fields.note = candidate.note
            fields.event = candidate.event
        }
        return normalizer.apply(edits, to: fields)
    }

    public func possibleDuplicates(ofCandidate id: Int64) throws(StoreError) -> [DuplicateMatch] {
        try read("look for duplicates") { db in
            let candidate = try fetchCandidate(db, id)
            let fields = reviewedFields(candidate, edits: [])
            return try findDuplicates(db, of: fields, excluding: candidate.contactID)
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

    // MARK: - Decisions

    public func accept(
        _ id: Int64, edits: [FieldEdit], tags: [Tag], reviewer: String, expectedVersion: Int?,
        policy: ReviewPolicy
    ) throws(StoreError) -> AcceptOutcome {
        if let threshold = policy.secondReviewBelow, !(0...1).contains(threshold) {
            throw .invalidValue(field: "second-review threshold", reason: "must be between 0 and 1")
        }
        let outcome: AcceptOutcome = try write("accept a candidate") { db in
            let candidate = try fetchCandidate(db, id)
            try requireOpen(candidate, expectedVersion: expectedVersion)
            let stored = try String.fetchOne(
                db, sql: "SELECT value FROM setting WHERE key = 'second_review_below'"
            )
            .flatMap(Double.init)
            let threshold = [stored, policy.secondReviewBelow].compactMap { $0 }.max()
            let fields = reviewedFields(candidate, edits: edits)
            if !policy.keepSeparate {
                let duplicates = try findDuplicates(db, of: fields, excluding: nil)
                if !duplicates.isEmpty {
                    throw StoreError.possibleDuplicate(id: id, contactIDs: duplicates.map(\.contactID))
                }
            }
            let timestamp = now()
            let oldValues = try Self.json(
                AuditValues(
                    status: candidate.status,
                    fields: candidate.firstReviewFields ?? ContactFields(candidate.fields)))

            if candidate.status == .pending, let threshold, candidate.confidence < threshold {
                try db.execute(
                    sql: """
                        UPDATE candidate SET status = 'awaiting_second_review', first_reviewer = ?,
                            first_review_fields = ?, first_review_tags = ?, version = version + 1, claimed_by = NULL, claim_expires_at = NULL, updated_at = ?
                        WHERE id = ? AND version = ?
                        """,
                    arguments: [
                        reviewer, Self.json(fields), Self.json(tags), timestamp, id, candidate.version,
                    ])
                try requireOneRow(db, candidate)
                try appendAudit(
                    db, actor: reviewer, action: "first_review", entity: "candidate", entityID: id,
                    contactID: nil,
                    old: oldValues, new: Self.json(AuditValues(status: .awaitingSecondReview, fields: fields))
                )
                return .awaitingSecondReview(try fetchCandidate(db, id))
            }
            if candidate.status == .awaitingSecondReview, let first = candidate.firstReviewer,
                first == reviewer
            {
                throw StoreError.secondReviewerRequired(
                    id: id, firstReviewer: first, confidence: candidate.confidence, threshold: threshold ?? 1)
            }

            let allTags = Array(Set((candidate.firstReviewTags ?? []) + tags)).sorted()
            let contactID = try insertContact(
                db, fields: fields, tags: allTags, actor: reviewer, at: timestamp)
            if let pause = faults.pauseInsideAccept {
                _ = FileManager.default.createFile(
                    atPath: pause.signalFile.path, contents: Data("\(getpid())".utf8))
                Thread.sleep(forTimeInterval: pause.seconds)
            }
            try db.execute(
                sql: """
                    UPDATE candidate SET status = 'accepted', contact_id = ?, reviewed_by = ?, reviewed_at = ?,
                        first_reviewer = NULL, version = version + 1, claimed_by = NULL, claim_expires_at = NULL, updated_at = ?
                    WHERE id = ? AND version = ?
                    """,
                arguments: [contactID, reviewer, timestamp, timestamp, id, candidate.version])
            try requireOneRow(db, candidate)
            try appendAudit(
                db, actor: reviewer, action: "accept", entity: "candidate", entityID: id,
                contactID: contactID,
                old: oldValues,
                new: Self.json(AuditValues(status: .accepted, fields: fields, contactID: contactID)))
            return .committed(try fetchContact(db, contactID))
        }
        switch outcome {
        case .committed(let contact):
            logger.info(
                "candidate accepted", metadata: ["candidate.id": "\(id)", "contact.id": "\(contact.id)"])
        case .awaitingSecondReview:
            logger.info("candidate awaits a second review", metadata: ["candidate.id": "\(id)"])
        }
        return outcome
    }

    public func reject(
        _ id: Int64, reason: String?, reviewer: String, expectedVersion: Int?
    ) throws(StoreError) -> Candidate {
        let result = try write("reject a candidate") { db in
            let candidate = try fetchCandidate(db, id)
            try requireOpen(candidate, expectedVersion: expectedVersion)
            let timestamp = now()
            try db.execute(
                sql: """
                    UPDATE candidate SET status = 'rejected', reject_reason = ?, reviewed_by = ?, reviewed_at = ?,
                        first_reviewer = NULL, version = version + 1, claimed_by = NULL, claim_expires_at = NULL, updated_at = ?
                    WHERE id = ? AND version = ?
                    """,
                arguments: [reason, reviewer, timestamp, timestamp, id, candidate.version])
            try requireOneRow(db, candidate)
            try appendAudit(
                db, actor: reviewer, action: "reject", entity: "candidate", entityID: id, contactID: nil,
                old: Self.json(["status": candidate.status.rawValue]),
                new: Self.json(["status": CandidateStatus.rejected.rawValue, "reason": reason ?? ""]))
            return try fetchCandidate(db, id)
        }
        logger.info("candidate rejected", metadata: ["candidate.id": "\(id)"])
        return result
    }

    public func merge(
        _ id: Int64, into contactID: Int64, take: Set<String>, edits: [FieldEdit], reviewer: String,
        expectedVersion: Int?
    ) throws(StoreError) -> Contact {
        for field in take where Self.takeFields([field]).isEmpty {
            throw .unknownField(field)
        }
        let contact = try write("merge a candidate") { db in
            let candidate = try fetchCandidate(db, id)
            try requireOpen(candidate, expectedVersion: expectedVersion)
            // The first reviewer of a low-confidence card cannot finish it alone by merging.
            if candidate.status == .awaitingSecondReview, let first = candidate.firstReviewer,
                first == reviewer
            {
                let threshold = try String.fetchOne(
                    db, sql: "SELECT value FROM setting WHERE key = 'second_review_below'"
                ).flatMap(Double.init)
                throw StoreError.secondReviewerRequired(
                    id: id, firstReviewer: first, confidence: candidate.confidence, threshold: threshold ?? 1)
            }
            let existing = try fetchContact(db, contactID)
            let incoming = reviewedFields(candidate, edits: [])
            let merged = normalizer.apply(
                edits, to: normalizer.merge(existing.fields, incoming, take: Self.takeFields(take)))
            let timestamp = now()
            try updateContact(db, existing: existing, fields: merged, tags: existing.tags, at: timestamp)
            try appendAudit(
                db, actor: reviewer, action: "merge", entity: "contact", entityID: contactID,
                contactID: contactID,
                old: Self.json(existing.fields), new: Self.json(merged))
            try db.execute(
                sql: """
                    UPDATE candidate SET status = 'merged', contact_id = ?, reviewed_by = ?, reviewed_at = ?,
                        first_reviewer = NULL, version = version + 1, claimed_by = NULL, claim_expires_at = NULL, updated_at = ?
                    WHERE id = ? AND version = ?
                    """,
                arguments: [contactID, reviewer, timestamp, timestamp, id, candidate.version])
            try requireOneRow(db, candidate)
            try appendAudit(
                db, actor: reviewer, action: "merge", entity: "candidate", entityID: id, contactID: contactID,
                old: Self.json(AuditValues(status: candidate.status, fields: incoming)),
                new: Self.json(AuditValues(status: .merged, fields: merged, contactID: contactID)))
            return try fetchContact(db, contactID)
        }
        logger.info("candidate merged", metadata: ["candidate.id": "\(id)", "contact.id": "\(contactID)"])
        return contact
    }
}

extension SQLiteCardStore {
    /// The fields a merge's `take` names: single fields by name, `phones`, `emails` and
    /// `websites` (the contract's list names) or their `--set` names; empty for an unknown name.
    static func takeFields(_ names: Set<String>) -> Set<FieldName> {
        var fields: Set<FieldName> = []
        for name in names {
            switch name {
            case "phones": fields.formUnion([.phone, .work, .mobile, .fax])
            case "emails": fields.insert(.email)
            case "websites": fields.insert(.website)
            default: if let field = FieldName(rawValue: name) { fields.insert(field) }
            }
        }
        return fields
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
