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
