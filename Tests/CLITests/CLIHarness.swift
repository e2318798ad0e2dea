import CardModel
import CardStore
import Foundation
import Logging

/// Runs the real `cardscan` binary built next to this test bundle.
enum CLI {
    /// The built `cardscan` executable: `$CARDSCAN_BIN`, else beside the test runner, else
    /// `.build/debug/cardscan` of this package.
    static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["CARDSCAN_BIN"] {
            return URL(fileURLWithPath: path)
        }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = runner.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("cardscan")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/cardscan")
    }

    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Environment for a child: no colour, one OpenMP thread (skips the re-exec), a private HOME.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["OMP_THREAD_LIMIT"] = "1"
        environment["NO_COLOR"] = "1"
        environment["CARDSCAN_DB"] = nil
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// Starts the binary; the caller waits.
    static func start(_ arguments: [String], environment extra: [String: String] = [:]) throws -> (
        Process, Pipe, Pipe
    ) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment(extra)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, out, err)
    }

    /// Reads both pipes to the end and waits for the process.
    static func finish(_ started: (Process, Pipe, Pipe)) -> Result {
        let (process, out, err) = started
        // Read stderr on another thread so neither pipe can fill up and block the child.
        let errorData = LockedData()
        let reader = Thread { errorData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorData.isSet { usleep(1000) }
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errorData.value, as: UTF8.self))
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        finish(try start(arguments, environment: environment))
    }
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var done = false
    func set(_ value: Data) {
        lock.withLock {
            data = value
            done = true
        }
    }
    var isSet: Bool { lock.withLock { done } }
    var value: Data { lock.withLock { data } }
}

/// A temp folder with a store in it, seeded through the library (the CLI has no OCR-free enqueue).
final class StoreFolder: @unchecked Sendable {
    let url: URL
    var databasePath: String { url.appendingPathComponent("store.sqlite").path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cardscan-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func store() throws -> SQLiteCardStore {
        try SQLiteCardStore(
            url: URL(fileURLWithPath: databasePath),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// Queues one card (its own file) and returns the candidate ID.
    func enqueue(
        name: String, company: String? = nil, email: String? = nil, phone: String? = nil,
        confidence: Double = 0.9,
        titleAlternative: String? = nil, marker: String = ""
    ) throws -> Int64 {
        let file = url.appendingPathComponent("\(UUID().uuidString).jpg")
        try Data("fake image \(UUID().uuidString) \(marker)".utf8).write(to: file)
        let fields = CardFields(
            name: FieldValue(value: name, confidence: 0.95),
            title: titleAlternative.map {
                FieldValue(
                    value: "Engineer", confidence: 0.4,
                    alternatives: [AlternativeValue(value: $0, confidence: 0.35)])
            },
            company: company.map { FieldValue(value: $0, confidence: 0.9) },
            phones: phone.map { [PhoneValue(value: $0, e164: $0, kind: .work, confidence: 0.9)] } ?? [],
            emails: email.map { [FieldValue(value: $0, confidence: 0.9)] } ?? [])
        let outcome = try store().enqueue(
            NewScan(
                sourcePath: file.lastPathComponent, contentHash: try ContentHash.sha256(of: file),
                sourceFile: file,
                candidates: [
                    NewCandidate(
                        cardIndex: 0, fields: fields, ocrText: "\(name)\n\(marker)", confidence: confidence)
                ]))
        guard case .queued(_, let ids) = outcome, let id = ids.first else {
            throw StoreError.candidateNotFound(0)
        }
        return id
    }
}
