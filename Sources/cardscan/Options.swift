import ArgumentParser
import CardIngest
import CardOCR
import Foundation
import Logging

/// Options for reading images, shared by `scan`, `eval` and `bench`.
struct OCROptionGroup: ParsableArguments {
    @Option(
        name: .long,
        help: """
            Tesseract languages, e.g. eng or chi_sim+eng; auto (the default) reads with Latin (or eng) \
            and, when a card looks like another script, again with that script's installed model \
            (chi_sim for Chinese).
            """)
    var lang: String = OCROptions.automaticLanguages

    @Option(name: .long, help: ArgumentHelp("Folder holding the *.traineddata files.", valueName: "dir"))
    var tessdata: String?

    @Option(
        name: .customLong("skip-stage"),
        help: ArgumentHelp(
            "Switch off a preprocessing stage for diagnosis (repeatable): \(PreprocessStage.allCases.map(\.rawValue).joined(separator: ", ")).",
            valueName: "stage"))
    var skipStages: [PreprocessStage] = []

    @Option(
        name: .customLong("debug-images"),
        help: ArgumentHelp("Write each stage's intermediate image into this folder.", valueName: "dir"))
    var debugImages: String?

    @Option(name: .customLong("max-pixels"), help: "Refuse images with more pixels than this (checked from the header).")
    var maxPixels: Int = OCROptions().maxPixels

    @Option(
        name: .customLong("max-file-size"),
        help: ArgumentHelp(
            "Refuse files larger than this, before reading them: bytes, or with a unit such as 200MB or 1.5GB.",
            valueName: "size"))
    var maxFileSize = FileSize(bytes: FileInspector.defaultMaxFileSize)

    @Option(
        name: .customLong("max-pages"), help: "Refuse PDFs and multi-page TIFFs with more pages than this.")
    var maxPages: Int = OCROptions.defaultMaxPages

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Give up on a file (all its pages) after this many seconds of reading; 0 for no limit.",
            valueName: "seconds"))
    var deadline: Double = OCROptions.defaultDeadlineSeconds

    @Option(
        name: .customLong("ocr-parameters"),
        help: ArgumentHelp(
            "Read with the OCR parameters in this file instead of the compiled-in ones (the format of models/ocr/parameters.json; for scripts/fit-ocr-parameters).",
            valueName: "file"))
    var ocrParameters: String?

    @Option(name: .shortAndLong, help: "Files read in parallel, one OCR engine each (default: number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1.") }
        guard maxPixels >= 1 else { throw ValidationError("--max-pixels must be positive.") }
        guard maxPages >= 1 else { throw ValidationError("--max-pages must be at least 1.") }
        guard deadline >= 0, deadline.isFinite else {
            throw ValidationError("--deadline takes seconds, such as 60 or 2.5 (0 for no limit).")
        }
        if let ocrParameters {
            do {
                _ = try OCRParameters.decode(Data(contentsOf: URL(fileURLWithPath: ocrParameters)))
            } catch {
                throw ValidationError(
                    "Cannot read the OCR parameters \(ocrParameters): \(error). Pass a file in the format of models/ocr/parameters.json.")
            }
        }
        guard !lang.isEmpty, lang.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "+" }) else {
            throw ValidationError("--lang takes Tesseract language codes joined by '+', such as chi_sim+eng.")
        }
    }

    func ocrOptions(languages: String? = nil) -> OCROptions {
        var options = OCROptions()
        options.languages = languages ?? lang
        options.tessdataDirectory = tessdata
        options.disabledStages = Set(skipStages)
        options.debugImageDirectory = debugImages.map { URL(fileURLWithPath: $0, isDirectory: true) }
        options.maxPixels = maxPixels
        options.maxPages = maxPages
        options.deadlineSeconds = deadline
        options.maxFileSize = maxFileSize.bytes
        // validate() has decoded the file once: a file changed since then falls back to the fitted values.
        if let ocrParameters,
            let parameters = try? OCRParameters.decode(Data(contentsOf: URL(fileURLWithPath: ocrParameters)))
        {
            options.parameters = parameters
        }
        return options
    }
}

extension PreprocessStage: ExpressibleByArgument {}

/// A file size on the command line: `200000000`, `200MB`, `200M`, `1.5GB`, `512k` (decimal units,
/// as the messages print them; `MiB`/`GiB` are binary).
struct FileSize: ExpressibleByArgument, Hashable {
    var bytes: Int

    init(bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
        let digits = text.prefix { $0.isNumber || $0 == "." }
        let unit = text.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        let scales: [String: Double] = [
            "": 1, "b": 1, "k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9, "t": 1e12, "tb": 1e12,
            "kib": 1024, "mib": 1_048_576, "gib": 1_073_741_824,
        ]
        guard let value = Double(digits), let scale = scales[unit], value > 0, value * scale < 9e18 else {
            return nil
        }
        bytes = Int((value * scale).rounded())
    }

