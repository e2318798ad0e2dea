import CardModel
import Foundation
import GRDB
import Logging

extension SQLiteCardStore {
    /// The primitives of ``StoreTransaction`` on one GRDB write transaction (BEGIN IMMEDIATE: the
    /// write lock is held from the first read to the commit, so `lock` needs nothing more).
    struct Tx: StoreTransaction {
        let store: SQLiteCardStore
        let db: Database

        var normalizer: ContactNormalizer { store.normalizer }
        func now() -> Date { store.now() }

        func candidate(_ id: Int64, lock: Bool) throws -> Candidate { try store.fetchCandidate(db, id) }
        func contact(_ id: Int64, lock: Bool) throws -> Contact { try store.fetchContact(db, id) }

        func contactID(uid: String) throws -> Int64? {
            try Int64.fetchOne(db, sql: "SELECT id FROM contact WHERE uid = ?", arguments: [uid])
        }

        func storedThreshold() throws -> Double? {
            try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'second_review_below'")
                .flatMap(Double.init)
        }

        func duplicateReasons(of fields: ContactFields, excluding: Int64?) throws -> [Int64:
            [DuplicateReason]]
        {
            try store.duplicateReasons(db, of: fields, excluding: excluding)
        }

        func lockPersonKeys(_ fields: ContactFields) throws {}
        func lockContactsForImport() throws {}

        func insertContact(
            _ fields: ContactFields, tags: [Tag], actor: String, at timestamp: Date, uid: String,
            origin: ContactOrigin, auditDetails: [String: String]
        ) throws -> Int64 {
            try store.insertContact(
                db, fields: fields, tags: tags, actor: actor, at: timestamp, uid: uid, origin: origin,
                auditDetails: auditDetails)
        }

        func updateContact(_ existing: Contact, fields: ContactFields, tags: [Tag], at timestamp: Date) throws
        {
            try store.updateContact(db, existing: existing, fields: fields, tags: tags, at: timestamp)
        }

        func removeUndoneContact(_ id: Int64, undoneCandidate: Int64) throws {
            try db.execute(sql: "DELETE FROM contact WHERE id = ?", arguments: [id])
        }

        func setCandidate(_ candidate: Candidate, to change: CandidateChange, at timestamp: Date) throws
            -> Int
        {
            let assignments: String
            let arguments: StatementArguments
            switch change {
            case .firstReview(let reviewer, let fields, let tags):
                assignments =
                    "status = 'awaiting_second_review', first_reviewer = ?, first_review_fields = ?, first_review_tags = ?"
                arguments = [reviewer, try SQLiteCardStore.json(fields), try SQLiteCardStore.json(tags)]
            case .accepted(let contactID, let reviewer), .merged(let contactID, let reviewer):
                let status: CandidateStatus = if case .accepted = change { .accepted } else { .merged }
                assignments =
                    "status = ?, contact_id = ?, reviewed_by = ?, reviewed_at = ?, first_reviewer = NULL"
                arguments = [status.rawValue, contactID, reviewer, timestamp]
            case .rejected(let reason, let reviewer):
                assignments =
                    "status = 'rejected', reject_reason = ?, reviewed_by = ?, reviewed_at = ?, first_reviewer = NULL"
                arguments = [reason, reviewer, timestamp]
            case .reopened:
                assignments = Self.reopening(candidate.status)
                arguments = []
            }
            try db.execute(
                sql: """
                    UPDATE candidate SET \(assignments), version = version + 1, claimed_by = NULL,
                        claim_expires_at = NULL, updated_at = ?
                    WHERE id = ? AND version = ?
                    """,
                arguments: arguments + [timestamp, candidate.id, candidate.version])
            return db.changesCount
        }

