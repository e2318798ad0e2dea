import CardModel
import Foundation
import GRDB

extension SQLiteCardStore {
    // MARK: - Writing contacts

    func insertContact(
        _ db: Database, fields: ContactFields, tags: [Tag], actor: String, at timestamp: Date,
        uid: String = Contact.newUID(), origin: ContactOrigin = .scanned, auditDetails: [String: String] = [:]
    ) throws -> Int64 {
        let fields = normalizer.normalized(fields)
        try db.execute(
            sql: """
                INSERT INTO contact (name, title, department, company, address, phones, emails, websites,
                    name_key, company_key, search_text, created_at, updated_at,
                    uid, name_parts, address_parts, note, event, origin)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                fields.name, fields.title, fields.department, fields.company, fields.address,
                Self.json(fields.phones), Self.json(fields.emails), Self.json(fields.websites),
                ContactNormalizer.nameKey(fields.name), ContactNormalizer.companyKey(fields.company),
                Normalize.searchText(fields, tags: tags), timestamp, timestamp,
                uid, try fields.nameParts.map(Self.json), try fields.addressParts.map(Self.json), fields.note,
                fields.event, origin.rawValue,
            ])
        let id = db.lastInsertedRowID
        try writeIndexes(db, contactID: id, fields: fields, tags: tags)
        try appendAudit(
            db, actor: actor, action: "create", entity: "contact", entityID: id, contactID: id, old: nil,
            new: Self.json(ContactAuditValues(fields: fields, tags: tags, origin: origin, details: auditDetails)))
        return id
    }

    /// Rewrites a contact's values and bumps its version (the caller writes the audit row).
    func updateContact(
        _ db: Database, existing: Contact, fields: ContactFields, tags: [Tag], at timestamp: Date
    ) throws {
        let fields = normalizer.normalized(fields)
        try db.execute(
            sql: """
                UPDATE contact SET name = ?, title = ?, department = ?, company = ?, address = ?, phones = ?,
                    emails = ?, websites = ?, name_key = ?, company_key = ?, search_text = ?,
                    name_parts = ?, address_parts = ?, note = ?, event = ?,
                    version = version + 1, updated_at = ?
                WHERE id = ? AND version = ?
                """,
            arguments: [
                fields.name, fields.title, fields.department, fields.company, fields.address,
                Self.json(fields.phones), Self.json(fields.emails), Self.json(fields.websites),
                ContactNormalizer.nameKey(fields.name), ContactNormalizer.companyKey(fields.company),
                Normalize.searchText(fields, tags: tags), try fields.nameParts.map(Self.json),
                try fields.addressParts.map(Self.json), fields.note, fields.event,
                timestamp, existing.id, existing.version,
            ])
        guard db.changesCount == 1 else {
            let current = try Int.fetchOne(
                db, sql: "SELECT version FROM contact WHERE id = ?", arguments: [existing.id])
            throw StoreError.contactConflict(
                id: existing.id, expectedVersion: existing.version, currentVersion: current ?? 0)
        }
        try db.execute(sql: "DELETE FROM contact_email WHERE contact_id = ?", arguments: [existing.id])
        try db.execute(sql: "DELETE FROM contact_phone WHERE contact_id = ?", arguments: [existing.id])
        try db.execute(sql: "DELETE FROM contact_tag WHERE contact_id = ?", arguments: [existing.id])
        try writeIndexes(db, contactID: existing.id, fields: fields, tags: tags)
    }

    private func writeIndexes(_ db: Database, contactID: Int64, fields: ContactFields, tags: [Tag]) throws {
        for email in Set(fields.emails.map(ContactNormalizer.emailKey)) where !email.isEmpty {
            try db.execute(
                sql: "INSERT INTO contact_email (email, contact_id) VALUES (?, ?)",
                arguments: [email, contactID])
        }
        for e164 in Set(fields.phones.compactMap(\.e164)) {
            try db.execute(
                sql: "INSERT INTO contact_phone (e164, contact_id) VALUES (?, ?)",
                arguments: [e164, contactID])
        }
        for tag in Set(tags) {
            try db.execute(
                sql: "INSERT INTO contact_tag (contact_id, key, value) VALUES (?, ?, ?)",
                arguments: [contactID, tag.key, tag.value])
        }
    }

    // MARK: - Reading contacts

    func fetchContact(_ db: Database, _ id: Int64) throws -> Contact {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM contact WHERE id = ?", arguments: [id])
        else {
            throw StoreError.contactNotFound(id)
        }
        let tags = try Row.fetchAll(
            db, sql: "SELECT key, value FROM contact_tag WHERE contact_id = ? ORDER BY key, value",
            arguments: [id]
        ).map { Tag(key: $0["key"], value: $0["value"]) }
        let candidates = try Int64.fetchAll(
            db, sql: "SELECT id FROM candidate WHERE contact_id = ? ORDER BY id", arguments: [id])
        return try contact(from: row, tags: tags, candidateIDs: candidates)
    }

    func contact(from row: Row, tags: [Tag], candidateIDs: [Int64]) throws -> Contact {
        let fields = ContactFields(
            name: row["name"], title: row["title"], department: row["department"], company: row["company"],
            address: row["address"], phones: try Self.decode([ContactPhone].self, row["phones"]) ?? [],
            emails: try Self.decode([String].self, row["emails"]) ?? [],
            websites: try Self.decode([String].self, row["websites"]) ?? [],
            nameParts: try Self.decode(PersonName.self, row["name_parts"]),
            addressParts: try Self.decode(PostalAddress.self, row["address_parts"]), note: row["note"],
            event: row["event"])
        return Contact(
            id: row["id"], fields: fields, tags: tags, version: row["version"], createdAt: row["created_at"],
            updatedAt: row["updated_at"], candidateIDs: candidateIDs, uid: row["uid"],
            origin: ContactOrigin(rawValue: row["origin"] ?? "scanned") ?? .scanned)
    }

    public func contact(_ id: Int64) throws(StoreError) -> Contact {
        try read("read a contact") { db in try fetchContact(db, id) }
    }

    public func contacts(search: String?) throws(StoreError) -> [ContactListing] {
        try read("list contacts") { db in
            var sql = "SELECT * FROM contact"
            var arguments: StatementArguments = []
            if let search, !search.isEmpty {
                sql += " WHERE instr(search_text, ?) > 0"
                arguments = [Normalize.searchQuery(search)]
            }
            sql += " ORDER BY id"
            var tagsByContact: [Int64: [Tag]] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT contact_id, key, value FROM contact_tag ORDER BY key, value")
            {
                tagsByContact[row["contact_id"], default: []].append(
                    Tag(key: row["key"], value: row["value"]))
            }
            var candidatesByContact: [Int64: [Int64]] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT contact_id, id FROM candidate WHERE contact_id IS NOT NULL ORDER BY id")
            {
                candidatesByContact[row["contact_id"], default: []].append(row["id"])
            }
            let duplicates = try StoreRules.duplicatePairs(Tx(store: self, db: db))
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let id: Int64 = row["id"]
                let contact = try contact(
                    from: row, tags: tagsByContact[id] ?? [], candidateIDs: candidatesByContact[id] ?? [])
                return ContactListing(contact: contact, possibleDuplicates: (duplicates[id] ?? []).sorted())
            }
        }
    }

    /// The contacts that may be the same person as `fields`, with the reasons, read from the
    /// indexes only.
    func duplicateReasons(_ db: Database, of fields: ContactFields, excluding: Int64?) throws
        -> [Int64: [DuplicateReason]]
    {
        var reasons: [Int64: [DuplicateReason]] = [:]
        let emails = Array(Set(fields.emails.map(ContactNormalizer.emailKey).filter { !$0.isEmpty }))
        if !emails.isEmpty {
            for id in try Int64.fetchAll(
                db,
                sql:
                    "SELECT DISTINCT contact_id FROM contact_email WHERE email IN (\(databaseQuestionMarks(count: emails.count)))",
                arguments: StatementArguments(emails))
            {
                reasons[id, default: []].append(.sameEmail)
            }
        }
        let phones = Array(Set(fields.phones.compactMap(\.e164)))
        if !phones.isEmpty {
            for id in try Int64.fetchAll(
                db,
                sql:
                    "SELECT DISTINCT contact_id FROM contact_phone WHERE e164 IN (\(databaseQuestionMarks(count: phones.count)))",
                arguments: StatementArguments(phones))
            {
                reasons[id, default: []].append(.samePhone)
            }
        }
        let companyKey = ContactNormalizer.companyKey(fields.company)
        let nameKey = ContactNormalizer.nameKey(fields.name)
        if !companyKey.isEmpty, !nameKey.isEmpty {
            for row in try Row.fetchAll(
                db,
                // The repeated `<> ''` lets SQLite use the partial index contact_company_key: it
                // cannot prove that a bound parameter is non-empty (sqlite.org/partialindex.html §2).
                sql: "SELECT id, name_key FROM contact WHERE company_key = ? AND company_key <> ''",
                arguments: [companyKey])
            where ContactNormalizer.namesAreClose(nameKey, row["name_key"]) {
                reasons[row["id"], default: []].append(.similarNameAndCompany)
            }
        }
        if let excluding { reasons[excluding] = nil }
        return reasons
    }

    // MARK: - Erasure

    public func personRecords(ofContact id: Int64, alsoCandidates: [Int64]) throws(StoreError) -> PersonRecords {
        try read("collect a person's records") { db in
            let person = try StoreRules.collectPerson(Tx(store: self, db: db), id, alsoCandidates: alsoCandidates, lock: false)
            let candidates = try person.candidateIDs.map { try fetchCandidate(db, $0) }
            let scanIDs = Array(Set(candidates.map(\.scanID))) + person.failureIDs
            let failures = try person.failureIDs.map { failureID in
                let row = try Row.fetchOne(
                    db, sql: "SELECT id, source_path, content_hash, failure_reason, updated_at FROM scan WHERE id = ?",
                    arguments: [failureID])
                return ScanFailure(
                    scanID: failureID, sourcePath: row?["source_path"] ?? "", contentHash: row?["content_hash"],
                    reason: row?["failure_reason"] ?? "", updatedAt: row?["updated_at"] ?? Date())
            }
            let audit = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM audit WHERE contact_id = ? OR (entity = 'contact' AND entity_id = ?)
                        OR (entity = 'candidate' AND entity_id IN (SELECT value FROM json_each(?)))
                        OR (entity = 'scan' AND entity_id IN (SELECT value FROM json_each(?)))
                    ORDER BY id
                    """,
                arguments: [id, id, "[\(person.candidateIDs.map(String.init).joined(separator: ","))]",
                            "[\(scanIDs.map(String.init).joined(separator: ","))]"]
            ).map(Self.auditEntry)
            let pushedTo = try Row.fetchAll(
                db, sql: "SELECT * FROM carddav_push WHERE uid = ? ORDER BY server, href",
                arguments: [person.contact.uid]
            ).map {
                CardDAVRecord(
                    server: $0["server"], uid: $0["uid"], href: $0["href"], etag: $0["etag"],
                    contentHash: $0["content_hash"], pushedAt: $0["pushed_at"])
            }
            return PersonRecords(
                contact: person.contact, candidates: candidates, failures: failures, audit: audit,
                otherContactsSharing: person.others, pushedTo: pushedTo)
        }
    }

    public func eraseContact(_ id: Int64, actor: String, alsoCandidates: [Int64]) throws(StoreError) -> ErasureReport {
        var imagesToRemove: [String] = []
        var hashes: [String] = []
        var report = try write("erase a contact") { db in
            let person = try StoreRules.collectPerson(Tx(store: self, db: db), id, alsoCandidates: alsoCandidates, lock: true)
            let candidateIDs = person.candidateIDs
            let candidateList = "[\(candidateIDs.map(String.init).joined(separator: ","))]"
            let scanIDs = try Int64.fetchAll(
                db,
                sql: "SELECT DISTINCT scan_id FROM candidate WHERE id IN (SELECT value FROM json_each(?)) ORDER BY scan_id",
                arguments: [candidateList])
            try db.execute(
                sql: "DELETE FROM candidate WHERE id IN (SELECT value FROM json_each(?))", arguments: [candidateList])
            for scanID in scanIDs {
                if let row = try Row.fetchOne(
                    db, sql: "SELECT image_file, content_hash FROM scan WHERE id = ?", arguments: [scanID])
                {
                    if let image = row["image_file"] as String? { imagesToRemove.append(image) }
                    if let hash = row["content_hash"] as String? { hashes.append(hash) }
                }
                let remaining =
                    try Int.fetchOne(
                        db, sql: "SELECT count(*) FROM candidate WHERE scan_id = ?", arguments: [scanID]) ?? 0
                if remaining == 0 {
                    try db.execute(sql: "DELETE FROM scan WHERE id = ?", arguments: [scanID])
                } else {
                    // Other people's cards on the same sheet stay queued; the image (which shows the
                    // erased person) and the file name go.
                    try db.execute(
                        sql: "UPDATE scan SET image_file = NULL, source_path = '(erased)', note = NULL WHERE id = ?",
                        arguments: [scanID])
                }
            }
            for failureID in person.failureIDs {
                try db.execute(sql: "DELETE FROM scan WHERE id = ? AND status = 'failed'", arguments: [failureID])
            }
            try db.execute(sql: "DELETE FROM contact WHERE id = ?", arguments: [id])
            let scanList = "[\((scanIDs + person.failureIDs).map(String.init).joined(separator: ","))]"
            try db.execute(
                sql: """
                    UPDATE audit SET old_values = NULL, new_values = NULL, redacted = 1
                    WHERE redacted = 0 AND (contact_id = ? OR (entity = 'contact' AND entity_id = ?)
                        OR (entity = 'candidate' AND entity_id IN (SELECT value FROM json_each(?)))
                        OR (entity = 'scan' AND entity_id IN (SELECT value FROM json_each(?))))
                    """,
                arguments: [id, id, candidateList, scanList])
            let redacted = db.changesCount
            try appendAudit(
                db, actor: actor, action: "erase", entity: "contact", entityID: id, contactID: id, old: nil,
                new: Self.json([
                    "candidates": candidateIDs.count, "scans": scanIDs.count, "failures": person.failureIDs.count,
                    "audit_rows_redacted": redacted,
                ]))
            return ErasureReport(
                contactID: id, candidateIDs: candidateIDs, scanIDs: scanIDs, imagesRemoved: 0,
                auditRowsRedacted: redacted, failureIDs: person.failureIDs, otherContactsSharing: person.others)
        }
        // Only after the commit: a failed transaction must leave the images in place.
        for image in imagesToRemove where unlink(imagesDirectory.appendingPathComponent(image).path) == 0 {
            report.imagesRemoved += 1
        }
        removePartialCopies(of: hashes)
        removeOrphanImages()
        report.remainingTraces = try purgeFreedBytes()
        logger.info(
            "contact erased",
            metadata: ["contact.id": "\(id)", "erase.candidates": "\(report.candidateIDs.count)"])
        return report
    }

    /// Removes `.part` copies of the erased bytes a crashed enqueue left behind.
    func removePartialCopies(of hashes: [String]) {
        for hash in hashes {
            let folder = imagesDirectory.appendingPathComponent(String(hash.prefix(2)))
            for file in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            where file.hasPrefix(".\(hash).") && file.hasSuffix(".part") {
                unlink(folder.appendingPathComponent(file).path)
            }
        }
    }

    static func auditEntry(_ row: Row) -> AuditEntry {
        AuditEntry(
            id: row["id"], at: row["at"], actor: row["actor"], action: row["action"], entity: row["entity"],
            entityID: row["entity_id"], contactID: row["contact_id"], oldValues: row["old_values"],
            newValues: row["new_values"], redacted: row["redacted"])
    }

    /// Moves every committed page from the WAL into the database file and truncates the WAL,
    /// so that erased values survive in neither (secure_delete has zeroed them in the pages).
    ///
    /// A reader holding an old snapshot blocks the checkpoint (`busy` = 1, or fewer frames
    /// checkpointed than logged): retried for a few seconds, then reported as remaining traces.
    @discardableResult
    func purgeFreedBytes() throws(StoreError) -> String? {
        // The checkpoint waits for readers through the busy handler: one second per attempt here
        // (not the store's 10 s), five attempts, then the configured timeout again.
        for attempt in 0..<5 {
            let result: Row?
            do {
                result = try dbQueue.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA busy_timeout = 1000")
                    defer { try? db.execute(sql: "PRAGMA busy_timeout = \(Int(busyTimeout * 1000))") }
                    return try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                }
            } catch {
                throw .database(operation: "checkpoint the WAL after an erasure", reason: Self.reason(error))
            }
            let busy: Int = result?[0] ?? 1
            let logged: Int = result?[1] ?? -1
            let checkpointed: Int = result?[2] ?? -1
            if busy == 0 && logged == checkpointed { return nil }
            if attempt < 4 { Thread.sleep(forTimeInterval: 0.1) }
        }
        logger.warning("erasure: another process holds the store open; the WAL keeps old pages until it closes")
        return "another process (a running `cardscan review` or `watch`) holds the store open: erased "
            + "values stay in \(databaseURL.lastPathComponent)-wal until it closes; run any cardscan "
            + "command afterwards (or `contacts erase` again) to clear them"
    }

    /// How old an unreferenced image must be before the sweep removes it.
    var orphanGracePeriod: TimeInterval { 3600 }

    /// Deletes image files no scan refers to (left by a crash between commit and unlink, or by a
    /// copy whose transaction failed), once older than ``orphanGracePeriod``. Returns how many.
    @discardableResult
    func removeOrphanImages() -> Int {
        guard
            let referenced = try? dbQueue.read({ db in
                Set(try String.fetchAll(db, sql: "SELECT image_file FROM scan WHERE image_file IS NOT NULL"))
            })
        else { return 0 }
        var removed = 0
        let manager = FileManager.default
        guard let folders = try? manager.contentsOfDirectory(atPath: imagesDirectory.path) else { return 0 }
        for folder in folders where folder.count == 2 {
            let folderURL = imagesDirectory.appendingPathComponent(folder)
            for file in (try? manager.contentsOfDirectory(atPath: folderURL.path)) ?? [] {
                // In-flight copies (.part) belong to a running enqueue: swept only once old (a crash).
                if (file.hasPrefix(".") && !file.hasSuffix(".part")) || referenced.contains("\(folder)/\(file)") {
                    continue
                }
                let path = folderURL.appendingPathComponent(file).path
                // Another process's enqueue copies the image before its transaction commits: a
                // young unreferenced file may be about to be referenced. Sweep only old ones.
                let modified =
                    (try? manager.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? Date()
                if modified > now().addingTimeInterval(-orphanGracePeriod) { continue }
                if unlink(path) == 0 {
                    removed += 1
                }
            }
        }
        return removed
    }

    // MARK: - Audit

    public func auditTrail(contactID: Int64?) throws(StoreError) -> [AuditEntry] {
        try read("read the audit trail") { db in
            var sql = "SELECT * FROM audit"
            var arguments: StatementArguments = []
            if let contactID {
                sql += """
                     WHERE contact_id = ? OR (entity = 'contact' AND entity_id = ?)
                        OR (entity = 'candidate' AND entity_id IN (SELECT id FROM candidate WHERE contact_id = ?))
                        OR (entity = 'scan' AND entity_id IN (SELECT scan_id FROM candidate WHERE contact_id = ?))
                    """
                arguments = [contactID, contactID, contactID, contactID]
            }
            sql += " ORDER BY id"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.auditEntry)
        }
    }
}

