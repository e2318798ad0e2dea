import ArgumentParser
import CardStore
import Foundation

/// `cardscan bench-store` (hidden): times the queue listing, the duplicate check and an accept,
/// on SQLite and (with --postgres) on PostgreSQL side by side.
struct BenchStoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-store",
        abstract: "Time listing pending candidates, checking one for duplicates and accepting (in temporary stores).",
        shouldDisplay: false)

    @Option(help: "Pending candidates to list.") var pending = 10_000
    @Option(help: "Contacts to check duplicates against.") var contacts = 100_000
    @Option(
        help: ArgumentHelp(
            "Also measure PostgreSQL: a server URL whose user may CREATE DATABASE (a temporary one is made and dropped).",
            valueName: "URL"))
    var postgres: String?
    @Flag(help: "Print the figures as JSON.") var json = false

    struct Report: Encodable {
        var sqlite: StoreBenchmark.Figures
        var postgres: StoreBenchmark.Figures?
    }

    func run() throws {
        let server: PostgresAddress?
        do {
            server = try postgres.map { try PostgresAddress(parsing: $0, source: "--postgres") }
        } catch {
            throw ValidationError("\(error)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cardscan-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        FileHandle.standardError.write(
            Data("Seeding \(pending) candidates and \(contacts) contacts (SQLite)...\n".utf8))
        let sqlite = try runStore {
            try StoreBenchmark.run(
                pending: pending, contacts: contacts, at: folder.appendingPathComponent("bench.sqlite"))
        }
        var pg: StoreBenchmark.Figures?
        if let server {
            FileHandle.standardError.write(Data("Seeding the same in PostgreSQL (\(server))...\n".utf8))
            pg = try runStore { try StoreBenchmark.runPostgres(pending: pending, contacts: contacts, server: server) }
        }
        if json { return try JSONOutput.print(Report(sqlite: sqlite, postgres: pg)) }
        func cell(_ value: Double?) -> String { value.map { String(format: "%8.2f ms", $0) } ?? "" }
        let rows: [(String, Double, Double?)] = [
            ("list \(sqlite.pendingCandidates) pending candidates (median)", sqlite.listPendingMilliseconds,
             pg?.listPendingMilliseconds),
            ("duplicate check against \(sqlite.contacts) contacts (median)", sqlite.duplicateCheckMilliseconds,
             pg?.duplicateCheckMilliseconds),
            ("duplicate check, worst", sqlite.duplicateCheckWorstMilliseconds, pg?.duplicateCheckWorstMilliseconds),
            ("accept, one committed transaction (median)", sqlite.acceptMilliseconds, pg?.acceptMilliseconds),
        ]
        output(table(["OPERATION", "SQLITE", pg == nil ? "" : "POSTGRESQL"], rows.map { [$0.0, cell($0.1), cell($0.2)] }))
    }
}