    var defaultValueDescription: String { FileInspector.describe(bytes: bytes) }
}

/// Logging flags: logs go to stderr, never stdout.
struct LoggingOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Log what happens to each file (stderr).")
    var verbose = false

    @Flag(name: .long, help: "Log debugging detail (stderr; may include file names, never card contents).")
    var debug = false

    func makeLogger(label: String = "cardscan") -> Logger {
        let level: Logger.Level = debug ? .debug : (verbose ? .info : .warning)
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = level
        return logger
    }
}

/// Writes to stderr (messages, progress) without touching stdout.
enum StandardError {
    static let isTerminal = isatty(FileHandle.standardError.fileDescriptor) == 1

    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func line(_ text: String) {
        write(text + "\n")
    }
}

/// A one-line progress display on stderr, drawn only when stderr is a terminal.
///
/// Redrawn on a timer (twice a second), not only when a file finishes: a slow first file or a
/// long PDF still shows the time passing and the ETA counting down (issue 11). The line is
/// fitted to the terminal's width, read at every draw (a resized window gets a fitted line).
final class ProgressLine: @unchecked Sendable {
    // Unchecked: every stored property is read and written only while `lock` is held.
    private let lock = NSLock()
    private var progress: ScanProgress?
    private var updatedAt = DispatchTime.now()
    private var timer: (any DispatchSourceTimer)?
    private var drawn = false
    private let enabled: Bool

    init(enabled: Bool = StandardError.isTerminal) { self.enabled = enabled }

    deinit { timer?.cancel() }

    /// Shows the line for a run of `total` files, before the first one finishes.
    func begin(total: Int) {
        update(ScanProgress(filesDone: 0, filesTotal: total, cardsFound: 0, failed: 0, elapsed: 0))
    }

    /// Records the latest figures and redraws.
    func update(_ p: ScanProgress) {
        guard enabled else { return }
        lock.lock()
        progress = p
        updatedAt = DispatchTime.now()
        if timer == nil {
            let source = DispatchSource.makeTimerSource(queue: .global())
            source.schedule(deadline: .now() + .milliseconds(500), repeating: .milliseconds(500))
            source.setEventHandler { [weak self] in self?.tick() }
            source.resume()
            timer = source
        }
        drawLocked()
        lock.unlock()
    }

    /// Removes the line (before results are printed, and at the end).
    func clear() {
        lock.lock()
        clearLocked()
        lock.unlock()
    }

    /// Runs `body` (which prints results) with the line removed, so the timer cannot draw in the
    /// middle of it; the line comes back at the next tick.
    func whileCleared(_ body: () -> Void) {
        lock.lock()
        clearLocked()
        body()
        lock.unlock()
    }

    /// Stops the timer and removes the line.
    func finish() {
        lock.lock()
        timer?.cancel()
        timer = nil
        progress = nil
        clearLocked()
        lock.unlock()
    }

    private func tick() {
        lock.lock()
        drawLocked()
        lock.unlock()
    }

    private func clearLocked() {
        guard drawn else { return }
        StandardError.write("\r\u{1B}[K")
        drawn = false
    }

    private func drawLocked() {
        guard enabled, let p = progress else { return }
        let sinceUpdate = Double(DispatchTime.now().uptimeNanoseconds - updatedAt.uptimeNanoseconds) / 1e9
        let elapsed = p.elapsed + sinceUpdate
        let rate = elapsed > 0 ? Double(p.cardsFound) / elapsed : 0
        let eta = p.secondsLeft.map { max(0, $0 - sinceUpdate) }.map { s in
            String(format: "ETA %d:%02d", Int(s) / 60, Int(s) % 60)
        } ?? "ETA -:--"
        let text = Self.line(
            done: p.filesDone, total: p.filesTotal, cards: p.cardsFound, rate: rate, eta: eta,
            elapsed: elapsed, columns: Self.columns())
        StandardError.write("\r\u{1B}[K" + text)
        drawn = true
    }

    /// The line for `columns` terminal columns: the bar shrinks first, then the text is cut.
    static func line(
        done: Int, total: Int, cards: Int, rate: Double, eta: String, elapsed: Double, columns: Int
    ) -> String {
        let text =
            "\(done)/\(total) files, \(cards) cards, " + String(format: "%.1f cards/s, ", rate) + eta
            + String(format: " (%d:%02d)", Int(elapsed) / 60, Int(elapsed) % 60)
        let room = columns - 1 - text.count - 3
        var line = text
        if room >= 8 {
            let width = min(24, room)
            let filled = total > 0 ? width * done / total : width
            line = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] " + text
        }
        return String(line.prefix(max(1, columns - 1)))
    }

    /// The terminal's width in columns (80 when it cannot be told).
    static func columns() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
