import CardModel
import Foundation
import PostgresNIO

extension PostgresCardStore {
    // MARK: - Writing contacts

    func insertContact(
        _ tx: Transaction, fields: ContactFields, tags: [Tag], actor: String, at timestamp: Date,
        uid: String = Contact.newUID(), origin: ContactOrigin = .scanned, auditDetails: [String: String] = [:]
    ) throws -> Int64 {
        let fields = normalizer.normalized(fields)
        guard
            let id = try tx.value(
                Int64.self,
                """
                INSERT INTO contact (name, title, department, company, address, phones, emails, websites,
                    name_key, company_key, search_text, created_at, updated_at,
                    uid, name_parts, address_parts, note, event, origin)
                VALUES (\(fields.name), \(fields.title), \(fields.department), \(fields.company), \(fields.address),
                    \(try SQLiteCardStore.json(fields.phones)), \(try SQLiteCardStore.json(fields.emails)),
                    \(try SQLiteCardStore.json(fields.websites)), \(ContactNormalizer.nameKey(fields.name)),
                    \(ContactNormalizer.companyKey(fields.company)), \(Normalize.searchText(fields, tags: tags)),
                    \(timestamp), \(timestamp), \(uid), \(try fields.nameParts.map(SQLiteCardStore.json)),
                    \(try fields.addressParts.map(SQLiteCardStore.json)), \(fields.note), \(fields.event),
                    \(origin.rawValue))
                RETURNING id
                """)
        else { throw StoreError.database(operation: "create a contact", reason: "no id returned") }
        try writeIndexes(tx, contactID: id, fields: fields, tags: tags)
        try appendAudit(
            tx, actor: actor, action: "create", entity: "contact", entityID: id, contactID: id, old: nil,
            new: SQLiteCardStore.json(ContactAuditValues(fields: fields, tags: tags, origin: origin, details: auditDetails)))
        return id
    }

    /// Rewrites a contact's values and bumps its version, checking that the row at the read
    /// version is the one changed (the caller writes the audit row).
    func updateContact(_ tx: Transaction, existing: Contact, fields: ContactFields, tags: [Tag], at timestamp: Date)
        throws
    {
        let fields = normalizer.normalized(fields)
        let changed = try tx.execute(
            """
            UPDATE contact SET name = \(fields.name), title = \(fields.title), department = \(fields.department),
                company = \(fields.company), address = \(fields.address),
                phones = \(try SQLiteCardStore.json(fields.phones)), emails = \(try SQLiteCardStore.json(fields.emails)),
                websites = \(try SQLiteCardStore.json(fields.websites)), name_key = \(ContactNormalizer.nameKey(fields.name)),
                company_key = \(ContactNormalizer.companyKey(fields.company)),
                search_text = \(Normalize.searchText(fields, tags: tags)),
                name_parts = \(try fields.nameParts.map(SQLiteCardStore.json)),
                address_parts = \(try fields.addressParts.map(SQLiteCardStore.json)), note = \(fields.note),
                event = \(fields.event), version = version + 1, updated_at = \(timestamp)
            WHERE id = \(existing.id) AND version = \(existing.version)
            """)
        guard changed == 1 else {
            let current = try tx.value(Int.self, "SELECT version FROM contact WHERE id = \(existing.id)")
            throw StoreError.contactConflict(
                id: existing.id, expectedVersion: existing.version, currentVersion: current ?? 0)
        }
        try tx.execute("DELETE FROM contact_email WHERE contact_id = \(existing.id)")
        try tx.execute("DELETE FROM contact_phone WHERE contact_id = \(existing.id)")
        try tx.execute("DELETE FROM contact_tag WHERE contact_id = \(existing.id)")
        try writeIndexes(tx, contactID: existing.id, fields: fields, tags: tags)
    }

    private func writeIndexes(_ tx: Transaction, contactID: Int64, fields: ContactFields, tags: [Tag]) throws {
        for email in Set(fields.emails.map(ContactNormalizer.emailKey)) where !email.isEmpty {
            try tx.execute("INSERT INTO contact_email (email, contact_id) VALUES (\(email), \(contactID))")
        }
        for e164 in Set(fields.phones.compactMap(\.e164)) {
            try tx.execute("INSERT INTO contact_phone (e164, contact_id) VALUES (\(e164), \(contactID))")
        }
        for tag in Set(tags) {
            try tx.execute(
                "INSERT INTO contact_tag (contact_id, key, value) VALUES (\(contactID), \(tag.key), \(tag.value))")
        }
    }

    // MARK: - Reading contacts

