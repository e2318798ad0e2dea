import CardTestSupport
import Foundation
import Testing

/// Runs a program and returns its exit status with stdout and stderr together.
private func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws
    -> (status: Int32, output: String)
{
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["OMP_THREAD_LIMIT"] = "1"
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

private let canCreateAccounts =
    getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/useradd")
    && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

/// The README's service set-up with real accounts (systemd itself is not run: the unit's
/// `SupplementaryGroups=scanner` is what `setpriv --init-groups` gives here from `useradd
/// --groups`). Creates throwaway system accounts, so it needs root, as CI has.
@Suite(.serialized, .enabled(if: canCreateAccounts, "needs root, useradd and setpriv to create the documented accounts"))
struct ServiceSetupTests {
    /// Protects the documented set-up: a file the scanner account drops into the setgid folder
    /// with umask 0027 is read by the cardscan account through the group and queued; a file
    /// dropped without group read is refused with advice naming the group, not `chmod u+r`.
    @Test func documentedSetupReadsWhatTheScannerDropped() throws {
        let tag = String(UUID().uuidString.prefix(6)).lowercased()
        let group = "cst\(tag)g"
        let service = "cst\(tag)s"
        let scanner = "cst\(tag)u"
        defer {
            _ = try? run("/usr/sbin/userdel", [service])
            _ = try? run("/usr/sbin/userdel", [scanner])
            _ = try? run("/usr/sbin/groupdel", [group])
        }
        // The README's commands, with throwaway names.
        #expect(try run("/usr/sbin/groupadd", ["--system", group]).status == 0)
        for user in [service, scanner] {
            let made = try run(
                "/usr/sbin/useradd",
                ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "--groups", group, user])
            #expect(made.status == 0, "\(made.output)")
        }
        let base = try TemporaryDirectory()
        _ = try run("/bin/chmod", ["0755", base.url.path])
        let drop = base.url.appendingPathComponent("drop").path
        let state = base.url.appendingPathComponent("state").path
        #expect(try run("/usr/bin/install", ["-d", "-o", service, "-g", group, "-m", "2770", drop]).status == 0)
        #expect(try run("/usr/bin/install", ["-d", "-o", service, "-m", "0700", state]).status == 0)

        // The binary and the card are copied out of the checkout, which the throwaway accounts
        // may not be able to reach (a clone under /root), as /usr/local/bin is in the README.
        let binary = base.url.appendingPathComponent("cardscan").path
        let sample = base.url.appendingPathComponent("card.png").path
        try FileManager.default.copyItem(atPath: CardscanProcess.executable.path, toPath: binary)
        try FileManager.default.copyItem(
            atPath: ScanCLITests.samples.appendingPathComponent("clean.png").path, toPath: sample)
        _ = try run("/bin/chmod", ["0755", binary])
        _ = try run("/bin/chmod", ["0644", sample])

        // The scanner account writes one file group-readable, one private.
        let copied = try run(
            "/usr/bin/setpriv",
            [
                "--reuid", scanner, "--regid", scanner, "--init-groups", "--", "/bin/sh", "-c",
                "umask 0027 && cp \"$0\" \"$1/card.png\" && umask 0077 && cp \"$0\" \"$1/private.png\"",
                sample, drop,
            ])
        #expect(copied.status == 0, "\(copied.output)")
        let attributes = try FileManager.default.attributesOfItem(atPath: drop + "/card.png")
        #expect(attributes[.groupOwnerAccountName] as? String == group, "the setgid folder gives the file its group")
        #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o777 } == 0o640)

        // The cardscan account reads it through the group and queues the card.
        func scanAsService(_ file: String) throws -> (status: Int32, output: String) {
            try run(
                "/usr/bin/setpriv",
                [
                    "--reuid", service, "--regid", service, "--init-groups", "--",
                    binary, "scan", "--db", state + "/cardscan.sqlite", file,
                ],
                environment: ["HOME": state])
        }
        let read = try scanAsService(drop + "/card.png")
        #expect(read.status == 0, "\(read.output)")
        let refused = try scanAsService(drop + "/private.png")
        #expect(refused.status != 0)
        #expect(refused.output.contains("permission denied"), "\(refused.output)")
        #expect(refused.output.contains("chmod g+r"), "\(refused.output)")
    }
}
