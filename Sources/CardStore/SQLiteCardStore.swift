import CardModel
import Foundation
import GRDB
import Logging

/// The embedded store: one SQLite file (through GRDB) plus an image folder beside it.
///
/// The connection runs in WAL mode with `synchronous=FULL` (a confirmed review survives power
/// loss, sqlite.org/pragma.html#pragma_synchronous), a busy timeout, foreign keys and
/// `secure_delete` (deleted values are overwritten with zeros). Writes are `BEGIN IMMEDIATE`
/// transactions (GRDB's default for writes), so two processes serialise instead of deadlocking.
/// See `Store.md` for the schema and the reasoning.
public final class SQLiteCardStore: CardStoring {
    /// Test-only faults, to prove what a crash leaves behind.
    public struct FaultInjection: Sendable {
        /// Inside `accept`, after the contact row is written and before the candidate is updated:
        /// create this file, then sleep `seconds` (a test kills the process meanwhile).
        public var pauseInsideAccept: (signalFile: URL, seconds: Double)?

        public init(pauseInsideAccept: (signalFile: URL, seconds: Double)? = nil) {
            self.pauseInsideAccept = pauseInsideAccept
        }
    }

    /// The database file.
    public let databaseURL: URL
    /// The folder holding copies of scanned files, named by content hash.
    public let imagesDirectory: URL
    let dbQueue: DatabaseQueue
    let logger: Logger
    let now: @Sendable () -> Date
    let faults: FaultInjection
    /// Seconds a write waits for another process's lock.
    let busyTimeout: TimeInterval

    /// Opens (creating when needed, mode 0600 in a 0700 folder) and migrates the store at `url`.
    public init(
        url: URL, logger: Logger, busyTimeout: TimeInterval = 10, faults: FaultInjection = FaultInjection(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws(StoreError) {
        self.databaseURL = url
        self.imagesDirectory = StoreLocation.imagesDirectory(forDatabase: url)
        self.logger = logger
        self.now = now
        self.faults = faults
        self.busyTimeout = busyTimeout
        let path = url.path
        try Self.createPrivateDirectory(url.deletingLastPathComponent(), databasePath: path)
        try Self.createPrivateFile(path)

        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "cardscan.store"
        configuration.prepareDatabase { db in
            // journal_mode=WAL is persistent; synchronous and secure_delete are per connection.
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            guard mode == "wal" else {
                throw DatabaseError(message: "could not switch to WAL mode (got \(mode ?? "nothing"))")
            }
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        do {
            dbQueue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw .cannotOpen(path: path, reason: Self.reason(error))
        }
        try migrate()
        for suffix in ["-wal", "-shm"] { chmod(path + suffix, 0o600) }
        logger.debug("store opened", metadata: ["store.path": "\(path)"])
    }

    private func migrate() throws(StoreError) {
        let migrator = Schema.migrator
        do {
            let superseded = try dbQueue.read { try migrator.hasBeenSuperseded($0) }
            if superseded {
                let known = Set(migrator.migrations)
                let applied = try dbQueue.read { try migrator.appliedIdentifiers($0) }
                throw StoreError.newerSchema(
                    path: databaseURL.path, unknownMigrations: applied.subtracting(known).sorted())
            }
            do {
                try migrator.migrate(dbQueue)
            } catch {
                // Another process may have migrated the same new file between our check and our
                // write; the second attempt sees its migrations as applied.
                try migrator.migrate(dbQueue)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .cannotOpen(path: databaseURL.path, reason: "migration failed: \(Self.reason(error))")
        }
    }

    // MARK: - Files

    static func createPrivateDirectory(_ directory: URL, databasePath: String) throws(StoreError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw .cannotOpen(path: databasePath, reason: "\(directory.path) is not a folder")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .cannotOpen(
                path: databasePath, reason: "cannot create \(directory.path) (\(describe(error)))")
        }
    }

    /// Creates the database file with mode 0600 before SQLite does (SQLite would use the umask,
    /// and gives the -wal and -shm files the database file's permissions).
    static func createPrivateFile(_ path: String) throws(StoreError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd >= 0 {
            close(fd)
        } else if errno != EEXIST {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            // The message names tables and constraints, never row values.
            return "\(error.resultCode) \(error.message ?? "")"
        }
        return describe(error)
    }

    // MARK: - Transactions

    /// Runs a write transaction (BEGIN IMMEDIATE), mapping errors to ``StoreError``.
    func write<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try dbQueue.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(operation: operation, reason: Self.reason(error))
        }
    }

    /// Runs a read transaction, mapping errors to ``StoreError``.
    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try dbQueue.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(operation: operation, reason: Self.reason(error))
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) throws -> T? {
        guard let text else { return nil }
        return try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    func appendAudit(
        _ db: Database, actor: String, action: String, entity: String, entityID: Int64, contactID: Int64?,
        old: String?, new: String?
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO audit (at, actor, action, entity, entity_id, contact_id, old_values, new_values)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [now(), actor, action, entity, entityID, contactID, old, new])
    }