    func fetchContact(_ tx: Transaction, _ id: Int64, lock: Bool = false) throws -> Contact {
        guard let row = try tx.row("SELECT * FROM contact WHERE id = \(id) \(unescaped: lock ? "FOR UPDATE" : "")")
        else { throw StoreError.contactNotFound(id) }
        let tags = try tx.rows("SELECT key, value FROM contact_tag WHERE contact_id = \(id) ORDER BY key, value")
            .map { Tag(key: try $0.get("key"), value: try $0.get("value")) }
        let candidates = try tx.column(Int64.self, "SELECT id FROM candidate WHERE contact_id = \(id) ORDER BY id")
        return try contact(from: row, tags: tags, candidateIDs: candidates)
    }

    func contact(from row: PostgresRandomAccessRow, tags: [Tag], candidateIDs: [Int64]) throws -> Contact {
        let fields = ContactFields(
            name: try row.get("name"), title: try row.get("title"), department: try row.get("department"),
            company: try row.get("company"), address: try row.get("address"),
            phones: try SQLiteCardStore.decode([ContactPhone].self, try row.get("phones", String.self)) ?? [],
            emails: try SQLiteCardStore.decode([String].self, try row.get("emails", String.self)) ?? [],
            websites: try SQLiteCardStore.decode([String].self, try row.get("websites", String.self)) ?? [],
            nameParts: try SQLiteCardStore.decode(PersonName.self, try row.get("name_parts", String?.self)),
            addressParts: try SQLiteCardStore.decode(PostalAddress.self, try row.get("address_parts", String?.self)),
            note: try row.get("note"), event: try row.get("event"))
        return Contact(
            id: try row.get("id"), fields: fields, tags: tags, version: try row.get("version"),
            createdAt: try row.get("created_at"), updatedAt: try row.get("updated_at"), candidateIDs: candidateIDs,
            uid: try row.get("uid"), origin: ContactOrigin(rawValue: try row.get("origin")) ?? .scanned)
    }

    public func contact(_ id: Int64) throws(StoreError) -> Contact {
        try read("read a contact") { tx in try fetchContact(tx, id) }
    }

    public func contacts(search: String?) throws(StoreError) -> [ContactListing] {
        try read("list contacts") { tx in
            var tagsByContact: [Int64: [Tag]] = [:]
            for row in try tx.rows("SELECT contact_id, key, value FROM contact_tag ORDER BY key, value") {
                tagsByContact[try row.get("contact_id"), default: []].append(
                    Tag(key: try row.get("key"), value: try row.get("value")))
            }
            var candidatesByContact: [Int64: [Int64]] = [:]
            for row in try tx.rows("SELECT contact_id, id FROM candidate WHERE contact_id IS NOT NULL ORDER BY id") {
                candidatesByContact[try row.get("contact_id"), default: []].append(try row.get("id"))
            }
            let duplicates = try StoreRules.duplicatePairs(Tx(store: self, tx: tx))
            let rows: [PostgresRandomAccessRow]
            if let search, !search.isEmpty {
                rows = try tx.rows(
                    "SELECT * FROM contact WHERE strpos(search_text, \(Normalize.searchQuery(search))) > 0 ORDER BY id")
            } else {
                rows = try tx.rows("SELECT * FROM contact ORDER BY id")
            }
            return try rows.map { row in
                let id: Int64 = try row.get("id")
                let contact = try contact(
                    from: row, tags: tagsByContact[id] ?? [], candidateIDs: candidatesByContact[id] ?? [])
                return ContactListing(contact: contact, possibleDuplicates: (duplicates[id] ?? []).sorted())
            }
        }
    }

    /// The contacts that may be the same person as `fields`, with the reasons (index lookups on
    /// email, phone, company key).
    func duplicateReasons(_ tx: Transaction, of fields: ContactFields, excluding: Int64?) throws
        -> [Int64: [DuplicateReason]]
    {
        var reasons: [Int64: [DuplicateReason]] = [:]
        let emails = Array(Set(fields.emails.map(ContactNormalizer.emailKey).filter { !$0.isEmpty }))
        if !emails.isEmpty {
            for id in try tx.column(
                Int64.self, "SELECT DISTINCT contact_id FROM contact_email WHERE email = ANY(\(emails))")
            {
                reasons[id, default: []].append(.sameEmail)
            }
        }
        let phones = Array(Set(fields.phones.compactMap(\.e164)))
        if !phones.isEmpty {
            for id in try tx.column(
                Int64.self, "SELECT DISTINCT contact_id FROM contact_phone WHERE e164 = ANY(\(phones))")
            {
                reasons[id, default: []].append(.samePhone)
            }
        }
        let companyKey = ContactNormalizer.companyKey(fields.company)
        let nameKey = ContactNormalizer.nameKey(fields.name)
        if !companyKey.isEmpty, !nameKey.isEmpty {
            for row in try tx.rows(
                "SELECT id, name_key FROM contact WHERE company_key = \(companyKey) AND company_key <> ''")
            where ContactNormalizer.namesAreClose(nameKey, try row.get("name_key")) {
                reasons[try row.get("id"), default: []].append(.similarNameAndCompany)
            }
        }
        if let excluding { reasons[excluding] = nil }
        return reasons
    }

