import Foundation

/// Which store a command uses, parsed once from `--db` / `$CARDSCAN_DB`.
///
/// A `postgres://` or `postgresql://` URL selects the PostgreSQL store; anything without a
/// `scheme://` prefix is a SQLite file path (resolved as ``StoreLocation/databaseURL(explicit:environment:)``
/// says); any other `scheme://` is a usage error, so a typo never becomes a file named `postgre:/...`.
public enum StoreAddress: Sendable, Equatable, CustomStringConvertible {
    case sqlite(URL)
    case postgres(PostgresAddress)

    /// The address by the one rule every command uses.
    public static func resolve(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(StoreError) -> StoreAddress {
        let given: (text: String, source: String)? =
            if let explicit, !explicit.isEmpty { (explicit, "--db") }
            else if let value = environment["CARDSCAN_DB"], !value.isEmpty { (value, "CARDSCAN_DB") }
            else { nil }
        guard let given else { return .sqlite(StoreLocation.databaseURL(explicit: nil, environment: environment)) }
        if let scheme = Self.scheme(of: given.text) {
            switch scheme.lowercased() {
            case "postgres", "postgresql":
                return .postgres(try PostgresAddress(parsing: given.text, source: given.source))
            default:
                throw .invalidValue(
                    field: given.source,
                    reason: "'\(scheme)://' is not a store cardscan knows; give a file path for SQLite or "
                        + "postgres://USER@HOST[:PORT]/DB[?sslmode=verify-full] for PostgreSQL")
            }
        }
        return .sqlite(StoreLocation.databaseURL(explicit: given.text, environment: [:]))
    }

    /// `scheme` when the text starts with `scheme://` (RFC 3986 scheme characters).
    static func scheme(of text: String) -> String? {
        guard let range = text.range(of: "://") else { return nil }
        let scheme = text[..<range.lowerBound]
        guard let first = scheme.first, first.isASCII, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return nil }
        return String(scheme)
    }

    public var description: String {
        switch self {
        case .sqlite(let url): url.path
        case .postgres(let address): address.description
        }
    }
}

/// A PostgreSQL store: `postgres://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=...&sslrootcert=...]`.
///
/// `host=/path/to/dir` in the query selects a Unix socket in that folder (as libpq does). The
/// password never appears in ``description`` or in an error message.
public struct PostgresAddress: Sendable, Equatable, CustomStringConvertible {
    /// libpq's `sslmode` values (postgresql.org/docs/current/libpq-ssl.html, table 34.1).
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    /// The folder of the server's Unix socket, when connecting through one.
    public var socketDirectory: String?
    public var user: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode
    /// The CA certificate(s) a `verify-ca`/`verify-full` connection trusts (default: the system's).
    public var sslRootCert: String?

    public init(
        host: String = "localhost", port: Int = 5432, socketDirectory: String? = nil, user: String,
        password: String? = nil, database: String, sslMode: SSLMode = .prefer, sslRootCert: String? = nil
    ) {
        self.host = host
        self.port = port
        self.socketDirectory = socketDirectory
        self.user = user
        self.password = password
        self.database = database
        self.sslMode = sslMode
        self.sslRootCert = sslRootCert
    }

    public init(parsing text: String, source: String = "--db") throws(StoreError) {
        func bad(_ reason: String) -> StoreError {
            .invalidValue(
                field: source,
                reason: "\(reason); expected postgres://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=verify-full]")
        }
        guard let components = URLComponents(string: text) else { throw bad("not a valid URL") }
        let user = components.user ?? ""
        guard !user.isEmpty else { throw bad("no user name before '@'") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw bad("no database name after the host") }
        var host = components.host ?? ""
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        var socketDirectory: String?
        var sslMode = SSLMode.prefer
        var sslRootCert: String?
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) else {
                    throw bad(
                        "sslmode '\(value)' is not one of "
                            + SSLMode.allCases.map(\.rawValue).joined(separator: ", "))
                }
                sslMode = mode
            case "sslrootcert":
                sslRootCert = (value as NSString).expandingTildeInPath
            case "host":
                guard value.hasPrefix("/") else { throw bad("host= in the query must be a socket folder") }
                socketDirectory = value
            case "application_name", "connect_timeout":
                continue
            default:
                throw bad("unknown parameter '\(item.name)'")
            }
        }
        if host.isEmpty && socketDirectory == nil { host = "localhost" }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw bad("port \(port) is out of range") }
        self.init(
            host: host.isEmpty ? "localhost" : host, port: port, socketDirectory: socketDirectory, user: user,
            password: components.password, database: database, sslMode: sslMode, sslRootCert: sslRootCert)
    }

    /// The URL without the password, for messages and logs.
    public var description: String {
        var text = "postgres://\(user)@"
        if let socketDirectory {
            text += "/\(database)?host=\(socketDirectory)"
        } else {
            text += "\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)"
        }
        if socketDirectory == nil { text += "?sslmode=\(sslMode.rawValue)" }
        return text
    }
}
