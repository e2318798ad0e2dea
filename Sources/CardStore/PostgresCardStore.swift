import CardModel
import CardPhone
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// The shared store: the same queue, contacts, images and audit trail in one PostgreSQL database,
/// for several scanning stations and reviewers on several machines.
///
/// One connection per process (commands are short; a watcher keeps its connection and reconnects
/// when the server drops it). Every method is one transaction at READ COMMITTED; the rows a
/// decision depends on are locked with `SELECT ... FOR UPDATE` and every versioned `UPDATE` checks
/// its row count. `Store.md` lists the isolation level and the locks of each operation.
public final class PostgresCardStore: CardStoring, @unchecked Sendable {
    /// The database role an operation needs (the roles of `sql/postgres-roles.sql`).
    public enum Role: String, Sendable {
        case station = "cardscan_station"
        case reviewer = "cardscan_reviewer"
        case admin = "cardscan_admin"
    }

    public let address: PostgresAddress
    let logger: Logger
    let now: @Sendable () -> Date
    /// Serialises this process's use of its one connection (a transaction is a sequence of queries).
    private let lock = NSLock()
    private var connection: PostgresConnection?
    private let eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    /// Where `imageFile(ofCandidate:)` writes copies for a local viewer.
    let imageCache: URL
    /// The one normaliser every written contact goes through, as in the SQLite store.
    let normalizer = ContactNormalizer(phoneNumbers: LibPhoneNumber())

    /// Connects and migrates (under an advisory lock, so several processes starting at once
    /// migrate once). Refuses a database migrated by a newer cardscan.
    public init(
        address: PostgresAddress, logger: Logger, migrate: Bool = true, now: @escaping @Sendable () -> Date = { Date() }
    ) throws(StoreError) {
        self.address = address
        self.logger = logger
        self.now = now
        self.imageCache = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cardscan-images-\(getuid())", isDirectory: true)
        lock.lock()
        defer { lock.unlock() }
        connection = try connect()
        if migrate {
            do {
                try self.migrate()
            } catch {
                // PostgresNIO asserts that a connection is closed before it is released.
                try? connection?.close().wait()
                throw error
            }
        }
        logger.debug("store opened", metadata: ["store.url": "\(address)"])
    }

    deinit {
        if let connection { try? connection.close().wait() }
    }

    // MARK: - Connecting

