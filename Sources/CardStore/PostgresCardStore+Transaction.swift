import CardModel
import Foundation
import PostgresNIO

extension PostgresCardStore {
    /// The primitives of ``StoreTransaction`` on one READ COMMITTED transaction: `lock` takes
    /// row locks (`FOR UPDATE`), and every versioned UPDATE reports its row count.
    struct Tx: StoreTransaction {
        let store: PostgresCardStore
        let tx: Transaction

        var normalizer: ContactNormalizer { store.normalizer }
        func now() -> Date { store.now() }

        func candidate(_ id: Int64, lock: Bool) throws -> Candidate {
            try store.fetchCandidate(tx, id, lock: lock)
        }
        func contact(_ id: Int64, lock: Bool) throws -> Contact { try store.fetchContact(tx, id, lock: lock) }

        func contactID(uid: String) throws -> Int64? {
            try tx.value(Int64.self, "SELECT id FROM contact WHERE uid = \(uid)")
        }

        func storedThreshold() throws -> Double? { try store.readThreshold(tx) }

        func duplicateReasons(of fields: ContactFields, excluding: Int64?) throws -> [Int64:
            [DuplicateReason]]
        {
            try store.duplicateReasons(tx, of: fields, excluding: excluding)
        }

        /// ROW EXCLUSIVE on `contact` (what the INSERT takes anyway) first, so an import in flight
        /// is waited for before the duplicate check, not after it; then transaction-scoped
        /// advisory locks on the person keys (e-mails, phones, company), in a fixed order: two
        /// accepts of the same person serialise, and the second sees the first's contact (READ
        /// COMMITTED alone would let both pass the check).
        func lockPersonKeys(_ fields: ContactFields) throws {
            try tx.execute("LOCK TABLE contact IN ROW EXCLUSIVE MODE")
            var keys = Set(fields.emails.map { "email:" + ContactNormalizer.emailKey($0) })
            keys.formUnion(fields.phones.compactMap(\.e164).map { "phone:" + $0 })
            let company = ContactNormalizer.companyKey(fields.company)
            if !company.isEmpty { keys.insert("company:" + company) }
            for key in keys.sorted() {
                try tx.execute("SELECT pg_advisory_xact_lock(hashtextextended(\(key), 0))")
            }
        }

        /// SHARE ROW EXCLUSIVE on `contact`: conflicts with every writer's ROW EXCLUSIVE and with
        /// itself, so an import waits for accepts, merges and edits in flight, they wait for it,
        /// and two imports run one after the other; readers are not blocked. One table lock
        /// rather than an advisory lock per key of a file of thousands of contacts.
        func lockContactsForImport() throws {
            try tx.execute("LOCK TABLE contact IN SHARE ROW EXCLUSIVE MODE")
        }

        func insertContact(
            _ fields: ContactFields, tags: [Tag], actor: String, at timestamp: Date, uid: String,
            origin: ContactOrigin, auditDetails: [String: String]
        ) throws -> Int64 {
            try store.insertContact(
                tx, fields: fields, tags: tags, actor: actor, at: timestamp, uid: uid, origin: origin,
                auditDetails: auditDetails)
        }

        func updateContact(_ existing: Contact, fields: ContactFields, tags: [Tag], at timestamp: Date) throws
        {
            try store.updateContact(tx, existing: existing, fields: fields, tags: tags, at: timestamp)
        }

        /// Reviewers may not delete contacts: `cardscan_undo_accept` (migration pg v4) deletes
        /// this one as its owner after checking it exists only because of the undone accept.
        func removeUndoneContact(_ id: Int64, undoneCandidate: Int64) throws {
            try tx.execute("SELECT cardscan_undo_accept(\(id), \(undoneCandidate))")
        }

