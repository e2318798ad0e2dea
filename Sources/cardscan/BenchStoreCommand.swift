import ArgumentParser
import CardStore
import Foundation

/// `cardscan bench-store` (hidden): times the queue listing and the duplicate check.
struct BenchStoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-store",
        abstract: "Time listing pending candidates and checking one for duplicates (in a temporary store).",
        shouldDisplay: false)

    @Option(help: "Pending candidates to list.") var pending = 10_000
    @Option(help: "Contacts to check duplicates against.") var contacts = 100_000
    @Flag(help: "Print the figures as JSON.") var json = false

    func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cardscan-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        FileHandle.standardError.write(
            Data("Seeding \(pending) candidates and \(contacts) contacts...\n".utf8))
        let figures = try runStore {
            try StoreBenchmark.run(
                pending: pending, contacts: contacts, at: folder.appendingPathComponent("bench.sqlite"))
        }
        if json { return try JSONOutput.print(figures) }
        output(
            String(
                format: "list %d pending candidates:            %8.2f ms (median)", figures.pendingCandidates,
                figures.listPendingMilliseconds))
        output(
            String(
                format: "duplicate check against %d contacts: %8.2f ms (median), %.2f ms worst",
                figures.contacts, figures.duplicateCheckMilliseconds, figures.duplicateCheckWorstMilliseconds)
        )
        output(
            String(
                format: "accept (one committed transaction):      %8.2f ms (median)",
                figures.acceptMilliseconds))
    }
}