    // MARK: - Erasure

    public func personRecords(ofContact id: Int64, alsoCandidates: [Int64]) throws(StoreError) -> PersonRecords {
        try read("collect a person's records") { tx in
            let person = try StoreRules.collectPerson(Tx(store: self, tx: tx), id, alsoCandidates: alsoCandidates, lock: false)
            let candidates = try person.candidateIDs.map { try fetchCandidate(tx, $0) }
            let scanIDs = Array(Set(candidates.map(\.scanID))) + person.failureIDs
            let failures = try tx.rows(
                """
                SELECT id, source_path, content_hash, failure_reason, updated_at FROM scan
                WHERE id = ANY(\(person.failureIDs)) ORDER BY id
                """
            ).map {
                ScanFailure(
                    scanID: try $0.get("id"), sourcePath: try $0.get("source_path"),
                    contentHash: try $0.get("content_hash"), reason: try $0.get("failure_reason"),
                    updatedAt: try $0.get("updated_at"))
            }
            let audit = try tx.rows(
                """
                SELECT * FROM audit WHERE contact_id = \(id) OR (entity = 'contact' AND entity_id = \(id))
                    OR (entity = 'candidate' AND entity_id = ANY(\(person.candidateIDs)))
                    OR (entity = 'scan' AND entity_id = ANY(\(scanIDs)))
                ORDER BY id
                """
            ).map(Self.auditEntry)
            let pushedTo = try tx.rows(
                "SELECT * FROM carddav_push WHERE uid = \(person.contact.uid) ORDER BY server, href"
            ).map {
                CardDAVRecord(
                    server: try $0.get("server"), uid: try $0.get("uid"), href: try $0.get("href"),
                    etag: try $0.get("etag"), contentHash: try $0.get("content_hash"),
                    pushedAt: try $0.get("pushed_at"))
            }
            return PersonRecords(
                contact: person.contact, candidates: candidates, failures: failures, audit: audit,
                otherContactsSharing: person.others, pushedTo: pushedTo)
        }
    }

    /// What a database server cannot take back by deleting rows.
    static let serverCaveat =
        "PostgreSQL keeps the erased values in its write-ahead log until the segments are recycled, "
        + "and in WAL archives, streaming replicas' logs and backups until those age out: the server "
        + "cannot erase them; delete or expire them by your backup policy"

    /// Erases the person: rows, images (in the database), OCR text, failure records; redacts the
    /// audit. A VACUUM of the touched tables right after the commit clears the dead row versions.
    public func eraseContact(_ id: Int64, actor: String, alsoCandidates: [Int64]) throws(StoreError) -> ErasureReport {
        let erasedReport = try transaction("erase a contact", role: .admin) { tx in
            let person = try StoreRules.collectPerson(Tx(store: self, tx: tx), id, alsoCandidates: alsoCandidates, lock: true)
            let candidateIDs = person.candidateIDs
            let scanIDs = try tx.column(
                Int64.self, "SELECT DISTINCT scan_id FROM candidate WHERE id = ANY(\(candidateIDs)) ORDER BY scan_id")
            let (erased, hashes) = try eraseRows(tx, candidateIDs: candidateIDs, scanIDs: scanIDs)
            try tx.execute("DELETE FROM scan WHERE id = ANY(\(person.failureIDs)) AND status = 'failed'")
            try tx.execute("DELETE FROM contact WHERE id = \(id)")
            let redacted = try tx.execute(
                """
                UPDATE audit SET old_values = NULL, new_values = NULL, redacted = true
                WHERE NOT redacted AND (contact_id = \(id) OR (entity = 'contact' AND entity_id = \(id))
                    OR (entity = 'candidate' AND entity_id = ANY(\(candidateIDs)))
                    OR (entity = 'scan' AND entity_id = ANY(\(scanIDs + person.failureIDs))))
                """)
            try appendAudit(
                tx, actor: actor, action: "erase", entity: "contact", entityID: id, contactID: id, old: nil,
                new: SQLiteCardStore.json([
                    "candidates": candidateIDs.count, "scans": scanIDs.count, "failures": person.failureIDs.count,
                    "audit_rows_redacted": redacted,
                ]))
            return (
                ErasureReport(
                    contactID: id, candidateIDs: candidateIDs, scanIDs: scanIDs, imagesRemoved: erased,
                    auditRowsRedacted: redacted, failureIDs: person.failureIDs, otherContactsSharing: person.others,
                    remainingTraces: Self.serverCaveat), hashes
            )
        }
        removeCachedImages(erasedReport.1)
        let report = erasedReport.0
        vacuumErasedRows()
        logger.info(
            "contact erased", metadata: ["contact.id": "\(id)", "erase.candidates": "\(report.candidateIDs.count)"])
        return report
    }