        /// What undoing each decision resets (the same columns on both backends).
        static func reopening(_ status: CandidateStatus) -> String {
            switch status {
            case .accepted, .merged:
                "status = 'pending', contact_id = NULL, reviewed_by = NULL, reviewed_at = NULL"
            case .rejected:
                "status = 'pending', reject_reason = NULL, reviewed_by = NULL, reviewed_at = NULL"
            case .awaitingSecondReview:
                "status = 'pending', first_reviewer = NULL, first_review_fields = NULL, first_review_tags = NULL"
            case .pending:
                "status = 'pending'"
            }
        }

        func appendAudit(
            actor: String, action: String, entity: String, entityID: Int64, contactID: Int64?, old: String?,
            new: String?
        ) throws {
            try store.appendAudit(
                db, actor: actor, action: action, entity: entity, entityID: entityID, contactID: contactID,
                old: old,
                new: new)
        }

        func lastAudit(ofContact id: Int64) throws -> (action: String, entity: String, entityID: Int64)? {
            guard
                let row = try Row.fetchOne(
                    db,
                    sql:
                        "SELECT action, entity, entity_id FROM audit WHERE contact_id = ? ORDER BY id DESC LIMIT 1",
                    arguments: [id])
            else { return nil }
            let action: String = row["action"]
            let entity: String = row["entity"]
            let entityID: Int64 = row["entity_id"]
            return (action, entity, entityID)
        }

        func valuesBeforeMerge(ofContact id: Int64) throws -> String? {
            try String.fetchOne(
                db,
                sql: """
                    SELECT old_values FROM audit WHERE contact_id = ? AND entity = 'contact' AND action = 'merge'
                    ORDER BY id DESC LIMIT 1
                    """, arguments: [id])
        }

        func candidateCount(ofContact id: Int64) throws -> Int {
            try Int.fetchOne(db, sql: "SELECT count(*) FROM candidate WHERE contact_id = ?", arguments: [id])
                ?? 0
        }

