import CardModel
import Foundation
import PostgresNIO

extension PostgresCardStore {
    // MARK: - Ingest

    public func enqueue(_ scan: NewScan) throws(StoreError) -> EnqueueOutcome {
        guard ContentHash.isValid(scan.contentHash) else { throw .invalidContentHash(scan.contentHash) }
        // Cheap early answer for the common rescan: no upload when the bytes are already stored.
        if let id = try existingScan(contentHash: scan.contentHash) {
            // A watcher that lost its file to another station does not move it either.
            if let claim = scan.claim, !(try renewFileClaim(claim)) { throw .fileClaimLost(name: claim.name) }
            logger.info(
                "duplicate scan", metadata: ["scan.id": "\(id)", "file.name": "\(scan.sourceFile.lastPathComponent)"])
            return .duplicate(ofScan: id)
        }
        let imageFile = StoreRules.imageFileName(for: scan.sourceFile, contentHash: scan.contentHash)
        let outcome: EnqueueOutcome = try transaction("enqueue a scan", role: .station) { tx in
            let timestamp = now()
            // The final step of a shared watcher: the claim must still be this watcher's. The UPDATE
            // locks the claim row until this transaction ends, so no other station can take the
            // file between this check and the commit; its row count is the check.
            if let claim = scan.claim {
                try requireFileClaim(tx, claim, at: timestamp)
            }
            // The unique content_hash decides a race between stations: the second INSERT waits for
            // the first transaction and then inserts nothing (ON CONFLICT DO NOTHING).
            var scanID = try tx.value(
                Int64.self,
                """
                INSERT INTO scan (content_hash, source_path, image_file, status, created_at, updated_at, note, event)
                VALUES (\(scan.contentHash), \(scan.sourcePath), \(imageFile), 'queued', \(timestamp), \(timestamp),
                    \(scan.note), \(scan.event))
                ON CONFLICT (content_hash) DO NOTHING RETURNING id
                """)
            if scanID == nil {
                guard
                    let row = try tx.row(
                        "SELECT id, status FROM scan WHERE content_hash = \(scan.contentHash) FOR UPDATE")
                else { throw StoreError.database(operation: "enqueue a scan", reason: "the scan row vanished") }
                let id: Int64 = try row.get("id")
                if try row.get("status", String.self) == "queued" { return .duplicate(ofScan: id) }
                // A recorded failure of the same bytes is replaced.
                let changed = try tx.execute(
                    """
                    UPDATE scan SET status = 'queued', failure_reason = NULL, source_path = \(scan.sourcePath),
                        image_file = \(imageFile), note = \(scan.note), event = \(scan.event), updated_at = \(timestamp)
                    WHERE id = \(id) AND status = 'failed'
                    """)
                guard changed == 1 else { return .duplicate(ofScan: id) }
                scanID = id
            }
            guard let scanID else { return .duplicate(ofScan: 0) }
            try uploadImage(tx, scan.sourceFile, contentHash: scan.contentHash, fileName: imageFile, at: timestamp)
            try appendAudit(
                tx, actor: "cardscan", action: "enqueue", entity: "scan", entityID: scanID, contactID: nil, old: nil,
                new: SQLiteCardStore.json(["source_path": scan.sourcePath, "cards": "\(scan.candidates.count)"]))
            var ids: [Int64] = []
            for card in scan.candidates {
                let bbox = try card.bbox.map { try SQLiteCardStore.json($0) }
                let fieldsJSON = try SQLiteCardStore.json(card.fields)
                let confidence = min(1, max(0, card.confidence))
                guard
                    let id = try tx.value(
                        Int64.self,
                        """
                        INSERT INTO candidate (scan_id, card_index, page, bbox, fields, ocr_text, confidence,
                            name, company, email, created_at, updated_at)
                        VALUES (\(scanID), \(card.cardIndex), \(card.page), \(bbox), \(fieldsJSON), \(card.ocrText),
                            \(confidence), \(card.fields.name?.value), \(card.fields.company?.value),
                            \(card.fields.emails.first?.value), \(timestamp), \(timestamp))
                        RETURNING id
                        """)
                else { throw StoreError.database(operation: "enqueue a scan", reason: "no candidate id returned") }
                ids.append(id)
                try appendAudit(
                    tx, actor: "cardscan", action: "enqueue", entity: "candidate", entityID: id, contactID: nil,
                    old: nil, new: SQLiteCardStore.json(ContactFields(card.fields)))
            }
            return .queued(scanID: scanID, candidateIDs: ids)
        }
        switch outcome {
        case .queued(let scanID, let ids):
            logger.info(
                "scan queued",
                metadata: [
                    "scan.id": "\(scanID)", "scan.cards": "\(ids.count)",
                    "file.name": "\(scan.sourceFile.lastPathComponent)",
                ])
        case .duplicate(let scanID):
            logger.info(
                "duplicate scan",
                metadata: ["scan.id": "\(scanID)", "file.name": "\(scan.sourceFile.lastPathComponent)"])
        }
        return outcome
    }

