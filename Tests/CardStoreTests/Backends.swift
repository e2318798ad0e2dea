import CardModel
import Foundation
import Logging
import Testing

@testable import CardStore

/// The two implementations of ``CardStoring``: every contract test runs against both.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }
}

/// A fresh, empty store of one backend: a SQLite file in a temporary folder, or a new database
/// on the private PostgreSQL server `scripts/test` starts (dropped when the value is released).
final class StoreHarness: TemporaryFolder, @unchecked Sendable {
    let backend: Backend
    /// The fresh database's address (PostgreSQL only).
    let postgres: PostgresAddress?

    init(_ backend: Backend) throws {
        self.backend = backend
        if backend == .postgres {
            let server = try TestServer.address()
            let name = "cardscan_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try TestServer.psql("CREATE DATABASE \(name)")
            var address = server
            address.database = name
            postgres = address
        } else {
            postgres = nil
        }
        try super.init()
    }

    deinit {
        if let postgres {
            _ = try? TestServer.psql("DROP DATABASE IF EXISTS \(postgres.database) WITH (FORCE)")
        }
    }

    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Opens (and on first use creates and migrates) the store.
    func open() throws -> any CardStoring {
        switch backend {
        case .sqlite: try openStore()
        case .postgres: try openPostgres()
        }
    }

    func openPostgres(user: String? = nil, sslMode: PostgresAddress.SSLMode? = nil) throws -> PostgresCardStore {
        guard var address = postgres else { throw StoreError.invalidValue(field: "backend", reason: "not postgres") }
        if let user { address.user = user }
        if let sslMode { address.sslMode = sslMode }
        return try PostgresCardStore(address: address, logger: Self.quiet)
    }

    /// The `--db` value a CLI process uses for this store.
    var dbArgument: String {
        switch backend {
        case .sqlite: databaseURL.path
        case .postgres: postgresURL()
        }
    }

    func postgresURL(user: String? = nil) -> String {
        guard let postgres else { return "" }
        return "postgres://\(user ?? postgres.user)@\(postgres.host):\(postgres.port)/\(postgres.database)?sslmode=disable"
    }

    /// Runs SQL as the server's superuser in this store's database.
    func psql(_ sql: String) throws -> String {
        try TestServer.psql(sql, database: postgres?.database)
    }
}

/// The private PostgreSQL server of `scripts/test` (CARDSCAN_TEST_POSTGRES_URL).
enum TestServer {
    static var url: String? { ProcessInfo.processInfo.environment["CARDSCAN_TEST_POSTGRES_URL"] }

    static func address() throws -> PostgresAddress {
        guard let url, !url.isEmpty else {
            throw StoreError.cannotOpen(
                path: "CARDSCAN_TEST_POSTGRES_URL",
                reason: "no test PostgreSQL server: run the tests through scripts/test, which starts one")
        }
        var address = try PostgresAddress(parsing: url)
        address.sslMode = .disable
        return address
    }

    /// A program of the server's installation (psql, pg_dump).
    static func tool(_ name: String) -> String {
        let folder = ProcessInfo.processInfo.environment["CARDSCAN_TEST_POSTGRES_BIN"] ?? "/usr/bin"
        let path = "\(folder)/\(name)"
        return FileManager.default.isExecutableFile(atPath: path) ? path : "/usr/bin/\(name)"
    }

    /// Runs SQL through psql as the superuser; throws with psql's message on failure.
    @discardableResult
    static func psql(_ sql: String, database: String? = nil) throws -> String {
        let server = try address()
        return try run(
            tool("psql"),
            [
                "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", server.host, "-p", "\(server.port)", "-U",
                server.user, "-d", database ?? server.database, "-c", sql,
            ])
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String], input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw StoreError.database(
                operation: "\(executable) \(arguments.suffix(1).joined())",
                reason: String(decoding: errors, as: UTF8.self))
        }
        return String(decoding: output, as: UTF8.self)
    }
}
