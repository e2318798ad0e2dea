import ArgumentParser
import CardExtraction
import CardIngest
import CardModel
import CardOCR
import CardPhone
import CardStore
import Foundation
import Logging

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Read business cards from images and folders.",
        discussion: """
            Each PATH is an image (JPEG, PNG, TIFF, BMP, WebP), a PDF, or a folder searched recursively. \
            Every page of a PDF or multi-page TIFF is read; a page that cannot be read is named on \
            stderr as a warning and the file's other pages are still read. \
            Several cards on one page give one result each. Every card is queued for review in the \
            store (see `cardscan review`); the same file bytes scanned again are reported as a \
            duplicate and not queued twice. Results go to stdout: a table per card, or with --json \
            exactly one JSON object per card per line. Files that cannot be read are named on stderr \
            with the reason (and recorded as failed in the store); the others are still processed \
            and the exit status is 1.
            """)

    @Flag(name: .long, help: "Read and show the cards without writing anything anywhere.")
    var dryRun = false

    @Flag(name: .long, help: "Print one JSON object per card (JSON Lines) on stdout.")
    var json = false

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Pair consecutive sides as front and back of one card and merge them.",
            discussion: "A multi-page file pairs its own pages (1+2, 3+4, ...); single-page files pair with the next one in input order."))
    var duplex = false

    @OptionGroup(title: "Reading")
    var ocr: OCROptionGroup

    @OptionGroup(title: "Context")
    var context: CardContextOptions

    @OptionGroup(title: "Store")
    var store: StoreOptions

    @OptionGroup(title: "Logging")
    var logging: LoggingOptions

    @Argument(help: ArgumentHelp("Image files or folders.", valueName: "path"))
    var paths: [String]

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("Give at least one image file or folder.") }
    }

    func run() throws {
        let logger = logging.makeLogger()
        let listing: InputFiles.Listing
        do {
            listing = try InputFiles.list(paths.map(Self.displayPath))
        } catch let error as IngestError {
            printError("\(error)")
            throw ExitCode.notFound
        }
        for skipped in listing.skipped {
            logger.info("skipped: not an image file name", metadata: ["file.name": "\(skipped)"])
        }
        guard !listing.files.isEmpty else {
            printError("\(IngestError.noInputs(paths))")
            throw ExitCode.notFound
        }
        let pipeline = PipelineFactory.make(ocr: ocr, logger: logger)
        // --dry-run opens nothing: not even the database file is created.
        let writer = dryRun ? nil : QueueWriter(store: try store.open(), logger: logger, note: context.note, event: context.event)
        var summary = ScanSummary()
        var storeFailure: (any Error)?
        let progress = ProgressLine()
        progress.begin(total: listing.files.count)
        let start = DispatchTime.now()
        var duplex = self.duplex ? DuplexPairer() : nil
        func handle(_ recognized: FileResult) {
            var result = recognized
            if let writer, storeFailure == nil {
                do {
                    result = try writer.persist(recognized)
                } catch {
                    storeFailure = error
                }
            }
            summary.add(result)
            for note in result.notes { StandardError.line("warning: \(note)") }
            for warning in result.pageFailures { printError("warning: \(warning)") }
            switch result.status {
            case .failed(let reason):
                printError(reason)
            case .duplicate(let scanID) where result.cards.isEmpty:
                // Known bytes: skipped before OCR.
                if json {
                    StandardError.line("\(result.path): duplicate of scan \(scanID), nothing queued")
                } else {
                    output("\(result.path)  duplicate of scan \(scanID): nothing queued\n")
                }
            default:
                for (card, placement) in zip(result.cards, QueueWriter.placements(result)) {
                    if json {
                        if let line = try? card.jsonLine(queue: placement) { output(line) }
                    } else {
                        output(CardTable.render(card, placement: placement))
                    }
                }
            }
        }
        do {
            // With --duplex every file is read again even when known, so that pairs stay the same
            // from run to run; the store still refuses to queue known bytes twice.
            let preflight = self.duplex ? nil : writer?.preflight
            try pipeline.run(files: listing.files, preflight: preflight) { result in
                progress.whileCleared {
                    if duplex != nil {
                        for paired in duplex?.add(result) ?? [] { handle(paired) }
                    } else {
                        handle(result)
                    }
                }
            } onProgress: { progress.update($0) }
        } catch {
            progress.finish()
            printError("\(error)")
            throw ExitCode.environment
        }
        progress.finish()
        for last in duplex?.finish() ?? [] { handle(last) }
        if let storeFailure {
            printError("\(storeFailure)")
            printError("The scan stopped: the store cannot be written. Files read so far are stored; run the same command again to finish.")
            throw ExitCode.environment
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        StandardError.line(summary.render(seconds: seconds, skipped: listing.skipped.count))
        if !dryRun && summary.queued > 0 {
            StandardError.line("Review the queue with `cardscan review`, or list it with `cardscan queue list`.")
        }
        if summary.failed == summary.files { throw ExitCode.allInputsFailed }
        if summary.failed > 0 { throw ExitCode.someInputsFailed }
    }
}