    /// Copies a scanned file into `image` in chunks of 1 MiB, hashing while reading: the client
    /// holds one chunk at a time, never the whole file (issue 11, item 4). The chunks go to a
    /// temporary table dropped at commit (not WAL-logged; its files are unlinked), and the server
    /// joins them into the one `bytea` in the same transaction. Bytes that no longer hash to
    /// `contentHash` (the file changed since the pipeline read it) roll everything back.
    func uploadImage(_ tx: Transaction, _ source: URL, contentHash: String, fileName: String, at timestamp: Date)
        throws
    {
        if try tx.value(Int64.self, "SELECT 1::int8 FROM image WHERE content_hash = \(contentHash)") != nil { return }
        try tx.execute(
            "CREATE TEMP TABLE IF NOT EXISTS cardscan_upload (seq integer PRIMARY KEY, chunk bytea NOT NULL) ON COMMIT DROP")
        let input: FileHandle
        do { input = try openForReading(source) } catch {
            throw StoreError.cannotStoreImage(path: source.path, reason: describe(error))
        }
        defer { try? input.close() }
        var hasher = SHA256Box()
        var seq: Int32 = 0
        while true {
            let chunk: Data
            do {
                guard let read = try input.read(upToCount: Self.uploadChunkSize), !read.isEmpty else { break }
                chunk = read
            } catch {
                throw StoreError.cannotStoreImage(path: source.path, reason: describe(error))
            }
            hasher.update(chunk)
            try tx.execute("INSERT INTO cardscan_upload (seq, chunk) VALUES (\(seq), \(chunk))")
            seq += 1
        }
        guard hasher.finalize() == contentHash else { throw StoreError.contentChanged(path: source.path) }
        try tx.execute(
            """
            INSERT INTO image (content_hash, file_name, bytes, created_at)
            SELECT \(contentHash), \(fileName), coalesce(string_agg(chunk, ''::bytea ORDER BY seq), ''::bytea),
                \(timestamp)
            FROM cardscan_upload
            ON CONFLICT (content_hash) DO NOTHING
            """)
        try tx.execute("DROP TABLE cardscan_upload")
    }

    /// Bytes sent per statement when copying a scanned file into the database.
    static let uploadChunkSize = 1 << 20

    /// Renews `claim` inside `tx` (locking its row until the transaction ends); throws
    /// ``StoreError/fileClaimLost(name:)`` unless it is still the holder's.
    func requireFileClaim(_ tx: Transaction, _ claim: FileClaim, at timestamp: Date) throws {
        let held = try tx.execute(
            """
            UPDATE file_claim SET expires_at = \(timestamp.addingTimeInterval(claim.lease))
            WHERE folder = \(claim.folder) AND file_key = \(claim.name) AND holder = \(claim.holder)
            """)
        guard held == 1 else { throw StoreError.fileClaimLost(name: claim.name) }
    }

