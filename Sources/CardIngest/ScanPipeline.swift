import CardExtraction
import CardModel
import CardOCR
import CardStore
import Foundation
import Logging

/// Makes a text recognizer for a Tesseract language string; called once per worker and language.
public typealias RecognizerFactory = @Sendable (_ languages: String) throws -> any TextRecognizer

/// Progress of a running scan, reported after each file.
public struct ScanProgress: Sendable {
    public var filesDone: Int
    public var filesTotal: Int
    public var cardsFound: Int
    public var failed: Int
    public var elapsed: Double

    public init(filesDone: Int, filesTotal: Int, cardsFound: Int, failed: Int, elapsed: Double) {
        self.filesDone = filesDone
        self.filesTotal = filesTotal
        self.cardsFound = cardsFound
        self.failed = failed
        self.elapsed = elapsed
    }

    /// Cards per second so far.
    public var cardsPerSecond: Double { elapsed > 0 ? Double(cardsFound) / elapsed : 0 }

    /// Estimated seconds left, from the file rate so far; nil before the first file.
    public var secondsLeft: Double? {
        guard filesDone > 0, elapsed > 0 else { return nil }
        return elapsed / Double(filesDone) * Double(filesTotal - filesDone)
    }
}

/// The ingest pipeline over many files: preflight -> recognize -> extract -> (persist) -> report.
///
/// Files run on `jobs` worker threads, each owning its own recognizers (Tesseract engines are not
/// thread-safe, OCR_FACTS: two engines in two threads are safe and give ~1.8x on 2 cores).
/// Results are handed to the caller on the calling thread, one at a time, in input order.
public final class ScanPipeline: Sendable {
    public struct Options: Sendable {
        /// Worker threads (one OCR engine each).
        public var jobs: Int
        /// Tesseract languages, such as `eng` or `chi_sim+eng`.
        public var languages: String
        /// Files larger than this (bytes) are refused before they are read (`--max-file-size`).
        public var maxFileSize: Int

        public init(
            jobs: Int = ProcessInfo.processInfo.activeProcessorCount, languages: String = "eng",
            maxFileSize: Int = FileInspector.defaultMaxFileSize
        ) {
            self.jobs = max(1, jobs)
            self.languages = languages
            self.maxFileSize = maxFileSize
        }
    }

    /// Decides before OCR whether a file needs reading at all (e.g. already scanned).
    ///
    /// Called on worker threads with the file's path and content hash; returning a status skips
    /// recognition for that file.
    public typealias Preflight = @Sendable (_ path: String, _ contentHash: String) -> FileStatus?

    private let makeRecognizer: RecognizerFactory
    private let extractor: FieldExtractor
    private let options: Options
    private let logger: Logger

    public init(
        options: Options, extractor: FieldExtractor, logger: Logger, makeRecognizer: @escaping RecognizerFactory
    ) {
        self.options = options
        self.extractor = extractor
        self.logger = logger
        self.makeRecognizer = makeRecognizer
    }