/// The values an audit row records for a contact.
struct ContactAuditValues: Encodable {
    var fields: ContactFields
    var tags: [Tag]
    /// Written only for imported contacts (with the file name): a scanned contact's row stays as it was.
    var origin: ContactOrigin? = nil
    var details: [String: String] = [:]

    enum CodingKeys: String, CodingKey { case fields, tags, origin, details }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(fields, forKey: .fields)
        try c.encode(tags, forKey: .tags)
        if origin == .imported { try c.encode(origin, forKey: .origin) }
        if !details.isEmpty { try c.encode(details, forKey: .details) }
    }
}

// MARK: - CardDAV push records

extension SQLiteCardStore {
    public func cardDAVRecords(server: String) throws(StoreError) -> [CardDAVRecord] {
        try read("read CardDAV push records") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM carddav_push WHERE server = ? ORDER BY uid", arguments: [server])
                .map {
                    CardDAVRecord(
                        server: $0["server"], uid: $0["uid"], href: $0["href"], etag: $0["etag"],
                        contentHash: $0["content_hash"], pushedAt: $0["pushed_at"])
                }
        }
    }

    public func saveCardDAVRecord(_ record: CardDAVRecord) throws(StoreError) {
        try write("record a CardDAV push") { db in
            try db.execute(
                sql: """
                    INSERT INTO carddav_push (server, uid, href, etag, content_hash, pushed_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (server, uid) DO UPDATE SET href = excluded.href, etag = excluded.etag,
                        content_hash = excluded.content_hash, pushed_at = excluded.pushed_at
                    """,
                arguments: [record.server, record.uid, record.href, record.etag, record.contentHash, record.pushedAt])
        }
    }

    public func removeCardDAVRecord(server: String, uid: String) throws(StoreError) {
        try write("forget a CardDAV push") { db in
            try db.execute(sql: "DELETE FROM carddav_push WHERE server = ? AND uid = ?", arguments: [server, uid])
        }
    }
}
