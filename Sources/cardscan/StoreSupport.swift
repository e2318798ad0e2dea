import ArgumentParser
import CardModel
import CardStore
import Foundation
import Logging

/// Options every store command shares.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: ArgumentHelp(
            "The store: a SQLite file, or postgres://USER@HOST[:PORT]/DB[?sslmode=verify-full] for a shared "
                + "PostgreSQL store (default: $CARDSCAN_DB, else $XDG_DATA_HOME/cardscan/cardscan.sqlite).",
            valueName: "PATH|URL"))
    var databasePath: String?

    /// The store by the one rule every command uses (a URL scheme cardscan does not know is a usage error).
    func address() throws -> StoreAddress {
        do {
            return try StoreAddress.resolve(explicit: databasePath)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// A URL of an unknown scheme, or a malformed postgres:// URL, is a usage error before anything runs.
    func validate() throws {
        _ = try address()
    }

    /// Opens the store, logging to stderr (warnings only unless CARDSCAN_LOG_LEVEL says otherwise).
    ///
    /// The only place the CLI names an implementation: every command works on `any CardStoring`.
    func open() throws -> any CardStoring {
        try open(readOnly: false)
    }

    /// Opens the store for a command that only reads: read-only (a store of another user, mode
    /// 0644, can be listed), never created (a mistyped `--db` is an error, not an empty store).
    func openForReading() throws -> any CardStoring {
        try open(readOnly: true)
    }

    /// Opens an existing store for writing; a missing one is an error, not a new empty store
    /// (`review` on a mistyped `--db` must not say "Nothing left to review").
    func openExisting() throws -> any CardStoring {
        if case .sqlite(let url) = try address(), !FileManager.default.fileExists(atPath: url.path) {
            return try runStore { throw StoreError.storeNotFound(path: url.path) }
        }
        return try open(readOnly: false)
    }

    private func open(readOnly: Bool) throws -> any CardStoring {
        try runStore {
            var faults = SQLiteCardStore.FaultInjection()
            // Test-only: pause inside accept so a test can kill the process mid-transaction.
            if let spec = ProcessInfo.processInfo.environment["CARDSCAN_TEST_PAUSE_IN_ACCEPT"] {
                let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
                if parts.count == 2, let seconds = Double(parts[0]) {
                    faults.pauseInsideAccept = (URL(fileURLWithPath: parts[1]), seconds)
                }
            }
            switch try address() {
            case .sqlite(let url):
                return try SQLiteCardStore(
                    url: url, logger: CLILogging.logger("cardscan.store"), readOnly: readOnly, faults: faults)
            case .postgres(let address):
                return try PostgresCardStore(address: address, logger: CLILogging.logger("cardscan.store"))
            }
        }
    }
}

/// Options of every command that changes a candidate or contact.
struct ReviewerOptions: ParsableArguments {
    @Option(help: "Who is acting, recorded in the audit trail (default: your login name).")
    var reviewer: String = ReviewerOptions.osUser

    static var osUser: String {
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    }

    func validate() throws {
        guard !reviewer.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("--reviewer must not be empty.")
        }
    }
}

/// The `--json` flag: results as JSON on stdout instead of a text table.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print the result as JSON on stdout.")
    var json = false
}

enum CLILogging {
    /// A logger writing to stderr at `$CARDSCAN_LOG_LEVEL` (default warning): stdout is for results.
    static func logger(_ label: String) -> Logger {
        var logger = Logger(label: label, factory: { StreamLogHandler.standardError(label: $0) })
        let level = ProcessInfo.processInfo.environment["CARDSCAN_LOG_LEVEL"].flatMap(
            Logger.Level.init(rawValue:))
        logger.logLevel = level ?? .warning
        return logger
    }
}

/// Runs store code, printing a ``StoreError`` to stderr and exiting with its status from the table.
func runStore<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as StoreError {
        printError(error.description)
        throw ExitCode(exitStatus(for: error))
    }
}

/// The exit status of each store error (ExitCodes.swift is the table).
func exitStatus(for error: StoreError) -> Int32 {
    switch error {
    case .candidateNotFound, .contactNotFound: ExitStatus.notFound
    case .candidateConflict, .contactConflict, .secondReviewerRequired, .undoNotPossible, .fileClaimLost:
        ExitStatus.conflict
    case .possibleDuplicate: ExitStatus.possibleDuplicate
    case .unknownField, .invalidTag, .invalidValue: ExitStatus.usage
    case .cannotOpen, .newerSchema, .cannotStoreImage, .database, .notADatabase, .permissionDenied:
        ExitStatus.environment
    case .storeNotFound: ExitStatus.notFound
    case .contentChanged: ExitStatus.someInputsFailed
    case .invalidContentHash: ExitStatus.internalError
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("cardscan: \(message)\n".utf8))
}

/// Writes a line to stdout (results only).
func output(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

enum JSONOutput {
    static let encoder = JSONStyle.encoder()

    static func print<T: Encodable>(_ value: T) throws {
        output(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

/// Parses `--set FIELD=VALUE` and `--tag key:value` lists, as validation errors.
func parseEdits(_ texts: [String]) throws -> [FieldEdit] {
    try texts.map { text in
        do { return try FieldEdit(parsing: text) } catch { throw ValidationError("\(error)") }
    }
}

func parseTags(_ texts: [String]) throws -> [Tag] {
    try texts.map { text in
        do { return try Tag(parsing: text) } catch { throw ValidationError("\(error)") }
    }
}

/// A plain text table: columns padded to their widest cell in terminal columns (a Han character
/// takes two, see `DisplayWidth`), separated by two spaces.
func table(_ header: [String], _ rows: [[String]]) -> String {
    var widths = header.map(DisplayWidth.of)
    for row in rows {
        for (i, cell) in row.enumerated() where i < widths.count {
            widths[i] = max(widths[i], DisplayWidth.of(cell))
        }
    }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { i, cell in
            i == cells.count - 1 || i >= widths.count ? cell : DisplayWidth.pad(cell, to: widths[i])
        }.joined(separator: "  ")
    }
    return ([line(header)] + rows.map(line)).joined(separator: "\n")
}

/// `text` on one line, cut to `limit` terminal columns ("..." marks the cut); "-" for nil.
func shorten(_ text: String?, _ limit: Int = 28) -> String {
    guard let text else { return "-" }
    return DisplayWidth.truncate(text.replacingOccurrences(of: "\n", with: " "), to: limit)
}

func formatConfidence(_ value: Double) -> String { String(format: "%.2f", value) }

/// What a rep records with the cards of a run: `--event` and `--note` on scan and watch.
struct CardContextOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Where the cards were collected, kept with each contact (e.g. \"Hannover Messe 2026\").", valueName: "NAME"))
    var event: String?
    @Option(help: ArgumentHelp("A note kept with each card's contact.", valueName: "TEXT"))
    var note: String?

    func validate() throws {
        for (flag, value) in [("--event", event), ("--note", note)] where value?.trimmingCharacters(in: .whitespaces).isEmpty == true {
            throw ValidationError("\(flag) must not be empty.")
        }
    }
}
