import Foundation
import Testing

/// Protects the service unit's hardening: systemd's own rating of contrib/cardscan-watch.service
/// stays below 3.0 (it was 6.3), and the unit keeps its mount dependency and scanner group.
@Test func serviceUnitIsHardened() throws {
    let unit = ScanCLITests.root.appendingPathComponent("contrib/cardscan-watch.service")
    let text = try String(contentsOf: unit, encoding: .utf8)
    #expect(text.contains("RequiresMountsFor=/srv/cardscan/drop /var/lib/cardscan"))
    #expect(text.contains("SupplementaryGroups=scanner"))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-analyze")
    process.arguments = ["security", "--offline=true", unit.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let line = try #require(output.split(separator: "\n").first { $0.contains("Overall exposure level") })
    let score = try #require(
        line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) })
    #expect(score < 3.0, "\(line)")
}

/// Protects the PostgreSQL station drop-in: applied by systemd's own drop-in mechanism
/// (`--root` with the unit and contrib/cardscan-watch.service.d/postgres.conf in
/// /etc/systemd/system), the unit may reach the database over TCP and is still rated below 3.0.
@Test func postgresStationDropInStaysHardened() throws {
    let contrib = ScanCLITests.root.appendingPathComponent("contrib")
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("cardscan-unit-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let system = root.appendingPathComponent("etc/systemd/system")
    let dropIns = system.appendingPathComponent("cardscan-watch.service.d")
    try FileManager.default.createDirectory(at: dropIns, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
        at: contrib.appendingPathComponent("cardscan-watch.service"),
        to: system.appendingPathComponent("cardscan-watch.service"))
    try FileManager.default.copyItem(
        at: contrib.appendingPathComponent("cardscan-watch.service.d/postgres.conf"),
        to: dropIns.appendingPathComponent("postgres.conf"))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-analyze")
    process.arguments = ["security", "--offline=true", "--root=\(root.path)", "cardscan-watch.service"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    // The drop-in took effect: the service may use the network (the base unit may not).
    #expect(output.contains("Service has access to the host's network"), "drop-in not applied")
    let line = try #require(output.split(separator: "\n").first { $0.contains("Overall exposure level") })
    let score = try #require(
        line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) })
    #expect(score < 3.0, "\(line)")
}
