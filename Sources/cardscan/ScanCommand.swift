import ArgumentParser
import CardExtraction
import CardIngest
import CardModel
import CardOCR
import CardPhone
import Foundation
import Logging

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Read business cards from images and folders.",
        discussion: """
            Each PATH is an image (JPEG, PNG, TIFF, BMP, WebP) or a folder searched recursively. \
            Several cards on one page give one result each. Results go to stdout: a table per card, \
            or with --json exactly one JSON object per card per line. Files that cannot be read are \
            named on stderr with the reason; the others are still processed and the exit status is 1.
            """)

    @Flag(name: .long, help: "Read and show the cards without writing anything anywhere.")
    var dryRun = false

    @Flag(name: .long, help: "Print one JSON object per card (JSON Lines) on stdout.")
    var json = false

    @OptionGroup(title: "Reading")
    var ocr: OCROptionGroup

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
            listing = try InputFiles.list(paths)
        } catch let error as IngestError {
            StandardError.line("error: \(error)")
            throw ExitCode.notFound
        }
        for skipped in listing.skipped {
            logger.info("skipped: not an image file name", metadata: ["file.name": "\(skipped)"])
        }
        guard !listing.files.isEmpty else {
            StandardError.line("error: \(IngestError.noInputs(paths))")
            throw ExitCode.notFound
        }
        let pipeline = PipelineFactory.make(ocr: ocr, logger: logger)
        var summary = ScanSummary()
        var progress = ProgressLine()
        let start = DispatchTime.now()
        do {
            try pipeline.run(files: listing.files) { result in
                progress.clear()
                summary.add(result)
                switch result.status {
                case .failed(let reason):
                    StandardError.line("error: \(reason)")
                default:
                    for card in result.cards {
                        if json {
                            if let line = try? card.jsonLine() { print(line) }
                        } else {
                            print(CardTable.render(card))
                        }
                    }
                    if result.cards.isEmpty {
                        StandardError.line("warning: \(result.path): no card text found.")
                    }
                }
                fflush(stdout)
            } onProgress: { p in
                progress.update(
                    done: p.filesDone, total: p.filesTotal, cards: p.cardsFound, rate: p.cardsPerSecond,
                    secondsLeft: p.secondsLeft)
            }
        } catch {
            progress.clear()
            StandardError.line("error: \(error)")
            throw ExitCode.environment
        }
        progress.clear()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        StandardError.line(summary.render(seconds: seconds, skipped: listing.skipped.count))
        if summary.failed == summary.files { throw ExitCode.allInputsFailed }
        if summary.failed > 0 { throw ExitCode.someInputsFailed }
    }
}

/// Builds the pipeline the commands share: one Tesseract engine per worker and language.
enum PipelineFactory {
    static func make(ocr: OCROptionGroup, logger: Logger, jobs: Int? = nil) -> ScanPipeline {
        ScanPipeline(
            options: .init(jobs: jobs ?? ocr.jobs, languages: ocr.lang), extractor: extractor(), logger: logger,
            makeRecognizer: recognizerFactory(ocr: ocr, logger: logger))
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

    mutating func add(_ result: FileResult) {
        files += 1
        cards += result.cards.count
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
        if skipped > 0 { parts.append("\(skipped) skipped (not an image name; see --verbose)") }
        return parts.joined(separator: ", ") + String(format: " in %.1f s", seconds)
    }
}

/// The human-readable table for one card.
enum CardTable {
    static func render(_ card: CardResult) -> String {
        let b = card.bbox
        var lines = ["\(card.source)  card \(card.cardIndex)\(card.page > 0 ? " page \(card.page)" : "")  at \(b.x),\(b.y) \(b.width)x\(b.height)"]
        func row(_ label: String, _ value: String, _ confidence: Double) {
            let marker = confidence < 0.6 ? "?" : " "
            lines.append(
                "  " + label.padding(toLength: 11, withPad: " ", startingAt: 0) + marker + " "
                    + value + String(format: "  (%.2f)", confidence))
        }
        let f = card.fields
        for name in CardFields.singleFieldNames {
            if let value = f[single: name] { row(name, value.value, value.confidence) }
        }
        for phone in f.phones {
            row("phone", "\(phone.value) [\(phone.kind.rawValue)\(phone.e164.map { ", \($0)" } ?? "")]", phone.confidence)
        }
        for email in f.emails { row("email", email.value, email.confidence) }
        for site in f.websites { row("website", site.value, site.confidence) }
        if lines.count == 1 { lines.append("  (no fields recognized)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