    // MARK: - Ingest

    public func enqueue(_ scan: NewScan) throws(StoreError) -> EnqueueOutcome {
        guard ContentHash.isValid(scan.contentHash) else { throw .invalidContentHash(scan.contentHash) }
        // Cheap early answer for the common rescan: no copy when the bytes are already stored.
        let existing = try read("look up a scan") { db in
            try Row.fetchOne(
                db, sql: "SELECT id, status FROM scan WHERE content_hash = ?", arguments: [scan.contentHash])
        }
        if let existing, existing["status"] as String == "queued" {
            let id: Int64 = existing["id"]
            logger.info(
                "duplicate scan",
                metadata: ["scan.id": "\(id)", "file.name": "\(scan.sourceFile.lastPathComponent)"])
            return .duplicate(ofScan: id)
        }
        let imageFile = try storeImage(scan.sourceFile, contentHash: scan.contentHash)
        let outcome: EnqueueOutcome = try write("enqueue a scan") { db in
            let timestamp = now()
            let scanID: Int64
            if let row = try Row.fetchOne(
                db, sql: "SELECT id, status FROM scan WHERE content_hash = ?", arguments: [scan.contentHash])
            {
                let id: Int64 = row["id"]
                if row["status"] as String == "queued" { return .duplicate(ofScan: id) }
                try db.execute(
                    sql: """
                        UPDATE scan SET status = 'queued', failure_reason = NULL, source_path = ?, image_file = ?,
                            updated_at = ? WHERE id = ?
                        """,
                    arguments: [scan.sourcePath, imageFile, timestamp, id])
                scanID = id
            } else {
                try db.execute(
                    sql: """
                        INSERT INTO scan (content_hash, source_path, image_file, status, created_at, updated_at)
                        VALUES (?, ?, ?, 'queued', ?, ?)
                        """,
                    arguments: [scan.contentHash, scan.sourcePath, imageFile, timestamp, timestamp])
                scanID = db.lastInsertedRowID
            }
            try appendAudit(
                db, actor: "cardscan", action: "enqueue", entity: "scan", entityID: scanID, contactID: nil,
                old: nil,
                new: Self.json(["source_path": scan.sourcePath, "cards": "\(scan.candidates.count)"]))
            var ids: [Int64] = []
            for card in scan.candidates {
                let bbox = try card.bbox.map { try Self.json($0) }
                try db.execute(
                    sql: """
                        INSERT INTO candidate (scan_id, card_index, page, bbox, fields, ocr_text, confidence,
                            name, company, email, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        scanID, card.cardIndex, card.page, bbox, Self.json(card.fields), card.ocrText,
                        min(1, max(0, card.confidence)), card.fields.name?.value, card.fields.company?.value,
                        card.fields.emails.first?.value, timestamp, timestamp,
                    ])
                let id = db.lastInsertedRowID
                ids.append(id)
                try appendAudit(
                    db, actor: "cardscan", action: "enqueue", entity: "candidate", entityID: id,
                    contactID: nil,
                    old: nil, new: Self.json(ContactFields(card.fields)))
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

    @discardableResult
    public func recordFailure(sourcePath: String, contentHash: String?, reason: String) throws(StoreError)
        -> Int64
    {
        if let contentHash, !ContentHash.isValid(contentHash) { throw .invalidContentHash(contentHash) }
        let id: Int64 = try write("record a failed scan") { db in
            let timestamp = now()
            let existing: Row?
            if let contentHash {
                existing = try Row.fetchOne(
                    db, sql: "SELECT id, status FROM scan WHERE content_hash = ?", arguments: [contentHash])
            } else {
                existing = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT id, status FROM scan WHERE content_hash IS NULL AND status = 'failed' AND source_path = ?
                        """, arguments: [sourcePath])
            }
            if let existing {
                let id: Int64 = existing["id"]
                // The same bytes already queued fine: the later failure does not undo that.
                if existing["status"] as String == "queued" { return id }
                try db.execute(
                    sql: "UPDATE scan SET failure_reason = ?, source_path = ?, updated_at = ? WHERE id = ?",
                    arguments: [reason, sourcePath, timestamp, id])
                try appendAudit(
                    db, actor: "cardscan", action: "record_failure", entity: "scan", entityID: id,
                    contactID: nil,
                    old: nil, new: Self.json(["source_path": sourcePath, "reason": reason]))
                return id
            }
            try db.execute(
                sql: """
                    INSERT INTO scan (content_hash, source_path, status, failure_reason, created_at, updated_at)
                    VALUES (?, ?, 'failed', ?, ?, ?)
                    """,
                arguments: [contentHash, sourcePath, reason, timestamp, timestamp])
            let id = db.lastInsertedRowID
            try appendAudit(
                db, actor: "cardscan", action: "record_failure", entity: "scan", entityID: id, contactID: nil,
                old: nil,
                new: Self.json(["source_path": sourcePath, "reason": reason]))
            return id
        }
        logger.info("scan failure recorded", metadata: ["scan.id": "\(id)"])
        return id
    }