    /// Scans `files` and hands every result to `onResult`, in input order, on the calling thread.
    ///
    /// - Parameters:
    ///   - languagesFor: the languages for one file (defaults to `options.languages`).
    ///   - preflight: optional check before OCR (see `Preflight`).
    ///   - onResult: receives each file's result; may persist it and return the final status.
    ///   - onProgress: called after each file, on the calling thread.
    /// - Throws: the recognizer factory's error when an engine cannot be created (missing language
    ///   model, ...): nothing more can be read then. Engines are created by each worker when its
    ///   first file has passed the file checks, so a batch of rejected files never loads one
    ///   (issue 11, item 9).
    public func run(
        files: [String],
        languagesFor: (@Sendable (String) -> String)? = nil,
        preflight: Preflight? = nil,
        onResult: (FileResult) -> Void,
        onProgress: ((ScanProgress) -> Void)? = nil
    ) throws {
        guard !files.isEmpty else { return }
        let workerCount = min(options.jobs, files.count)
        let state = WorkState(count: files.count)
        let start = DispatchTime.now()
        let done = DispatchGroup()
        for _ in 0..<workerCount {
            done.enter()
            let thread = Thread { [self] in
                var recognizers: [String: any TextRecognizer] = [:]
                while let index = state.claim() {
                    let path = files[index]
                    let languages = languagesFor?(path) ?? options.languages
                    do {
                        let result = try process(
                            index: index, path: path, languages: languages, recognizers: &recognizers,
                            preflight: preflight)
                        state.finish(index, result)
                    } catch {
                        state.abort(error)
                    }
                }
                done.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        var progress = ScanProgress(filesDone: 0, filesTotal: files.count, cardsFound: 0, failed: 0, elapsed: 0)
        for index in files.indices {
            guard let result = state.wait(for: index) else { break }
            onResult(result)
            progress.filesDone += 1
            progress.cardsFound += result.cards.count
            if result.isFailure { progress.failed += 1 }
            progress.elapsed = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            onProgress?(progress)
        }
        done.wait()
        if let error = state.fatalError { throw error }
    }

    /// Reads one file on a worker thread. Every problem with the file becomes a `.failed` status;
    /// only the recognizer factory's error (no engine at all) is thrown.
    private func process(
        index: Int, path: String, languages: String, recognizers: inout [String: any TextRecognizer],
        preflight: Preflight?
    ) throws -> FileResult {
        let url = URL(fileURLWithPath: path)
        var logger = self.logger
        logger[metadataKey: "file.name"] = "\(url.lastPathComponent)"
        func failed(_ reason: String, hash: String?, retryable: Bool = false) -> FileResult {
            logger.info("file failed", metadata: ["reason": "\(reason)"])
            var result = FileResult(
                inputIndex: index, path: path, contentHash: hash, cards: [], status: .failed(reason: reason))
            result.retryable = retryable
            return result
        }
        // Kind, size, format and structure from bounded reads, before any hashing or engine.
        do {
            _ = try FileInspector.inspect(path: path, maxFileSize: options.maxFileSize)
        } catch {
            // Failures the bytes decide are keyed by their hash in the store (a retry of the same
            // bytes updates one record); a file that cannot be read or is too large is not hashed.
            let hash = error.isAboutContent ? try? ContentHash.sha256(of: url) : nil
            return failed("\(error)", hash: hash, retryable: error.isTransient)
        }
        let hash: String
        do {
            // Streamed in 1 MiB pieces: memory does not grow with the file.
            hash = try ContentHash.sha256(of: url)
        } catch {
            return failed(Self.readFailure(path: path), hash: nil, retryable: true)
        }
        if let status = preflight?(path, hash) {
            return FileResult(inputIndex: index, path: path, contentHash: hash, cards: [], status: status)
        }
        let recognizer: any TextRecognizer
        if let existing = recognizers[languages] {
            recognizer = existing
        } else {
            recognizer = try makeRecognizer(languages)  // thrown: no engine, nothing can be read
            recognizers[languages] = recognizer
        }
        do {
            let pages = try recognizer.recognizePages(inFileAt: url)
            let pageFailures = Self.pageFailures(pages, path: path, logger: logger)
            if !pages.isEmpty, pageFailures.count == pages.count {
                // Every page failed: the file failed, with each page's reason.
                let reason = "\(PageResult.failureError(in: pages, path: path))"
                logger.info("file failed", metadata: ["reason": "no page could be read"])
                return FileResult(
                    inputIndex: index, path: path, contentHash: hash, cards: [], status: .failed(reason: reason))
            }
            let recognized = try PageResult.cards(in: pages, path: path)
            var cards: [CardResult] = []
            for card in recognized {
                let clock = DispatchTime.now()
                let fields = extractor.extract(from: card.recognized)
                let extractMs = Double(DispatchTime.now().uptimeNanoseconds - clock.uptimeNanoseconds) / 1e6
                cards.append(
                    CardResult(
                        source: path, cardIndex: card.index, page: card.page, bbox: card.bbox, fields: fields,
                        text: card.recognized.text, rotation: card.rotation, skew: card.skew,
                        timings: CardTimings(
                            decode: card.timings.decode, preprocess: card.timings.preprocess,
                            ocr: card.timings.ocr, extract: extractMs),
                        ocrConfidence: card.recognized.meanConfidence, recognized: card.recognized))
            }
            if cards.isEmpty {
                let reason =
                    "\(path): no card text found. Check that the image shows a business card; "
                    + "to diagnose, rerun with --debug-images DIR or --skip-stage find-cards."
                logger.info("file failed", metadata: ["reason": "no text found"])
                return FileResult(
                    inputIndex: index, path: path, contentHash: hash, cards: [],
                    status: .failed(reason: reason), pageFailures: pageFailures)
            }
            logger.debug("file recognized", metadata: ["cards": "\(cards.count)"])
            return FileResult(
                inputIndex: index, path: path, contentHash: hash, cards: cards, status: .recognized,
                pageFailures: pageFailures)
        } catch {
            return failed("\(error)", hash: hash)
        }
    }

    /// One message per failed page ("FILE: page 2 of 3 not read: REASON. ..."), logged at info.
    static func pageFailures(_ pages: [PageResult], path: String, logger: Logger) -> [String] {
        var messages: [String] = []
        for case .failed(let page, let reason) in pages {
            logger.info(
                "page failed", metadata: ["page": "\(page + 1)", "pages": "\(pages.count)", "reason": "\(reason)"])
            messages.append(
                "\(path): page \(page + 1) of \(pages.count) not read: \(reason). The other pages were read; "
                    + "rescan this page, or save it as a file of its own, and scan that.")
        }
        return messages
    }

    /// Why a file that passed inspection could not be hashed (it vanished or changed meanwhile).
    private static func readFailure(path: String) -> String {
        do {
            _ = try FileInspector.inspect(path: path, maxFileSize: .max)
            return "\(path): cannot read the file. Check the disk or share, then retry."
        } catch {
            return "\(error)"
        }
    }
}

extension OCRError {
    /// True when the file's bytes decide the failure (not an image, truncated, damaged): such a
    /// failure is recorded under the bytes' hash.
    var isAboutContent: Bool {
        switch self {
        case .unsupportedFormat, .corruptImage, .tooManyPixels, .tooManyPages, .encryptedPDF, .noReadablePage:
            true
        default: false
        }
    }

    /// True when the failure may pass without the file changing (permissions, a share that blinked,
    /// the file being moved): worth another try later.
    var isTransient: Bool {
        switch self {
        case .permissionDenied, .readFailed, .fileNotFound: true
        default: false
        }
    }
}

/// The shared job counter and result slots, guarded by one condition lock.
private final class WorkState: @unchecked Sendable {
    // Unchecked: every stored property is read and written only while `condition` is locked.
    private let condition = NSCondition()
    private var nextIndex = 0
    private var results: [FileResult?]
    private var fatal: (any Error)?

    init(count: Int) { results = Array(repeating: nil, count: count) }

    /// The error that stopped the run (an engine that cannot be created), if any.
    var fatalError: (any Error)? {
        condition.lock()
        defer { condition.unlock() }
        return fatal
    }

    func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        guard fatal == nil, nextIndex < results.count else { return nil }
        defer { nextIndex += 1 }
        return nextIndex
    }

    func finish(_ index: Int, _ result: FileResult) {
        condition.lock()
        results[index] = result
        condition.broadcast()
        condition.unlock()
    }

    /// Stops the run: no more files are claimed, and waiting for a missing result ends.
    func abort(_ error: any Error) {
        condition.lock()
        if fatal == nil { fatal = error }
        condition.broadcast()
        condition.unlock()
    }

    /// The result of file `index`, waiting for it; nil when the run was aborted without it.
    func wait(for index: Int) -> FileResult? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let result = results[index] {
                results[index] = nil
                return result
            }
            if fatal != nil { return nil }
            condition.wait()
        }
    }
}