    private func connect() throws(StoreError) -> PostgresConnection {
        let configuration: PostgresConnection.Configuration
        do {
            if let directory = address.socketDirectory {
                configuration = PostgresConnection.Configuration(
                    unixSocketPath: "\(directory)/.s.PGSQL.\(address.port)", username: address.user,
                    password: address.password, database: address.database)
            } else {
                var tls = try tlsConfiguration()
                if address.sslMode == .disable { tls = .disable }
                // PostgresNIO sends the host as SNI and NIOSSL checks it (or, for an IP address,
                // the peer's address) against the certificate under `.fullVerification`.
                configuration = PostgresConnection.Configuration(
                    host: address.host, port: address.port, username: address.user, password: address.password,
                    database: address.database, tls: tls)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .cannotOpen(path: address.description, reason: "TLS set-up failed: \(Self.reason(error))")
        }
        do {
            return try PostgresConnection.connect(
                on: eventLoopGroup.next(), configuration: configuration, id: 1, logger: quietLogger
            ).wait()
        } catch {
            throw .cannotOpen(
                path: address.description,
                reason: "cannot connect (\(Self.reason(error))). Check that the server runs, the host, port, "
                    + "user and password, and its pg_hba.conf")
        }
    }

    /// PostgresNIO logs every failed query at its own levels; the store reports errors itself.
    private var quietLogger: Logger {
        var quiet = logger
        quiet.logLevel = .critical
        return quiet
    }

    /// libpq's sslmode, with NIOSSL: `require` encrypts without checking the certificate,
    /// `verify-ca` checks the chain, `verify-full` the chain and the host name.
    private func tlsConfiguration() throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch address.sslMode {
        case .disable: return .disable
        case .allow, .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        if address.sslMode == .verifyCA || address.sslMode == .verifyFull {
            let defaultRoot = NSString(string: "~/.postgresql/root.crt").expandingTildeInPath
            let root =
                address.sslRootCert
                ?? (FileManager.default.fileExists(atPath: defaultRoot) ? defaultRoot : nil)
            if let root {
                tls.trustRoots = .file(root)
            }
        }
        let context = try NIOSSLContext(configuration: tls)
        switch address.sslMode {
        case .allow, .prefer: return .prefer(context)
        default: return .require(context)
        }
    }

    // MARK: - Migrations

    private func migrate() throws(StoreError) {
        let known = PostgresSchema.migrations.map(\.id)
        do {
            let applied = try appliedMigrations()
            if let applied, Set(applied).isSuperset(of: known) {
                try refuseNewer(applied: applied, known: known)
                return
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .cannotOpen(path: address.description, reason: "cannot read the schema (\(Self.reason(error)))")
        }
        // Something to do: one process at a time, under a transaction-scoped advisory lock.
        do {
            try transactionBody("migrate the store", role: .admin) { tx in
                try tx.execute("SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLockKey))")
                let applied = try self.appliedMigrations(tx) ?? []
                try self.refuseNewer(applied: applied, known: known)
                for migration in PostgresSchema.migrations where !applied.contains(migration.id) {
                    // The extended protocol runs one statement per query.
                    for statement in PostgresSchema.statements(migration.sql) {
                        try tx.execute(PostgresQuery(unsafeSQL: statement))
                    }
                    try tx.execute("INSERT INTO cardscan_migration (id) VALUES (\(migration.id))")
                    self.logger.info("store migrated", metadata: ["migration": "\(migration.id)"])
                }
            }
        } catch let error as StoreError {
            if case .permissionDenied = error {
                throw .cannotOpen(
                    path: address.description,
                    reason: "the database needs migrations this user may not run; run any cardscan "
                        + "command once as the database owner or a member of cardscan_admin")
            }
            throw error
        }
    }

    private func refuseNewer(applied: [String], known: [String]) throws(StoreError) {
        let unknown = Set(applied).subtracting(known)
        if !unknown.isEmpty {
            throw .newerSchema(path: address.description, unknownMigrations: unknown.sorted())
        }
    }

    /// Applied migration identifiers, or nil when the store has no schema yet.
    private func appliedMigrations(_ tx: Transaction? = nil) throws -> [String]? {
        let tx = try tx ?? Transaction(connection: liveConnection(), logger: quietLogger)
        // pg_tables, not to_regclass(): an MVCC read of the catalog sees a table another process
        // committed while we waited for the advisory lock (the syscache behind to_regclass may not).
        let exists = try tx.rows(
            """
            SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = current_schema()
                AND tablename = 'cardscan_migration') AS present
            """)
        guard try exists.first?["present"].decode(Bool.self) == true else { return nil }
        return try tx.rows("SELECT id FROM cardscan_migration ORDER BY id").map { try $0["id"].decode(String.self) }
    }

    /// The schema migrations this database has applied (for tests and `Store.md`'s checks).
    public func appliedMigrationIDs() throws(StoreError) -> [String] {
        try transaction("read the schema", role: .station) { tx in try self.appliedMigrations(tx) ?? [] }
    }

    // MARK: - Transactions

    private func liveConnection() throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        logger.info("reconnecting to the store", metadata: ["store.url": "\(address)"])
        let fresh = try connect()
        connection = fresh
        return fresh
    }

    /// Runs `body` in one READ COMMITTED transaction (the caller holds `lock`), retrying on a
    /// serialization failure or deadlock; maps errors to ``StoreError``.
    private func transactionBody<T>(
        _ operation: String, role: Role, readOnly: Bool = false, _ body: (Transaction) throws -> T
    ) throws(StoreError) -> T {
        var attempt = 0
        while true {
            attempt += 1
            let connection: PostgresConnection
            do { connection = try liveConnection() } catch let error as StoreError { throw error } catch {
                throw .database(operation: operation, reason: Self.reason(error))
            }
            let tx = Transaction(connection: connection, logger: quietLogger)
            do {
                try tx.execute(readOnly ? "BEGIN READ ONLY" : "BEGIN")
                let result = try body(tx)
                try tx.execute("COMMIT")
                return result
            } catch {
                _ = try? tx.execute("ROLLBACK")
                let state = Self.sqlState(error)
                // 40001 serialization_failure, 40P01 deadlock_detected: the transaction wrote nothing.
                if (state == "40001" || state == "40P01") && attempt < 5 {
                    Thread.sleep(forTimeInterval: Double.random(in: 0.01...0.05) * Double(attempt))
                    continue
                }
                if let error = error as? StoreError { throw error }
                if state == "42501" {
                    throw .permissionDenied(operation: operation, role: role.rawValue)
                }
                throw .database(operation: operation, reason: Self.reason(error))
            }
        }
    }

    func transaction<T>(
        _ operation: String, role: Role, readOnly: Bool = false, _ body: (Transaction) throws -> T
    ) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try transactionBody(operation, role: role, readOnly: readOnly, body)
    }