    /// Copies a file into the image folder as `<aa>/<hash>.<ext>`, verifying the hash while
    /// copying; returns the path relative to the image folder. Idempotent.
    func storeImage(_ source: URL, contentHash: String) throws(StoreError) -> String {
        let ext = source.pathExtension.lowercased()
        let safeExt =
            (1...5).contains(ext.count) && ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
            ? ext : "bin"
        let relative = "\(contentHash.prefix(2))/\(contentHash).\(safeExt)"
        let target = imagesDirectory.appendingPathComponent(relative)
        if FileManager.default.fileExists(atPath: target.path) { return relative }
        let folder = target.deletingLastPathComponent()
        for directory in [imagesDirectory, folder] {
            if !FileManager.default.fileExists(atPath: directory.path) {
                do {
                    try FileManager.default.createDirectory(
                        at: directory, withIntermediateDirectories: true,
                        attributes: [.posixPermissions: 0o700])
                } catch {
                    throw .cannotStoreImage(
                        path: source.path, reason: "cannot create \(directory.path) (\(describe(error)))")
                }
            }
        }
        let temporary = folder.appendingPathComponent(".\(contentHash).\(UUID().uuidString).part")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw .cannotStoreImage(path: source.path, reason: String(cString: strerror(errno)))
        }
        var written = false
        defer { if !written { unlink(temporary.path) } }
        do {
            let output = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            let input = try FileHandle(forReadingFrom: source)
            defer { try? input.close() }
            var hasher = SHA256Box()
            while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(chunk)
                try output.write(contentsOf: chunk)
            }
            try output.synchronize()
            try output.close()
            guard hasher.finalize() == contentHash else { throw StoreError.contentChanged(path: source.path) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .cannotStoreImage(path: source.path, reason: describe(error))
        }
        guard rename(temporary.path, target.path) == 0 else {
            throw .cannotStoreImage(path: source.path, reason: String(cString: strerror(errno)))
        }
        written = true
        return relative
    }

    public func failures() throws(StoreError) -> [ScanFailure] {
        try read("list failed scans") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, source_path, content_hash, failure_reason, updated_at FROM scan
                    WHERE status = 'failed' ORDER BY updated_at DESC, id DESC
                    """
            ).map {
                ScanFailure(
                    scanID: $0["id"], sourcePath: $0["source_path"], contentHash: $0["content_hash"],
                    reason: $0["failure_reason"], updatedAt: $0["updated_at"])
            }
        }
    }
}
