import ArgumentParser
import Foundation

/// The `cardscan` command: business-card OCR ingestion.
@main
struct CardScan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cardscan",
        abstract: "Turn photos and scans of business cards into reviewed customer records.",
        discussion: """
            Results go to stdout (text tables, or JSON with --json); progress, logs and errors go \
            to stderr. Exit codes: 0 ok, 1 some inputs failed, 2 all failed, 3 not found, 4 conflict, \
            5 environment (missing OCR language, store unusable), 6 possible duplicate, 64 usage, 70 bug.
            """,
        version: "0.1.0",
        subcommands: [
            ScanCommand.self,
            EvalCommand.self,
            BenchCommand.self,
            QueueCommand.self,
            ReviewCommand.self,
            ContactsCommand.self,
            AuditCommand.self,
            BenchStoreCommand.self,
            WatchCommand.self,
        ]
    )

    static func main() async {
        Environment.ensureSingleThreadedOpenMP()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