    /// Deletes candidates and the scans left without candidates, and the images of every scan
    /// touched (a sheet with other people's cards keeps its scan row without image or file name).
    /// Returns the number of images deleted.
    func eraseRows(_ tx: Transaction, candidateIDs: [Int64], scanIDs: [Int64]) throws -> (Int, [String]) {
        try tx.execute("DELETE FROM candidate WHERE id = ANY(\(candidateIDs))")
        let hashes = try tx.column(
            String.self, "SELECT content_hash FROM scan WHERE id = ANY(\(scanIDs)) AND content_hash IS NOT NULL")
        let images = try tx.execute("DELETE FROM image WHERE content_hash = ANY(\(hashes))")
        try tx.execute(
            """
            DELETE FROM scan WHERE id = ANY(\(scanIDs))
                AND NOT EXISTS (SELECT 1 FROM candidate c WHERE c.scan_id = scan.id)
            """)
        try tx.execute(
            "UPDATE scan SET image_file = NULL, source_path = '(erased)', note = NULL WHERE id = ANY(\(scanIDs))")
        return (images, hashes)
    }

    /// Removes this machine's viewer copies of erased images (other machines' temporary copies
    /// are out of reach: README says so).
    func removeCachedImages(_ hashes: [String]) {
        guard !hashes.isEmpty,
            let files = try? FileManager.default.contentsOfDirectory(atPath: imageCache.path)
        else { return }
        for file in files where hashes.contains(where: { file.hasPrefix($0) }) {
            unlink(imageCache.appendingPathComponent(file).path)
        }
    }

    /// VACUUM cannot run in a transaction; it clears the dead row versions (and TOAST chunks) that
    /// still hold erased values in the table files. Needs table ownership: a failure is logged (the
    /// next autovacuum does the same), not fatal, since the rows are already gone for every reader.
    func vacuumErasedRows() {
        for table in ["candidate", "scan", "image", "contact", "contact_email", "contact_phone", "contact_tag", "audit"] {
            do {
                try withConnection { tx in try tx.execute(PostgresQuery(unsafeSQL: "VACUUM \(table)")) }
            } catch {
                logger.warning(
                    "could not vacuum after an erasure; autovacuum will clear the dead rows later",
                    metadata: ["table": "\(table)", "error": "\(Self.reason(error))"])
            }
        }
    }

    // MARK: - Audit

    public func auditTrail(contactID: Int64?) throws(StoreError) -> [AuditEntry] {
        try read("read the audit trail") { tx in
            let rows: [PostgresRandomAccessRow]
            if let contactID {
                rows = try tx.rows(
                    """
                    SELECT * FROM audit
                    WHERE contact_id = \(contactID) OR (entity = 'contact' AND entity_id = \(contactID))
                        OR (entity = 'candidate' AND entity_id IN (SELECT id FROM candidate WHERE contact_id = \(contactID)))
                        OR (entity = 'scan' AND entity_id IN (SELECT scan_id FROM candidate WHERE contact_id = \(contactID)))
                    ORDER BY id
                    """)
            } else {
                rows = try tx.rows("SELECT * FROM audit ORDER BY id")
            }
            return try rows.map(Self.auditEntry)
        }
    }

    static func auditEntry(_ row: PostgresRandomAccessRow) throws -> AuditEntry {
        AuditEntry(
            id: try row.get("id"), at: try row.get("at"), actor: try row.get("actor"), action: try row.get("action"),
            entity: try row.get("entity"), entityID: try row.get("entity_id"), contactID: try row.get("contact_id"),
            oldValues: try row.get("old_values"), newValues: try row.get("new_values"),
            redacted: try row.get("redacted"))
    }
}