        func contactPairsSharingKey() throws -> [(Int64, Int64)] {
            var pairs: [(Int64, Int64)] = []
            for (table, column) in [("contact_email", "email"), ("contact_phone", "e164")] {
                for row in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT a.contact_id, b.contact_id FROM \(table) a
                        JOIN \(table) b ON b.\(column) = a.\(column) AND b.contact_id > a.contact_id
                        """)
                {
                    pairs.append((row[0], row[1]))
                }
            }
            return pairs
        }

        func contactNameKeysWithCompany() throws -> [(id: Int64, nameKey: String, companyKey: String)] {
            try Row.fetchAll(db, sql: "SELECT id, name_key, company_key FROM contact WHERE company_key <> ''")
                .map {
                    ($0["id"], $0["name_key"], $0["company_key"])
                }
        }

        func unattachedCandidates(lock: Bool) throws -> [(
            id: Int64, fields: ContactFields?, confirmed: ContactFields?
        )] {
            try Row.fetchAll(
                db,
                sql:
                    "SELECT id, fields, first_review_fields FROM candidate WHERE contact_id IS NULL ORDER BY id"
            ).map {
                (
                    $0["id"],
                    try SQLiteCardStore.decode(CardFields.self, $0["fields"]).map(ContactFields.init),
                    try SQLiteCardStore.decode(ContactFields.self, $0["first_review_fields"])
                )
            }
        }

        func failureTexts() throws -> [(id: Int64, text: String)] {
            try Row.fetchAll(
                db,
                sql: "SELECT id, source_path, failure_reason FROM scan WHERE status = 'failed' ORDER BY id"
            ).map {
                ($0["id"], "\($0["source_path"] as String? ?? "")\n\($0["failure_reason"] as String? ?? "")")
            }
        }

        func contactsSharing(emails: [String], phones: [String]) throws -> Set<Int64> {
            var ids: Set<Int64> = []
            for email in emails {
                ids.formUnion(
                    try Int64.fetchAll(
                        db, sql: "SELECT contact_id FROM contact_email WHERE email = ?", arguments: [email]))
            }
            for phone in phones {
                ids.formUnion(
                    try Int64.fetchAll(
                        db, sql: "SELECT contact_id FROM contact_phone WHERE e164 = ?", arguments: [phone]))
            }
            return ids
        }

        func afterAcceptInsert() {
            if let pause = store.faults.pauseInsideAccept {
                _ = FileManager.default.createFile(
                    atPath: pause.signalFile.path, contents: Data("\(getpid())".utf8))
                Thread.sleep(forTimeInterval: pause.seconds)
            }
        }
    }
}

// MARK: - The workflows of StoreRules, in one IMMEDIATE transaction each

extension SQLiteCardStore {
    public func accept(
        _ id: Int64, edits: [FieldEdit], tags: [Tag], reviewer: String, expectedVersion: Int?,
        policy: ReviewPolicy
    ) throws(StoreError) -> AcceptOutcome {
        try StoreRules.checkPolicy(policy)
        let outcome = try write("accept a candidate") { db in
            try StoreRules.accept(
                Tx(store: self, db: db), id, edits: edits, tags: tags, reviewer: reviewer,
                expectedVersion: expectedVersion, policy: policy)
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

    public func reject(_ id: Int64, reason: String?, reviewer: String, expectedVersion: Int?)
        throws(StoreError)
        -> Candidate
    {
        let result = try write("reject a candidate") { db in
            try StoreRules.reject(
                Tx(store: self, db: db), id, reason: reason, reviewer: reviewer,
                expectedVersion: expectedVersion)
        }
        logger.info("candidate rejected", metadata: ["candidate.id": "\(id)"])
        return result
    }

    public func merge(
        _ id: Int64, into contactID: Int64, take: Set<String>, edits: [FieldEdit], reviewer: String,
        expectedVersion: Int?
    ) throws(StoreError) -> Contact {
        try StoreRules.checkTakeFields(take)
        let contact = try write("merge a candidate") { db in
            try StoreRules.merge(
                Tx(store: self, db: db), id, into: contactID, take: take, edits: edits, reviewer: reviewer,
                expectedVersion: expectedVersion)
        }
        logger.info("candidate merged", metadata: ["candidate.id": "\(id)", "contact.id": "\(contactID)"])
        return contact
    }

    public func undoDecision(_ id: Int64, reviewer: String, expectedVersion: Int) throws(StoreError)
        -> Candidate
    {
        let candidate = try write("undo a decision") { db in
            try StoreRules.undo(
                Tx(store: self, db: db), id, reviewer: reviewer, expectedVersion: expectedVersion)
        }
        logger.info("decision undone", metadata: ["candidate.id": "\(id)"])
        return candidate
    }

    public func editContact(
        _ id: Int64, edits: [FieldEdit], addTags: [Tag], removeTags: [Tag], actor: String,
        expectedVersion: Int?
    ) throws(StoreError) -> Contact {
        let contact = try write("edit a contact") { db in
            try StoreRules.edit(
                Tx(store: self, db: db), id, edits: edits, addTags: addTags, removeTags: removeTags,
                actor: actor,
                expectedVersion: expectedVersion)
        }
        logger.info("contact edited", metadata: ["contact.id": "\(id)"])
        return contact
    }

    public func importContacts(_ contacts: [ImportedContact], source: String, actor: String)
        throws(StoreError)
        -> ImportReport
    {
        let report = try write("import contacts") { db in
            try StoreRules.importContacts(Tx(store: self, db: db), contacts, source: source, actor: actor)
        }
        logImport(report, logger: logger)
        return report
    }
}

/// The info line of an import: the file name and counts, no values.
func logImport(_ report: ImportReport, logger: Logger) {
    logger.info(
        "contacts imported",
        metadata: [
            "import.file": "\(report.source)", "import.created": "\(report.created.count)",
            "import.updated": "\(report.updated.count)", "import.unchanged": "\(report.unchanged.count)",
        ])
}