    @discardableResult
    public func recordFailure(sourcePath: String, contentHash: String?, reason: String, claim: FileClaim?)
        throws(StoreError) -> Int64
    {
        if let contentHash, !ContentHash.isValid(contentHash) { throw .invalidContentHash(contentHash) }
        let id: Int64 = try transaction("record a failed scan", role: .station) { tx in
            let timestamp = now()
            if let claim { try requireFileClaim(tx, claim, at: timestamp) }
            let inserted: Int64?
            if let contentHash {
                inserted = try tx.value(
                    Int64.self,
                    """
                    INSERT INTO scan (content_hash, source_path, status, failure_reason, created_at, updated_at)
                    VALUES (\(contentHash), \(sourcePath), 'failed', \(reason), \(timestamp), \(timestamp))
                    ON CONFLICT (content_hash) DO NOTHING RETURNING id
                    """)
            } else {
                inserted = try tx.value(
                    Int64.self,
                    """
                    INSERT INTO scan (content_hash, source_path, status, failure_reason, created_at, updated_at)
                    VALUES (NULL, \(sourcePath), 'failed', \(reason), \(timestamp), \(timestamp))
                    ON CONFLICT (source_path) WHERE content_hash IS NULL AND status = 'failed' DO NOTHING
                    RETURNING id
                    """)
            }
            let auditValues = try SQLiteCardStore.json(["source_path": sourcePath, "reason": reason])
            if let inserted {
                try appendAudit(
                    tx, actor: "cardscan", action: "record_failure", entity: "scan", entityID: inserted,
                    contactID: nil, old: nil, new: auditValues)
                return inserted
            }
            let existing: PostgresRandomAccessRow?
            if let contentHash {
                existing = try tx.row("SELECT id, status FROM scan WHERE content_hash = \(contentHash) FOR UPDATE")
            } else {
                existing = try tx.row(
                    """
                    SELECT id, status FROM scan WHERE content_hash IS NULL AND status = 'failed'
                        AND source_path = \(sourcePath) FOR UPDATE
                    """)
            }
            guard let existing else {
                throw StoreError.database(operation: "record a failed scan", reason: "the scan row vanished")
            }
            let id: Int64 = try existing.get("id")
            // The same bytes already queued fine: the later failure does not undo that.
            if try existing.get("status", String.self) == "queued" { return id }
            try tx.execute(
                """
                UPDATE scan SET failure_reason = \(reason), source_path = \(sourcePath), updated_at = \(timestamp)
                WHERE id = \(id) AND status = 'failed'
                """)
            try appendAudit(
                tx, actor: "cardscan", action: "record_failure", entity: "scan", entityID: id, contactID: nil,
                old: nil, new: auditValues)
            return id
        }
        logger.info("scan failure recorded", metadata: ["scan.id": "\(id)"])
        return id
    }

    public func existingScan(contentHash: String) throws(StoreError) -> Int64? {
        guard ContentHash.isValid(contentHash) else { throw .invalidContentHash(contentHash) }
        return try read("look up a scan", role: .station) { tx in
            try tx.value(
                Int64.self, "SELECT id FROM scan WHERE content_hash = \(contentHash) AND status = 'queued'")
        }
    }

    public func failures() throws(StoreError) -> [ScanFailure] {
        try read("list failed scans") { tx in
            try tx.rows(
                """
                SELECT id, source_path, content_hash, failure_reason, updated_at FROM scan
                WHERE status = 'failed' ORDER BY updated_at DESC, id DESC
                """
            ).map {
                ScanFailure(
                    scanID: try $0.get("id"), sourcePath: try $0.get("source_path"),
                    contentHash: try $0.get("content_hash"), reason: try $0.get("failure_reason"),
                    updatedAt: try $0.get("updated_at"))
            }
        }
    }

    // MARK: - Reading the queue

    public func candidates(status: [CandidateStatus], limit: Int?) throws(StoreError) -> [CandidateSummary] {
        try read("list candidates") { tx in
            let statuses = status.map(\.rawValue)
            let limit = limit ?? Int(Int32.max)
            return try tx.result(
                """
                SELECT c.id, c.scan_id, c.status, c.confidence, c.name, c.company, c.email, s.source_path,
                    c.created_at, c.version
                FROM candidate c JOIN scan s ON s.id = c.scan_id
                WHERE c.status = ANY(\(statuses)) ORDER BY c.id LIMIT \(limit)
                """
            ).map { row in
                // Positional tuple decoding: no column-name lookups for 10,000 rows.
                let (id, scanID, status, confidence, name, company, email, sourcePath, createdAt, version) =
                    try row.decode(
                        (Int64, Int64, String, Double, String?, String?, String?, String, Date, Int).self)
                return CandidateSummary(
                    id: id, scanID: scanID, status: CandidateStatus(rawValue: status) ?? .pending,
                    confidence: confidence, name: name, company: company, email: email, sourcePath: sourcePath,
                    createdAt: createdAt, version: version)
            }
        }
    }

