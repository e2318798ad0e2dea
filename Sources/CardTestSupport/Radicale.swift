import Foundation

/// A real CardDAV server for the tests: Debian's radicale on a free loopback port, with a temp
/// storage folder and one user (plain htpasswd), stopped when released.
///
/// `scripts/test` starts one for the whole run and exports `CARDSCAN_TEST_CARDDAV` as
/// `URL USER PASSWORD`; without it (a plain `swift test`) the tests start their own.
public final class Radicale: @unchecked Sendable {
    public let root: URL
    public let user = "alice"
    public let password = "wonderland-\(UUID().uuidString.prefix(8))"
    public let port: Int
    private var process: Process?

    public var baseURL: URL {
        var components = URLComponents()
        components.scheme = "http"
        components.host = "127.0.0.1"
        components.port = port
        components.path = "/"
        return components.url ?? URL(fileURLWithPath: "/")
    }

    public init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("radicale-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        port = try Self.freePort()
        try "\(user):\(password)\n".write(
            to: root.appendingPathComponent("users"), atomically: true, encoding: .utf8)
        let config = """
            [server]
            hosts = 127.0.0.1:\(port)
            [auth]
            type = htpasswd
            htpasswd_filename = \(root.path)/users
            htpasswd_encryption = plain
            delay = 0
            [rights]
            type = owner_only
            [storage]
            filesystem_folder = \(root.path)/collections
            [logging]
            level = warning
            """
        try config.write(to: root.appendingPathComponent("config"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/radicale")
        process.arguments = ["--config", root.appendingPathComponent("config").path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        self.process = process
        // Wait until it accepts connections (it starts in well under a second).
        for _ in 0..<100 {
            if Self.canConnect(port: port) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw RadicaleFailure(message: "radicale did not start on port \(port)")
    }

    deinit {
        // SIGKILL: radicale 3.1 keeps running after SIGTERM while a client connection lingers,
        // and waiting for it would hang the test run. Its storage is a temp folder we delete.
        if let process, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: root)
    }

    public struct RadicaleFailure: Error { var message: String }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(fd, pointer, length) == 0 else { return -1 }
                return getsockname(fd, pointer, &length)
            }
        }
        guard bound == 0 else { throw RadicaleFailure(message: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

/// The server the tests push to: `scripts/test`'s, or one of our own.
public struct CardDAVServer: Sendable {
    public let baseURL: URL
    public let user: String
    public let password: String
    /// Keeps our own server running while the test uses it.
    let owned: Radicale?

    public static func make() throws -> CardDAVServer {
        if let shared = ProcessInfo.processInfo.environment["CARDSCAN_TEST_CARDDAV"] {
            let parts = shared.split(separator: " ").map(String.init)
            if parts.count == 3, let url = URL(string: parts[0]) {
                return CardDAVServer(baseURL: url, user: parts[1], password: parts[2], owned: nil)
            }
        }
        let server = try Radicale()
        return CardDAVServer(
            baseURL: server.baseURL, user: server.user, password: server.password, owned: server)
    }

    /// A fresh address book URL for one test (created by the push's --create).
    public func newAddressBook() -> URL {
        baseURL.appendingPathComponent("\(user)/book-\(UUID().uuidString.prefix(8))/")
    }
}