    func read<T>(_ operation: String, role: Role = .reviewer, _ body: (Transaction) throws -> T)
        throws(StoreError) -> T
    {
        try transaction(operation, role: role, readOnly: true, body)
    }

    /// Runs `body` on the connection outside a transaction (for VACUUM), under the connection lock.
    func withConnection<T>(_ body: (Transaction) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(Transaction(connection: try liveConnection(), logger: quietLogger))
    }

    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// The server's message (names tables and constraints, not values: the DETAIL, which may
    /// quote a row, is left out) or the connection error.
    static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let info = error.serverInfo {
                return "\(info[.sqlState] ?? "") \(info[.message] ?? "")"
            }
            if let underlying = error.underlying { return "\(error.code): \(underlying)" }
            return "\(error.code)"
        }
        if let error = error as? PostgresDecodingError {
            return "cannot read column \(error.columnName) (\(error.code))"
        }
        return describe(error)
    }

    // MARK: - Audit

    func appendAudit(
        _ tx: Transaction, actor: String, action: String, entity: String, entityID: Int64, contactID: Int64?,
        old: String?, new: String?
    ) throws {
        try tx.execute(
            """
            INSERT INTO audit (at, actor, action, entity, entity_id, contact_id, old_values, new_values)
            VALUES (\(now()), \(actor), \(action), \(entity), \(entityID), \(contactID), \(old), \(new))
            """)
    }
}

/// One open transaction on the store's connection: queries wait for their results.
struct Transaction {
    let connection: PostgresConnection
    let logger: Logger

    /// Runs a statement; returns the number of rows it changed (or returned).
    @discardableResult
    func execute(_ query: PostgresQuery) throws -> Int {
        let result = try connection.query(query, logger: logger).wait()
        return result.metadata.rows ?? 0
    }

    /// The rows as PostgresNIO returns them (decode a tuple with `row.decode(...)`, the fastest way).
    func result(_ query: PostgresQuery) throws -> PostgresQueryResult {
        try connection.query(query, logger: logger).wait()
    }

    func rows(_ query: PostgresQuery) throws -> [PostgresRandomAccessRow] {
        try connection.query(query, logger: logger).wait().map { $0.makeRandomAccess() }
    }

    func row(_ query: PostgresQuery) throws -> PostgresRandomAccessRow? {
        try rows(query).first
    }

    /// The first column of every row.
    func column<T: PostgresDecodable>(_ type: T.Type, _ query: PostgresQuery) throws -> [T] {
        try rows(query).map { try $0[0].decode(T.self) }
    }

    func value<T: PostgresDecodable>(_ type: T.Type, _ query: PostgresQuery) throws -> T? {
        try rows(query).first.map { try $0[0].decode(T.self) }
    }
}

extension PostgresRandomAccessRow {
    func get<T: PostgresDecodable>(_ column: String, _ type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }
}