extension ScanCommand {
    /// The display form (``PathBytes``) of a path argument, from the bytes the kernel passed: a
    /// name that is not UTF-8 reaches `CommandLine.arguments` with U+FFFD in place of its bytes,
    /// which would name no file (issue 11, item 2).
    static func displayPath(_ argument: String) -> String {
        if argument.unicodeScalars.contains("\u{FFFD}") {
            for index in 0..<Int(CommandLine.argc) {
                guard let pointer = CommandLine.unsafeArgv[index] else { continue }
                let raw = Array(UnsafeBufferPointer(start: pointer, count: strlen(pointer))).map {
                    UInt8(bitPattern: $0)
                }
                if String(decoding: raw, as: UTF8.self) == argument { return PathBytes.display(raw) }
            }
        }
        return PathBytes.display(argument)
    }
}

/// Builds the pipeline the commands share: one Tesseract engine per worker and language.
enum PipelineFactory {
    static func make(
        ocr: OCROptionGroup, logger: Logger, jobs: Int? = nil, extractor: FieldExtractor? = nil,
        ocrCache: String? = nil
    ) -> ScanPipeline {
        var makeRecognizer = recognizerFactory(ocr: ocr, logger: logger)
        if let ocrCache {
            let real = makeRecognizer
            let directory = URL(fileURLWithPath: ocrCache)
            makeRecognizer = { languages in
                try CachingRecognizer(
                    directory: directory, languages: languages,
                    variant: CachingRecognizer.variant(of: ocr.ocrOptions(languages: languages))
                ) { try real(languages) }
            }
        }
        return ScanPipeline(
            options: .init(jobs: jobs ?? ocr.jobs, languages: ocr.lang, maxFileSize: ocr.maxFileSize.bytes),
            extractor: extractor ?? Self.extractor(), logger: logger, makeRecognizer: makeRecognizer)
    }

    static func extractor() -> FieldExtractor {
        FieldExtractor(phoneNumbers: LibPhoneNumber())
    }

    static func recognizerFactory(ocr: OCROptionGroup, logger: Logger) -> RecognizerFactory {
        { languages in
            try TesseractRecognizer(options: ocr.ocrOptions(languages: languages), logger: logger)
        }
    }
}

/// Counts for the summary line printed at the end of a scan.
struct ScanSummary {
    var files = 0
    var cards = 0
    var queued = 0
    var duplicates = 0
    var failed = 0
    var failures: [String] = []
    /// Pages of multi-page files that could not be read (their files' other pages were).
    var pagesNotRead = 0

    mutating func add(_ result: FileResult) {
        files += 1
        cards += result.cards.count
        pagesNotRead += result.pageFailures.count
        switch result.status {
        case .recognized: break
        case .queued(_, let ids): queued += ids.count
        case .duplicate: duplicates += 1
        case .failed(let reason):
            failed += 1
            failures.append(reason)
        }
    }

    func render(seconds: Double, skipped: Int) -> String {
        var parts = ["\(files) file\(files == 1 ? "" : "s")", "\(cards) card\(cards == 1 ? "" : "s") found"]
        if queued > 0 { parts.append("\(queued) queued") }
        if duplicates > 0 { parts.append("\(duplicates) duplicate\(duplicates == 1 ? "" : "s")") }
        parts.append("\(failed) failed")
        if pagesNotRead > 0 { parts.append("\(pagesNotRead) page\(pagesNotRead == 1 ? "" : "s") not read") }
        if skipped > 0 { parts.append("\(skipped) other file\(skipped == 1 ? "" : "s") ignored (not image names)") }
        var text = parts.joined(separator: ", ") + String(format: " in %.1f s", seconds)
        // Repeat the reasons at the end: in a batch of hundreds they have scrolled away.
        if files > 1 && !failures.isEmpty {
            text += "\nfailed:\n" + failures.map { "  \($0)" }.joined(separator: "\n")
        }
        return text
    }
}

/// The human-readable table for one card.
enum CardTable {
    static func render(_ card: CardResult, placement: QueuePlacement? = nil) -> String {
        let b = card.bbox
        var lines = ["\(card.source)  card \(card.cardIndex)\(card.page > 0 ? " page \(card.page)" : "")  at \(b.x),\(b.y) \(b.width)x\(b.height)"]
        func row(_ label: String, _ value: String, _ confidence: Double) {
            let marker = confidence < 0.6 ? "?" : " "
            lines.append(
                "  " + label.padding(toLength: 11, withPad: " ", startingAt: 0) + marker + " "
                    + value + String(format: "  (%.2f)", confidence))
        }
        let f = card.fields
        for field in FieldName.cardText {
            if let value = f[field] { row(field.rawValue, value.value, value.confidence) }
        }
        for phone in f.phones {
            row("phone", "\(phone.value) [\(phone.kind.rawValue)\(phone.e164.map { ", \($0)" } ?? "")]", phone.confidence)
        }
        for email in f.emails { row("email", email.value, email.confidence) }
        for site in f.websites { row("website", site.value, site.confidence) }
        if lines.count == 1 { lines.append("  (no fields recognized)") }
        switch placement {
        case .queued(_, let candidateID)?: lines.append("  -> queued for review as candidate #\(candidateID)")
        case .duplicate(let scanID)?: lines.append("  -> duplicate of scan \(scanID): not queued again")
        case nil: break
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
