import CardModel
import CardPhone
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
    /// The one normaliser every written contact goes through (E.164 under the card's region).
    let normalizer: ContactNormalizer
    /// Seconds a write waits for another process's lock.
    let busyTimeout: TimeInterval

    /// Opens (creating when needed, mode 0600 in a 0700 folder) and migrates the store at `url`.
    ///
    /// With `readOnly`, nothing is created or written: a missing file is
    /// ``StoreError/storeNotFound(path:)``, and a store this user may only read can be read.
    public init(
        url: URL, logger: Logger, busyTimeout: TimeInterval = 10, readOnly: Bool = false,
        faults: FaultInjection = FaultInjection(), now: @escaping @Sendable () -> Date = { Date() },
        phoneNumbers: (any PhoneNumberParsing)? = LibPhoneNumber()
    ) throws(StoreError) {
        self.normalizer = ContactNormalizer(phoneNumbers: phoneNumbers)
        self.databaseURL = url
        self.imagesDirectory = StoreLocation.imagesDirectory(forDatabase: url)
        self.logger = logger
        self.now = now
        self.faults = faults
        self.busyTimeout = busyTimeout
        let path = url.path
        if readOnly {
            guard FileManager.default.fileExists(atPath: path) else { throw .storeNotFound(path: path) }
        } else {
            try Self.createPrivateDirectory(url.deletingLastPathComponent(), databasePath: path)
            try Self.createPrivateFile(path)
        }

        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "cardscan.store"
        configuration.readonly = readOnly
        if readOnly {
            configuration.prepareDatabase { db in
                // A quick check that the file is a database at all (SQLITE_NOTADB otherwise).
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master")
            }
            do {
                dbQueue = try DatabaseQueue(path: Self.readOnlyPath(path), configuration: configuration)
            } catch {
                throw Self.openError(error, path: path)
            }
            try checkSchemaForReading()
            return
        }
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
            throw Self.openError(error, path: path)
        }
        try migrate()
        for suffix in ["-wal", "-shm"] { chmod(path + suffix, 0o600) }
        logger.debug("store opened", metadata: ["store.path": "\(path)"])
    }

    /// Where a read-only connection opens `path`: the path itself, or, when this user cannot
    /// write the file or its WAL index (a store of another user, mode 0644), an `immutable=1`
    /// URI: SQLite then reads without the WAL index it could not create or lock ("attempt to
    /// write a readonly database" otherwise). Only when the WAL holds nothing: its pages would
    /// be missed.
    static func readOnlyPath(_ path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        let canWrite =
            access(path, W_OK) == 0
            && (access(path + "-shm", W_OK) == 0 || (access(path + "-shm", F_OK) != 0 && access(folder, W_OK) == 0))
        guard !canWrite else { return path }
        var info = stat()
        let walIsEmpty = stat(path + "-wal", &info) != 0 || info.st_size == 0
        guard walIsEmpty, let escaped = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) else {
            return path
        }
        // sqlite.org/uri.html: "immutable=1 ... the database file cannot be changed"; Debian's
        // SQLite is built with URI filenames enabled.
        return "file:\(escaped)?immutable=1"
    }

    /// The error for a store that cannot be opened: a file that is not a database says so
    /// instead of sending the user to check folder permissions (issue 11, item 7).
    static func openError(_ error: any Error, path: String) -> StoreError {
        if let error = error as? DatabaseError, error.resultCode == .SQLITE_NOTADB {
            return .notADatabase(path: path)
        }
        if let error = error as? StoreError { return error }
        return .cannotOpen(path: path, reason: reason(error))
    }

    /// A read-only store must be of a schema this build knows and has fully applied.
    private func checkSchemaForReading() throws(StoreError) {
        let migrator = Schema.migrator
        let path = databaseURL.path
        do {
            let (superseded, complete, applied) = try dbQueue.read { db in
                (
                    try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db),
                    try migrator.appliedIdentifiers(db)
                )
            }
            if superseded {
                throw StoreError.newerSchema(
                    path: path, unknownMigrations: applied.subtracting(Set(migrator.migrations)).sorted())
            }
            if !complete {
                throw StoreError.cannotOpen(
                    path: path,
                    reason: "it was written by an older cardscan; run a command that writes (such as `cardscan scan`) once to upgrade it")
            }
        } catch {
            throw Self.openError(error, path: path)
        }
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
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw .notADatabase(path: databaseURL.path)
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
                            note = ?, event = ?, updated_at = ? WHERE id = ?
                        """,
                    arguments: [scan.sourcePath, imageFile, scan.note, scan.event, timestamp, id])
                scanID = id
            } else {
                try db.execute(
                    sql: """
                        INSERT INTO scan (content_hash, source_path, image_file, status, created_at, updated_at,
                            note, event)
                        VALUES (?, ?, ?, 'queued', ?, ?, ?, ?)
                        """,
                    arguments: [
                        scan.contentHash, scan.sourcePath, imageFile, timestamp, timestamp, scan.note, scan.event,
                    ])
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

    /// `claim` is ignored: a SQLite store has no shared drop folders (its watcher holds a `flock`).
    @discardableResult
    public func recordFailure(sourcePath: String, contentHash: String?, reason: String, claim: FileClaim?)
        throws(StoreError) -> Int64
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
            let input = try openForReading(source)
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