        func setCandidate(_ candidate: Candidate, to change: CandidateChange, at timestamp: Date) throws
            -> Int
        {
            let id = candidate.id
            let version = candidate.version
            switch change {
            case .firstReview(let reviewer, let fields, let tags):
                return try tx.execute(
                    """
                    UPDATE candidate SET status = 'awaiting_second_review', first_reviewer = \(reviewer),
                        first_review_fields = \(try SQLiteCardStore.json(fields)),
                        first_review_tags = \(try SQLiteCardStore.json(tags)), version = version + 1,
                        claimed_by = NULL, claim_expires_at = NULL, updated_at = \(timestamp)
                    WHERE id = \(id) AND version = \(version)
                    """)
            case .accepted(let contactID, let reviewer), .merged(let contactID, let reviewer):
                let status: CandidateStatus = if case .accepted = change { .accepted } else { .merged }
                return try tx.execute(
                    """
                    UPDATE candidate SET status = \(status.rawValue), contact_id = \(contactID),
                        reviewed_by = \(reviewer), reviewed_at = \(timestamp), first_reviewer = NULL,
                        version = version + 1, claimed_by = NULL, claim_expires_at = NULL, updated_at = \(timestamp)
                    WHERE id = \(id) AND version = \(version)
                    """)
            case .rejected(let reason, let reviewer):
                return try tx.execute(
                    """
                    UPDATE candidate SET status = 'rejected', reject_reason = \(reason), reviewed_by = \(reviewer),
                        reviewed_at = \(timestamp), first_reviewer = NULL, version = version + 1,
                        claimed_by = NULL, claim_expires_at = NULL, updated_at = \(timestamp)
                    WHERE id = \(id) AND version = \(version)
                    """)
            case .reopened:
                return try tx.execute(
                    """
                    UPDATE candidate SET \(unescaped: SQLiteCardStore.Tx.reopening(candidate.status)),
                        version = version + 1, claimed_by = NULL, claim_expires_at = NULL, updated_at = \(timestamp)
                    WHERE id = \(id) AND version = \(version)
                    """)
            }
        }

        func appendAudit(
            actor: String, action: String, entity: String, entityID: Int64, contactID: Int64?, old: String?,
            new: String?
        ) throws {
            try store.appendAudit(
                tx, actor: actor, action: action, entity: entity, entityID: entityID, contactID: contactID,
                old: old,
                new: new)
        }

        func lastAudit(ofContact id: Int64) throws -> (action: String, entity: String, entityID: Int64)? {
            guard
                let row = try tx.row(
                    "SELECT action, entity, entity_id FROM audit WHERE contact_id = \(id) ORDER BY id DESC LIMIT 1"
                )
            else { return nil }
            return (
                try row.get("action", String.self), try row.get("entity", String.self),
                try row.get("entity_id", Int64.self)
            )
        }

        func valuesBeforeMerge(ofContact id: Int64) throws -> String? {
            try tx.value(
                String.self,
                """
                SELECT old_values FROM audit WHERE contact_id = \(id) AND entity = 'contact' AND action = 'merge'
                ORDER BY id DESC LIMIT 1
                """)
        }

        func candidateCount(ofContact id: Int64) throws -> Int {
            try tx.value(Int.self, "SELECT count(*)::integer FROM candidate WHERE contact_id = \(id)") ?? 0
        }

        func afterAcceptInsert() {}

        func contactPairsSharingKey() throws -> [(Int64, Int64)] {
            var pairs: [(Int64, Int64)] = []
            for (table, column) in [("contact_email", "email"), ("contact_phone", "e164")] {
                for row in try tx.rows(
                    """
                    SELECT a.contact_id, b.contact_id FROM \(unescaped: table) a
                    JOIN \(unescaped: table) b ON b.\(unescaped: column) = a.\(unescaped: column)
                        AND b.contact_id > a.contact_id
                    """)
                {
                    pairs.append((try row[0].decode(Int64.self), try row[1].decode(Int64.self)))
                }
            }
            return pairs
        }

        func contactNameKeysWithCompany() throws -> [(id: Int64, nameKey: String, companyKey: String)] {
            try tx.rows("SELECT id, name_key, company_key FROM contact WHERE company_key <> ''").map {
                (
                    try $0.get("id", Int64.self), try $0.get("name_key", String.self),
                    try $0.get("company_key", String.self)
                )
            }
        }

        func unattachedCandidates(lock: Bool) throws -> [(
            id: Int64, fields: ContactFields?, confirmed: ContactFields?
        )] {
            try tx.rows(
                """
                SELECT id, fields, first_review_fields FROM candidate WHERE contact_id IS NULL ORDER BY id
                \(unescaped: lock ? "FOR UPDATE" : "")
                """
            ).map {
                (
                    try $0.get("id", Int64.self),
                    try SQLiteCardStore.decode(CardFields.self, try $0.get("fields", String.self)).map(
                        ContactFields.init),
                    try SQLiteCardStore.decode(
                        ContactFields.self, try $0.get("first_review_fields", String?.self))
                )
            }
        }