    public func candidate(_ id: Int64) throws(StoreError) -> Candidate {
        try read("read a candidate") { tx in try fetchCandidate(tx, id) }
    }

    /// The candidate with its scan; `lock` takes a row lock on the candidate (FOR UPDATE OF c) until
    /// the transaction ends, so a concurrent decision on it waits and then sees the new version.
    func fetchCandidate(_ tx: Transaction, _ id: Int64, lock: Bool = false) throws -> Candidate {
        guard
            let row = try tx.row(
                """
                SELECT c.*, s.source_path, s.content_hash, s.image_file, s.note AS scan_note, s.event AS scan_event
                FROM candidate c JOIN scan s ON s.id = c.scan_id WHERE c.id = \(id)
                \(unescaped: lock ? "FOR UPDATE OF c" : "")
                """)
        else { throw StoreError.candidateNotFound(id) }
        return Candidate(
            id: try row.get("id"), scanID: try row.get("scan_id"), cardIndex: try row.get("card_index"),
            page: try row.get("page"),
            bbox: try SQLiteCardStore.decode(PixelBox.self, try row.get("bbox", String?.self)),
            fields: try SQLiteCardStore.decode(CardFields.self, try row.get("fields", String.self)) ?? CardFields(),
            ocrText: try row.get("ocr_text"), confidence: try row.get("confidence"),
            status: CandidateStatus(rawValue: try row.get("status")) ?? .pending, version: try row.get("version"),
            contactID: try row.get("contact_id"), sourcePath: try row.get("source_path"),
            contentHash: try row.get("content_hash", String?.self) ?? "",
            // The image is in the database: `imageFile(ofCandidate:)` makes a local copy on demand.
            imagePath: nil,
            createdAt: try row.get("created_at"), updatedAt: try row.get("updated_at"),
            reviewedBy: try row.get("reviewed_by"), reviewedAt: try row.get("reviewed_at"),
            rejectReason: try row.get("reject_reason"), firstReviewer: try row.get("first_reviewer"),
            firstReviewFields: try SQLiteCardStore.decode(
                ContactFields.self, try row.get("first_review_fields", String?.self)),
            firstReviewTags: try SQLiteCardStore.decode([Tag].self, try row.get("first_review_tags", String?.self)),
            note: try row.get("scan_note"), event: try row.get("scan_event"))
    }

    public func imageFile(ofCandidate id: Int64) throws(StoreError) -> URL? {
        let found: (String, Data)? = try read("read a card image") { tx in
            guard
                let row = try tx.row(
                    """
                    SELECT i.file_name, i.bytes FROM candidate c JOIN scan s ON s.id = c.scan_id
                    JOIN image i ON i.content_hash = s.content_hash
                    WHERE c.id = \(id) AND s.image_file IS NOT NULL
                    """)
            else {
                _ = try fetchCandidate(tx, id)
                return nil
            }
            return (try row.get("file_name", String.self), try row.get("bytes", Data.self))
        }
        guard let (name, bytes) = found else { return nil }
        let flat = name.split(separator: "/").last.map(String.init) ?? name
        return try StoreRules.writePrivateCopy(bytes, named: flat, in: imageCache)
    }

    public func possibleDuplicates(ofCandidate id: Int64) throws(StoreError) -> [DuplicateMatch] {
        try read("look for duplicates") { tx in
            let candidate = try fetchCandidate(tx, id)
            let fields = StoreRules.reviewedFields(candidate, edits: [], normalizer: normalizer)
            return try StoreRules.findDuplicates(Tx(store: self, tx: tx), of: fields, excluding: candidate.contactID)
        }
    }

    // MARK: - Review claims

