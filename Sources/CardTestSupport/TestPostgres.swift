import Foundation

/// A fresh database on the private PostgreSQL server that `scripts/test` starts
/// (`CARDSCAN_TEST_POSTGRES_URL`, a superuser; `CARDSCAN_TEST_POSTGRES_BIN`, the folder of psql),
/// dropped when released. Without the server it throws: a test that needs it fails, never skips.
public final class TestPostgresDatabase: @unchecked Sendable {
    public let name = "cardscan_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    /// The server's URL as `scripts/test` exported it.
    public let serverURL: URLComponents

    public init() throws {
        guard let text = ProcessInfo.processInfo.environment["CARDSCAN_TEST_POSTGRES_URL"], !text.isEmpty,
            let components = URLComponents(string: text)
        else {
            throw TestPostgresFailure(
                message:
                    "CARDSCAN_TEST_POSTGRES_URL is not set: run the tests through scripts/test, which starts "
                    + "a private PostgreSQL server")
        }
        serverURL = components
        try psql("CREATE DATABASE \(name)", database: String(components.path.dropFirst()))
    }

    deinit {
        _ = try? psql(
            "DROP DATABASE IF EXISTS \(name) WITH (FORCE)", database: String(serverURL.path.dropFirst()))
    }

    /// The `--db` value (and `PostgresAddress(parsing:)` input) of this database, without TLS.
    public var url: String {
        "postgres://\(serverURL.user ?? "postgres")@\(serverURL.host ?? "127.0.0.1"):\(serverURL.port ?? 5432)/\(name)"
            + "?sslmode=disable"
    }

    /// Runs SQL through psql as the server's superuser (in this database unless `database` is given).
    @discardableResult
    public func psql(_ sql: String, database: String? = nil) throws -> String {
        let folder = ProcessInfo.processInfo.environment["CARDSCAN_TEST_POSTGRES_BIN"] ?? "/usr/bin"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "\(folder)/psql")
        process.arguments = [
            "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", serverURL.host ?? "127.0.0.1", "-p",
            "\(serverURL.port ?? 5432)", "-U", serverURL.user ?? "postgres", "-d", database ?? name, "-c",
            sql,
        ]
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "psql-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let errors = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
            throw TestPostgresFailure(message: "psql failed: \(errors)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

public struct TestPostgresFailure: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
