import ArgumentParser
import CardIngest
import CardOCR
import CardPhone
import Foundation

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure extraction accuracy against labeled images.",
        discussion: """
            DIR is either a folder of images with a <name>.truth.json beside each (TestImages/), or a \
            folder with labels.jsonl and images/ (the realcards format). Prints per-field precision, \
            recall and F1, and the share of cards with every field right. With the default --lang auto \
            every image is read without hints; with an explicit --lang, images whose truth names \
            languages other than plain `eng` (chi_sim+eng, por+eng) are read with those when the \
            models are installed, the others with --lang. Nothing is written.
            """)

    @Argument(help: ArgumentHelp("Folder of labeled images.", valueName: "dir"))
    var folder: String

    @Flag(name: .long, help: "Print the report as one JSON object.")
    var json = false

    @Flag(name: .long, help: "Also list every wrong field (shows card text: for development data only).")
    var misses = false

    @Option(name: .long, help: ArgumentHelp("Exit with status 1 when any field's F1 is below this.", valueName: "f1"))
    var failBelow: Double?

    @OptionGroup(title: "Reading")
    var ocr: OCROptionGroup

    @OptionGroup(title: "Logging")
    var logging: LoggingOptions

    func run() throws {
        let logger = logging.makeLogger()
        let images: [LabeledImage]
        do {
            images = try EvaluationSet.load(folder)
        } catch let error as IngestError {
            printError("\(error)")
            throw ExitCode.notFound
        }
        let byPath = Dictionary(images.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let defaultLanguages = ocr.lang
        // Read each image as a user of that language would: with its model when it is installed.
        let installed = Set(TesseractLanguages.installed(in: ocr.tessdata))
        var missingModels = Set<String>()
        let languages: [String: String] = byPath.mapValues { image in
            // With auto (the default) every image is read as a user would read it: without hints.
            // With an explicit --lang, truth "eng" means "Latin script, nothing special" and --lang
            // decides the model; other truth languages name what the card needs.
            guard defaultLanguages != OCROptions.automaticLanguages, let wanted = image.truth.languages,
                wanted != "eng"
            else { return defaultLanguages }
            let missing = wanted.split(separator: "+").map(String.init).filter { !installed.contains($0) }
            guard missing.isEmpty else {
                missingModels.formUnion(missing)
                return defaultLanguages
            }
            return wanted
        }
        for model in missingModels.sorted() {
            StandardError.line(
                "warning: images labelled '\(model)' are read with --lang \(defaultLanguages): "
                    + "\(model).traineddata is not installed (Debian package \(TesseractLanguages.debianPackage(for: model))).")
        }
        let pipeline = PipelineFactory.make(ocr: ocr, logger: logger)
        let evaluator = Evaluator(phoneNumbers: LibPhoneNumber())
        var report = EvaluationReport()
        let progress = ProgressLine()
        do {
            try pipeline.run(files: images.map(\.path), languagesFor: { languages[$0] ?? defaultLanguages }) { result in
                if let image = byPath[result.path] { evaluator.add(image, result: result, to: &report) }
            } onProgress: { progress.update($0) }
        } catch {
            progress.clear()
            printError("\(error)")
            throw ExitCode.environment
        }
        progress.clear()
        for failure in report.failures { printError(failure.reason) }
        if json {
            output(try report.json(includeMisses: misses))
        } else {
            output(report.renderTable())
            if misses && !report.misses.isEmpty {
                output("\nmisses:")
                output(report.renderMisses())
            }
        }
        if let failBelow {
            let low = report.scores.filter { ($0.value.f1 ?? 1) < failBelow }
            if !low.isEmpty {
                StandardError.line(
                    "F1 below \(failBelow): \(low.keys.sorted().map { "\($0) \(String(format: "%.3f", low[$0]?.f1 ?? 0))" }.joined(separator: ", "))")
                throw ExitCode(1)
            }
        }
    }
}

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed: per-stage time, cards/s with 1 and N workers, memory, ratio to plain tesseract.",
        discussion: """
            Runs the whole pipeline (without storing anything) over the images once with one worker \
            and once with --jobs workers, then plain `tesseract IMG -` on the same images one after \
            the other, and prints the figures. Images with a truth file are read with its languages.
            """)

    @Argument(help: ArgumentHelp("Image files or folders (default: TestImages/cards).", valueName: "path"))
    var paths: [String] = ["TestImages/cards"]

    @Option(name: .long, help: "Use at most this many files.")
    var limit: Int?

    @Option(name: .long, help: "Repeat the file list this many times (for a bigger sample from few images).")
    var repeatFiles: Int = 1

    @Flag(name: .long, help: "Skip the plain tesseract baseline.")
    var noBaseline = false

    @OptionGroup(title: "Reading")
    var ocr: OCROptionGroup

    @OptionGroup(title: "Logging")
    var logging: LoggingOptions

    func run() throws {
        let logger = logging.makeLogger()
        var files: [String]
        do {
            files = try InputFiles.list(paths).files
        } catch let error as IngestError {
            printError("\(error)")
            throw ExitCode.notFound
        }
        if let limit { files = Array(files.prefix(limit)) }
        files = Array(Array(repeating: files, count: max(1, repeatFiles)).joined())
        guard !files.isEmpty else {
            printError("\(IngestError.noInputs(paths))")
            throw ExitCode.notFound
        }
        var languages: [String: String] = [:]
        for file in Set(files) {
            let stem = ((file as NSString).deletingPathExtension)
            if let data = FileManager.default.contents(atPath: stem + ".truth.json"),
                let truth = try? JSONDecoder().decode(TruthLanguages.self, from: data), let l = truth.languages
            {
                languages[file] = l
            }
        }
        let defaultLanguages = ocr.lang
        let group = ocr
        StandardError.line("bench: \(files.count) files, 1 then \(ocr.jobs) workers, then plain tesseract ...")
        let benchmark = Benchmark(
            files: files, jobs: ocr.jobs, runBaseline: !noBaseline,
            languagesFor: { [languages] in languages[$0] ?? defaultLanguages })
        let report: BenchmarkReport
        do {
            report = try benchmark.run(
                extractor: PipelineFactory.extractor(), defaultLanguages: defaultLanguages, logger: logger,
                makeRecognizer: PipelineFactory.recognizerFactory(ocr: group, logger: logger)
            ) { failure in
                if case .failed(let reason) = failure.status { printError(reason) }
            }
        } catch {
            printError("\(error)")
            throw ExitCode.environment
        }
        output(report.renderTable())
    }

    private struct TruthLanguages: Decodable { var languages: String? }
}