    public func claimNextCandidate(reviewer: String, lease: TimeInterval, excluding: Set<Int64>) throws(StoreError)
        -> Candidate?
    {
        try transaction("claim a card to review", role: .reviewer) { tx in
            let timestamp = now()
            let skipped = Array(excluding)
            // SKIP LOCKED: a card another reviewer is claiming right now is passed over, not waited for.
            guard
                let id = try tx.value(
                    Int64.self,
                    """
                    SELECT id FROM candidate
                    WHERE status IN ('pending', 'awaiting_second_review')
                        AND (claimed_by IS NULL OR claimed_by = \(reviewer) OR claim_expires_at < \(timestamp))
                        AND NOT (status = 'awaiting_second_review' AND first_reviewer = \(reviewer))
                        AND NOT (id = ANY(\(skipped)))
                    ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
                    """)
            else { return nil }
            let changed = try tx.execute(
                """
                UPDATE candidate SET claimed_by = \(reviewer), claim_expires_at = \(timestamp.addingTimeInterval(lease))
                WHERE id = \(id) AND status IN ('pending', 'awaiting_second_review')
                """)
            guard changed == 1 else { return nil }
            return try fetchCandidate(tx, id)
        }
    }

    public func renewClaim(_ id: Int64, reviewer: String, lease: TimeInterval) throws(StoreError) -> Bool {
        try transaction("renew a claim", role: .reviewer) { tx in
            try tx.execute(
                """
                UPDATE candidate SET claim_expires_at = \(now().addingTimeInterval(lease))
                WHERE id = \(id) AND claimed_by = \(reviewer) AND status IN ('pending', 'awaiting_second_review')
                """) == 1
        }
    }

    public func releaseClaim(_ id: Int64, reviewer: String) throws(StoreError) {
        try transaction("release a claim", role: .reviewer) { tx in
            try tx.execute(
                """
                UPDATE candidate SET claimed_by = NULL, claim_expires_at = NULL
                WHERE id = \(id) AND claimed_by = \(reviewer)
                """)
        }
    }

    // MARK: - Policy

    public func secondReviewThreshold() throws(StoreError) -> Double? {
        try read("read settings") { tx in try readThreshold(tx) }
    }

    func readThreshold(_ tx: Transaction) throws -> Double? {
        try tx.value(String.self, "SELECT value FROM setting WHERE key = 'second_review_below'").flatMap(Double.init)
    }

    public func setSecondReviewThreshold(_ value: Double?, actor: String) throws(StoreError) {
        if let value, !(0...1).contains(value) {
            throw .invalidValue(field: "second-review threshold", reason: "must be between 0 and 1")
        }
        try transaction("change settings", role: .admin) { tx in
            let old = try tx.value(
                String.self, "SELECT value FROM setting WHERE key = 'second_review_below' FOR UPDATE")
            if let value {
                try tx.execute(
                    """
                    INSERT INTO setting (key, value) VALUES ('second_review_below', \("\(value)"))
                    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
                    """)
            } else {
                try tx.execute("DELETE FROM setting WHERE key = 'second_review_below'")
            }
            try appendAudit(
                tx, actor: actor, action: "setting", entity: "store", entityID: 0, contactID: nil,
                old: old.map { "{\"second_review_below\":\($0)}" }, new: value.map { "{\"second_review_below\":\($0)}" })
        }
    }
}

extension PostgresCardStore {
    // MARK: - Shared drop folders

    public var isShared: Bool { true }

    public func claimFile(folder: String, name: String, holder: String, lease: TimeInterval) throws(StoreError)
        -> Bool
    {
        try transaction("claim a file of the drop folder", role: .station) { tx in
            let timestamp = now()
            let expires = timestamp.addingTimeInterval(lease)
            // One statement: insert the claim, or take it over when it is ours or its lease ended.
            // The primary key serialises two watchers claiming the same file at once.
            let claimed = try tx.execute(
                """
                INSERT INTO file_claim (folder, file_key, holder, expires_at)
                VALUES (\(folder), \(name), \(holder), \(expires))
                ON CONFLICT (folder, file_key) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
                WHERE file_claim.holder = EXCLUDED.holder OR file_claim.expires_at < \(timestamp)
                """)
            return claimed == 1
        }
    }

    public func renewFileClaim(_ claim: FileClaim) throws(StoreError) -> Bool {
        do {
            try transaction("renew a claim on a file of the drop folder", role: .station) { tx in
                try requireFileClaim(tx, claim, at: now())
            }
            return true
        } catch .fileClaimLost {
            return false
        }
    }

    public func releaseFile(folder: String, name: String, holder: String) throws(StoreError) {
        try transaction("release a file of the drop folder", role: .station) { tx in
            try tx.execute(
                "DELETE FROM file_claim WHERE folder = \(folder) AND file_key = \(name) AND holder = \(holder)")
        }
    }
}