        func failureTexts() throws -> [(id: Int64, text: String)] {
            try tx.rows(
                "SELECT id, source_path, failure_reason FROM scan WHERE status = 'failed' ORDER BY id"
            ).map {
                (
                    try $0.get("id", Int64.self),
                    "\(try $0.get("source_path", String.self))\n\(try $0.get("failure_reason", String?.self) ?? "")"
                )
            }
        }

        func contactsSharing(emails: [String], phones: [String]) throws -> Set<Int64> {
            var ids = Set(
                try tx.column(Int64.self, "SELECT contact_id FROM contact_email WHERE email = ANY(\(emails))")
            )
            ids.formUnion(
                try tx.column(Int64.self, "SELECT contact_id FROM contact_phone WHERE e164 = ANY(\(phones))"))
            return ids
        }
    }
}

// MARK: - The workflows of StoreRules, one transaction each

extension PostgresCardStore {
    public func accept(
        _ id: Int64, edits: [FieldEdit], tags: [Tag], reviewer: String, expectedVersion: Int?,
        policy: ReviewPolicy
    ) throws(StoreError) -> AcceptOutcome {
        try StoreRules.checkPolicy(policy)
        let outcome = try transaction("accept a candidate", role: .reviewer) { tx in
            try StoreRules.accept(
                Tx(store: self, tx: tx), id, edits: edits, tags: tags, reviewer: reviewer,
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
        let result = try transaction("reject a candidate", role: .reviewer) { tx in
            try StoreRules.reject(
                Tx(store: self, tx: tx), id, reason: reason, reviewer: reviewer,
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
        let contact = try transaction("merge a candidate", role: .reviewer) { tx in
            try StoreRules.merge(
                Tx(store: self, tx: tx), id, into: contactID, take: take, edits: edits, reviewer: reviewer,
                expectedVersion: expectedVersion)
        }
        logger.info("candidate merged", metadata: ["candidate.id": "\(id)", "contact.id": "\(contactID)"])
        return contact
    }

    public func undoDecision(_ id: Int64, reviewer: String, expectedVersion: Int) throws(StoreError)
        -> Candidate
    {
        let candidate = try transaction("undo a decision", role: .reviewer) { tx in
            try StoreRules.undo(
                Tx(store: self, tx: tx), id, reviewer: reviewer, expectedVersion: expectedVersion)
        }
        logger.info("decision undone", metadata: ["candidate.id": "\(id)"])
        return candidate
    }

    public func editContact(
        _ id: Int64, edits: [FieldEdit], addTags: [Tag], removeTags: [Tag], actor: String,
        expectedVersion: Int?
    ) throws(StoreError) -> Contact {
        let contact = try transaction("edit a contact", role: .reviewer) { tx in
            try StoreRules.edit(
                Tx(store: self, tx: tx), id, edits: edits, addTags: addTags, removeTags: removeTags,
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
        let report = try transaction("import contacts", role: .reviewer) { tx in
            try StoreRules.importContacts(Tx(store: self, tx: tx), contacts, source: source, actor: actor)
        }
        logImport(report, logger: logger)
        return report
    }
}

// MARK: - CardDAV push records

extension PostgresCardStore {
    public func cardDAVRecords(server: String) throws(StoreError) -> [CardDAVRecord] {
        try read("read CardDAV push records") { tx in
            try tx.rows("SELECT * FROM carddav_push WHERE server = \(server) ORDER BY uid").map {
                CardDAVRecord(
                    server: try $0.get("server"), uid: try $0.get("uid"), href: try $0.get("href"),
                    etag: try $0.get("etag"), contentHash: try $0.get("content_hash"),
                    pushedAt: try $0.get("pushed_at"))
            }
        }
    }

    public func saveCardDAVRecord(_ record: CardDAVRecord) throws(StoreError) {
        try transaction("record a CardDAV push", role: .reviewer) { tx in
            try tx.execute(
                """
                INSERT INTO carddav_push (server, uid, href, etag, content_hash, pushed_at)
                VALUES (\(record.server), \(record.uid), \(record.href), \(record.etag), \(record.contentHash),
                    \(record.pushedAt))
                ON CONFLICT (server, uid) DO UPDATE SET href = EXCLUDED.href, etag = EXCLUDED.etag,
                    content_hash = EXCLUDED.content_hash, pushed_at = EXCLUDED.pushed_at
                """)
        }
    }

    public func removeCardDAVRecord(server: String, uid: String) throws(StoreError) {
        try transaction("forget a CardDAV push", role: .reviewer) { tx in
            try tx.execute("DELETE FROM carddav_push WHERE server = \(server) AND uid = \(uid)")
        }
    }
}
