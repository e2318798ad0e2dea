import ArgumentParser
import CardExtraction
import CardIngest
import CardModel
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

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Keep what OCR read in this folder and reuse it on the next run (for extraction work: delete the folder after changing preprocessing or OCR).",
            valueName: "dir"))
    var ocrCache: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Score lines with the model in this file instead of the compiled-in one (the format of models/scoring/weights.json).",
            valueName: "file"))
    var weights: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Write every labelled card's lines with their features, the truth and the fields as JSON Lines (for scripts/fit-scoring; holds card text).",
            valueName: "file"))
    var dumpLines: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Measure as if the name lexicons did not know one given name or surname in N (a fixed hash picks them; 2 or more): how names never seen fare (for scripts/fit-scoring-weight --hide-names).",
            valueName: "n"))
    var hideNames: Int?

    @OptionGroup(title: "Reading")
    var ocr: OCROptionGroup

    @OptionGroup(title: "Logging")
    var logging: LoggingOptions

    func validate() throws {
        if let hideNames, hideNames < 2 {
            throw ValidationError("--hide-names takes 2 or more (one name in N is hidden).")
        }
    }

    func run() throws {
        let logger = logging.makeLogger()
        if let hideNames {
            // Read once, when the lexicons are first used: before any extraction.
            setenv(FieldExtractor.hideNamesVariable, String(hideNames), 1)
            StandardError.line("note: one given name or surname in \(hideNames) is hidden from the lexicons (--hide-names).")
        }
        var model = ScoringModel.standard
        if let weights {
            do {
                model = try ScoringModel.decode(Data(contentsOf: URL(fileURLWithPath: weights)))
            } catch {
                printError("Cannot read the scoring model \(weights): \(error). Pass a file written by scripts/fit-scoring.")
                throw ExitCode.validationFailure
            }
        }
        let extractor = FieldExtractor(phoneNumbers: LibPhoneNumber(), options: .init(model: model))
        var dump: FileHandle?
        if let dumpLines {
            guard FileManager.default.createFile(atPath: dumpLines, contents: nil, attributes: [.posixPermissions: 0o600]),
                let handle = FileHandle(forWritingAtPath: dumpLines)
            else {
                printError("Cannot write \(dumpLines): check that its folder exists and is writable.")
                throw ExitCode.validationFailure
            }
            dump = handle
        }
        defer { try? dump?.close() }
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
        let pipeline = PipelineFactory.make(ocr: ocr, logger: logger, extractor: extractor, ocrCache: ocrCache)
        let evaluator = Evaluator(phoneNumbers: LibPhoneNumber())
        var report = EvaluationReport()
        // A set with halves (realcards: tune and check) is reported half by half as well.
        var splits: [String: EvaluationReport] = [:]
        let progress = ProgressLine()
        do {
            try pipeline.run(files: images.map(\.path), languagesFor: { languages[$0] ?? defaultLanguages }) { result in
                guard let image = byPath[result.path] else { return }
                evaluator.add(image, result: result, to: &report)
                if let split = image.split { evaluator.add(image, result: result, to: &splits[split, default: EvaluationReport()]) }
                if let dump { Self.dump(image, result: result, evaluator: evaluator, extractor: extractor, to: dump) }
            } onProgress: { progress.update($0) }
        } catch {
            progress.clear()
            printError("\(error)")
            throw ExitCode.environment
        }
        progress.clear()
        for failure in report.failures { printError(failure.reason) }
        if json {
            output(try report.json(includeMisses: misses, splits: splits))
        } else {
            var sections: [(String, EvaluationReport)] = splits.sorted { $0.key > $1.key }.map { ($0.key, $0.value) }
            if sections.count > 1 { sections.append(("all", report)) } else { sections = [("", report)] }
            for (name, part) in sections {
                if !name.isEmpty { output("== \(name): \(part.cardsTotal) cards ==") }
                output(part.renderTable())
                output("")
                output(part.reliability.render())
                output("")
                output(part.renderLossSources())
                output("")
            }
            if splits.count > 1 { output(Self.renderGap(splits)) }
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

extension EvalCommand {
    /// One JSON line per labelled card: the truth, what was extracted, and every line with its
    /// features (scripts/fit-scoring labels the lines from the truth and fits the weights).
    static func dump(
        _ image: LabeledImage, result: FileResult, evaluator: Evaluator, extractor: FieldExtractor,
        to handle: FileHandle
    ) {
        struct Card: Encodable {
            let image: String
            let card: Int
            let split: String?
            let origin: String?
            let kind: String?
            let title_includes_department: Bool
            let truth: CardTruth
            let fields: CardFields?
            let lines: [LineExplanation]
        }
        let pairs = evaluator.match(truths: image.truth.cards, predicted: result.cards)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for (t, truth) in image.truth.cards.enumerated() {
            let predicted = pairs[t].map { result.cards[$0] }
            let explanation = predicted?.recognized.map { extractor.explain($0) }
            let card = Card(
                image: image.path, card: t, split: image.split, origin: image.origin, kind: image.truth.kind,
                title_includes_department: image.titleIncludesDepartment, truth: truth, fields: predicted?.fields,
                lines: explanation?.lines ?? [])
            guard let data = try? encoder.encode(card) else { continue }
            handle.write(data + Data("\n".utf8))
        }
    }

    /// F1 per field, half beside half, with the gap a rule that fits only one half shows up in.
    static func renderGap(_ splits: [String: EvaluationReport]) -> String {
        let names = splits.keys.sorted { $0 > $1 }
        guard names.count == 2, let a = splits[names[0]], let b = splits[names[1]] else { return "" }
        var lines = ["F1 by half    " + names.map { $0.padding(toLength: 8, withPad: " ", startingAt: 0) }.joined() + "gap"]
        func f1(_ r: EvaluationReport, _ field: String) -> Double? { r.scores[field]?.f1 }
        for field in EvaluationReport.fields {
            guard let x = f1(a, field), let y = f1(b, field) else { continue }
            lines.append(
                field.padding(toLength: 14, withPad: " ", startingAt: 0)
                    + String(format: "%5.1f   %5.1f   %+5.1f", x * 100, y * 100, (x - y) * 100))
        }
        lines.append(
            "all right".padding(toLength: 14, withPad: " ", startingAt: 0)
                + String(
                    format: "%5.1f   %5.1f   %+5.1f", a.allRightShare * 100, b.allRightShare * 100,
                    (a.allRightShare - b.allRightShare) * 100))
        return lines.joined(separator: "\n")
    }
}

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed: per-stage time, cards/s with 1 and N workers, memory, ratio to plain tesseract.",
        discussion: """
            Runs the whole pipeline (without storing anything) over the images once with one worker \
            and once with --jobs workers, then plain `tesseract IMG -` on the same images one after \
            the other, and prints the figures. Images with a truth file are read with its languages; \
            a folder holding a realcards `labels.jsonl` is benched as its labelled images, each read \
            by plain tesseract in its labelled language (ja: jpn+eng, zh: chi_sim+eng, en: eng).
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
        var files: [String] = []
        // A labelled set (a folder holding the realcards `labels.jsonl`) is benched as its
        // labelled images, and plain tesseract reads each in its labelled language, as it reads
        // TestImages in their truth files' languages: `tesseract IMG -` reads a Japanese card
        // with `eng`, which is not reading it.
        var labelled: [String: String] = [:]
        var listed: [String] = []
        do {
            for path in paths {
                let labels = (path as NSString).appendingPathComponent("labels.jsonl")
                guard FileManager.default.fileExists(atPath: labels) else {
                    listed.append(path)
                    continue
                }
                for image in try EvaluationSet.load(path) {
                    files.append(image.path)
                    if let l = image.truth.languages { labelled[image.path] = l }
                }
            }
            if !listed.isEmpty { files += try InputFiles.list(listed).files }
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
        var languages = labelled
        for file in Set(files) where labelled[file] == nil {
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
        // With `auto` the pipeline picks each card's models itself, as `eval` reads them: the
        // known languages are for plain tesseract only. With --lang they are what the card needs.
        let picks = defaultLanguages == OCROptions.automaticLanguages
        let benchmark = Benchmark(
            files: files, jobs: ocr.jobs, runBaseline: !noBaseline,
            languagesFor: { [languages] in picks ? defaultLanguages : languages[$0] ?? defaultLanguages },
            baselineLanguagesFor: { [languages] in languages[$0] ?? defaultLanguages })
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
