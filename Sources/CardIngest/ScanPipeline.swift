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

        public init(jobs: Int = ProcessInfo.processInfo.activeProcessorCount, languages: String = "eng") {
            self.jobs = max(1, jobs)
            self.languages = languages
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
    /// - Throws: the recognizer factory's error when the engine for `options.languages` cannot be
    ///   created (missing language model, ...): nothing can be read then.
    public func run(
        files: [String],
        languagesFor: (@Sendable (String) -> String)? = nil,
        preflight: Preflight? = nil,
        onResult: (FileResult) -> Void,
        onProgress: ((ScanProgress) -> Void)? = nil
    ) throws {
        guard !files.isEmpty else { return }
        let workerCount = min(options.jobs, files.count)
        // Create the default engines here so a missing language fails the run at once, then
        // hand each to its own worker: from then on only that worker touches it.
        var engines: [RecognizerBox] = []
        for _ in 0..<workerCount {
            engines.append(RecognizerBox(try makeRecognizer(options.languages)))
        }
        let state = WorkState(count: files.count)
        let start = DispatchTime.now()
        let done = DispatchGroup()
        for box in engines {
            done.enter()
            let thread = Thread { [self] in
                var recognizers: [String: any TextRecognizer] = [options.languages: box.take()]
                while let index = state.claim() {
                    let path = files[index]
                    let languages = languagesFor?(path) ?? options.languages
                    let result = process(
                        index: index, path: path, languages: languages, recognizers: &recognizers,
                        preflight: preflight)
                    state.finish(index, result)
                }
                done.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        var progress = ScanProgress(filesDone: 0, filesTotal: files.count, cardsFound: 0, failed: 0, elapsed: 0)
        for index in files.indices {
            let result = state.wait(for: index)
            onResult(result)
            progress.filesDone += 1
            progress.cardsFound += result.cards.count
            if result.isFailure { progress.failed += 1 }
            progress.elapsed = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            onProgress?(progress)
        }
        done.wait()
    }

    /// Reads one file on a worker thread. Never throws: every failure becomes a `.failed` status.
    private func process(
        index: Int, path: String, languages: String, recognizers: inout [String: any TextRecognizer],
        preflight: Preflight?
    ) -> FileResult {
        let url = URL(fileURLWithPath: path)
        var logger = self.logger
        logger[metadataKey: "file.name"] = "\(url.lastPathComponent)"
        let hash: String
        do {
            // Mapped, not copied: the bytes are only hashed here (Tesseract reads the file itself).
            hash = ContentHash.sha256(of: try Data(contentsOf: url, options: .mappedIfSafe))
        } catch {
            let reason = Self.readFailure(path: path, error: error)
            logger.info("file failed", metadata: ["reason": "\(reason)"])
            return FileResult(inputIndex: index, path: path, contentHash: nil, cards: [], status: .failed(reason: reason))
        }
        if let status = preflight?(path, hash) {
            return FileResult(inputIndex: index, path: path, contentHash: hash, cards: [], status: status)
        }
        do {
            let recognizer: any TextRecognizer
            if let existing = recognizers[languages] {
                recognizer = existing
            } else {
                recognizer = try makeRecognizer(languages)
                recognizers[languages] = recognizer
            }
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
                        ocrConfidence: card.recognized.meanConfidence))
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
            let reason = "\(error)"
            logger.info("file failed", metadata: ["reason": "\(reason)"])
            return FileResult(inputIndex: index, path: path, contentHash: hash, cards: [], status: .failed(reason: reason))
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

    private static func readFailure(path: String, error: any Error) -> String {
        let nsError = error as NSError
        if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoPermissionError {
            // The file usually belongs to another account (a scanner's): u+r would not help.
            return "\(path): permission denied for the user running cardscan. Make the file readable by that "
                + "user or one of its groups (chmod g+r, with the drop folder's group) and scan it again."
        }
        if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoSuchFileError {
            return "\(path): the file disappeared before it could be read."
        }
        return "\(path): cannot read the file (\(nsError.localizedDescription))."
    }
}

/// Moves one non-Sendable recognizer into the worker thread that will own it.
private final class RecognizerBox: @unchecked Sendable {
    // Unchecked: the recognizer is created on the calling thread and taken exactly once by
    // the single worker it is given to; nothing else touches it afterwards.
    private var recognizer: (any TextRecognizer)?

    init(_ recognizer: any TextRecognizer) { self.recognizer = recognizer }

    func take() -> any TextRecognizer {
        guard let recognizer else { preconditionFailure("recognizer taken twice") }
        self.recognizer = nil
        return recognizer
    }
}

/// The shared job counter and result slots, guarded by one condition lock.
private final class WorkState: @unchecked Sendable {
    // Unchecked: every stored property is read and written only while `condition` is locked.
    private let condition = NSCondition()
    private var nextIndex = 0
    private var results: [FileResult?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        guard nextIndex < results.count else { return nil }
        defer { nextIndex += 1 }
        return nextIndex
    }

    func finish(_ index: Int, _ result: FileResult) {
        condition.lock()
        results[index] = result
        condition.broadcast()
        condition.unlock()
    }

    func wait(for index: Int) -> FileResult {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let result = results[index] {
                results[index] = nil
                return result
            }
            condition.wait()
        }
    }
}
