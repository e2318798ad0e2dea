import CardExtraction
import CardOCR
import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Figures from one benchmark run.
public struct BenchmarkReport: Sendable {
    public struct Run: Sendable {
        public var workers: Int
        public var wallSeconds: Double
        public var cpuSeconds: Double
        public var cards: Int
        public var files: Int
        public var failed: Int

        public var cardsPerSecond: Double { wallSeconds > 0 ? Double(cards) / wallSeconds : 0 }
        public var filesPerSecond: Double { wallSeconds > 0 ? Double(files) / wallSeconds : 0 }
    }

    public var files: Int
    /// Mean milliseconds per card in each stage (from the single-worker run).
    public var stageMeans: CardTimings
    public var single: Run
    public var parallel: Run?
    /// Plain `tesseract IMG -` on the same files, one after the other.
    public var tesseract: Run?
    /// How many files plain `tesseract` read with each `-l` value ("eng" when it was given none).
    public var tesseractLanguages: [String: Int] = [:]
    /// Peak resident memory of this process, in MiB.
    public var peakMemoryMiB: Double
    /// The files grouped by the models their (first) card was read with, best known first.
    public var byModels: [ModelGroup] = []

    /// Files whose first card `auto` read with the same models (`Latin`, `jpn+eng`, ...): where
    /// the time goes, since a second script's reading costs a full recognition or more.
    public struct ModelGroup: Sendable {
        public var models: String
        public var files: Int
        /// Sum of the pipeline's stage times over the files' cards (single worker), ms.
        public var pipelineMs: Double
        /// Plain `tesseract` CPU over the same files, ms (nil without the baseline run).
        public var tesseractMs: Double?

        public var ratio: Double? {
            guard let tesseractMs, tesseractMs > 0 else { return nil }
            return pipelineMs / tesseractMs
        }
    }

    /// Pipeline CPU per file over plain tesseract CPU per file (the issue's <= 1.3 target).
    public var cpuRatio: Double? {
        guard let tesseract, tesseract.cpuSeconds > 0 else { return nil }
        return (single.cpuSeconds / Double(single.files)) / (tesseract.cpuSeconds / Double(tesseract.files))
    }

    /// Pipeline wall time per file over plain tesseract wall time per file, both single-threaded.
    public var wallRatio: Double? {
        guard let tesseract, tesseract.wallSeconds > 0 else { return nil }
        return (single.wallSeconds / Double(single.files)) / (tesseract.wallSeconds / Double(tesseract.files))
    }

    /// The figures as a plain-text table.
    public func renderTable() -> String {
        var lines: [String] = []
        lines.append("files: \(files)")
        lines.append(
            String(
                format: "per card, mean ms: decode %.1f  preprocess %.1f  ocr %.1f  extract %.1f  total %.1f",
                stageMeans.decode, stageMeans.preprocess, stageMeans.ocr, stageMeans.extract, stageMeans.total))
        lines.append("")
        lines.append("run                 workers   files  cards   wall s   cpu s  cards/s  cpu ms/file")
        func row(_ name: String, _ run: Run) {
            lines.append(
                name.padding(toLength: 20, withPad: " ", startingAt: 0)
                    + String(
                        format: "%7d %7d %6d %8.2f %7.2f %8.2f %12.1f", run.workers, run.files, run.cards,
                        run.wallSeconds, run.cpuSeconds, run.cardsPerSecond,
                        run.files > 0 ? run.cpuSeconds / Double(run.files) * 1000 : 0))
        }
        row("cardscan", single)
        if let parallel { row("cardscan", parallel) }
        if let tesseract { row("tesseract IMG -", tesseract) }
        if !tesseractLanguages.isEmpty {
            let counts = tesseractLanguages.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            lines.append("tesseract -l: " + counts.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        lines.append("")
        if let cpuRatio, let wallRatio {
            lines.append(String(format: "cardscan / plain tesseract per file: CPU %.2fx, wall %.2fx", cpuRatio, wallRatio))
        }
        if let parallel, single.wallSeconds > 0 {
            lines.append(
                String(
                    format: "speed-up with %d workers: %.2fx", parallel.workers,
                    single.wallSeconds / max(parallel.wallSeconds, 1e-9)))
        }
        // One group says no more than the totals above.
        if byModels.count > 1 {
            lines.append("")
            lines.append("by the models a file was read with (single worker: stage times; tesseract: CPU)")
            lines.append("models            files  cardscan ms/file  tesseract ms/file  ratio")
            for group in byModels {
                let n = Double(max(group.files, 1))
                let tesseract = group.tesseractMs.map { String(format: "%17.0f", $0 / n) } ?? String(repeating: " ", count: 16) + "-"
                let ratio = group.ratio.map { String(format: "%6.2fx", $0) } ?? "      -"
                lines.append(
                    group.models.padding(toLength: 17, withPad: " ", startingAt: 0)
                        + String(format: "%6d %17.0f ", group.files, group.pipelineMs / n) + tesseract + ratio)
            }
        }
        lines.append(String(format: "peak memory: %.0f MiB", peakMemoryMiB))
        let failed = single.failed
        if failed > 0 { lines.append("files that failed: \(failed) (see stderr)") }
        return lines.joined(separator: "\n")
    }
}

/// Measures the pipeline against plain `tesseract` on the same files.
public struct Benchmark {
    public var files: [String]
    public var jobs: Int
    /// The languages the pipeline reads a file with.
    public var languagesFor: @Sendable (String) -> String
    /// The languages plain `tesseract` reads a file with (the card's own language when it is
    /// known, while the pipeline may be picking models itself with `auto`).
    public var baselineLanguagesFor: @Sendable (String) -> String
    public var runBaseline: Bool

    public init(
        files: [String], jobs: Int, runBaseline: Bool = true,
        languagesFor: @escaping @Sendable (String) -> String,
        baselineLanguagesFor: (@Sendable (String) -> String)? = nil
    ) {
        self.files = files
        self.jobs = jobs
        self.runBaseline = runBaseline
        self.languagesFor = languagesFor
        self.baselineLanguagesFor = baselineLanguagesFor ?? languagesFor
    }

    /// Runs the pipeline with one worker, then with `jobs` workers, then plain tesseract.
    public func run(
        extractor: FieldExtractor, defaultLanguages: String, logger: Logger, makeRecognizer: @escaping RecognizerFactory,
        onFailure: (FileResult) -> Void = { _ in }
    ) throws -> BenchmarkReport {
        // By position in `files`: `--repeat-files` lists a path more than once.
        var fileModels: [Int: (models: String, ms: Double)] = [:]
        func pipelineRun(workers: Int, collect: Bool) throws -> (BenchmarkReport.Run, CardTimings) {
            let pipeline = ScanPipeline(
                options: .init(jobs: workers, languages: defaultLanguages), extractor: extractor, logger: logger,
                makeRecognizer: makeRecognizer)
            var cards = 0
            var failed = 0
            var sums = CardTimings()
            let cpu0 = Self.cpuSeconds(.myself)
            let wall0 = DispatchTime.now()
            try pipeline.run(files: files, languagesFor: languagesFor) { result in
                cards += result.cards.count
                if result.isFailure {
                    failed += 1
                    if collect { onFailure(result) }
                }
                if collect {
                    let models = result.cards.first?.recognized?.languages ?? (result.isFailure ? "failed" : "no card")
                    fileModels[result.inputIndex] = (models, result.cards.reduce(0) { $0 + $1.timings.total })
                }
                for card in result.cards {
                    sums.decode += card.timings.decode
                    sums.preprocess += card.timings.preprocess
                    sums.ocr += card.timings.ocr
                    sums.extract += card.timings.extract
                }
            }
            let wall = Double(DispatchTime.now().uptimeNanoseconds - wall0.uptimeNanoseconds) / 1e9
            let cpu = Self.cpuSeconds(.myself) - cpu0
            let n = Double(max(cards, 1))
            let means = CardTimings(
                decode: sums.decode / n, preprocess: sums.preprocess / n, ocr: sums.ocr / n, extract: sums.extract / n)
            return (
                BenchmarkReport.Run(
                    workers: workers, wallSeconds: wall, cpuSeconds: cpu, cards: cards, files: files.count, failed: failed),
                means
            )
        }
        let (single, means) = try pipelineRun(workers: 1, collect: true)
        var parallel: BenchmarkReport.Run?
        if jobs > 1 { parallel = try pipelineRun(workers: jobs, collect: false).0 }
        var perFile: [Int: Double] = [:]
        var baselineLanguages: [String: Int] = [:]
        let baseline = runBaseline ? try tesseractRun(perFile: &perFile, languages: &baselineLanguages) : nil
        var report = BenchmarkReport(
            files: files.count, stageMeans: means, single: single, parallel: parallel, tesseract: baseline,
            peakMemoryMiB: Self.peakMemoryMiB())
        report.tesseractLanguages = baselineLanguages
        report.byModels = Self.groups(fileModels, tesseract: baseline == nil ? nil : perFile)
        return report
    }

    /// Sums the files' times by the models they were read with, the most files first.
    static func groups(
        _ fileModels: [Int: (models: String, ms: Double)], tesseract: [Int: Double]?
    ) -> [BenchmarkReport.ModelGroup] {
        var groups: [String: BenchmarkReport.ModelGroup] = [:]
        for (index, entry) in fileModels {
            var group = groups[entry.models] ?? .init(
                models: entry.models, files: 0, pipelineMs: 0, tesseractMs: tesseract == nil ? nil : 0)
            group.files += 1
            group.pipelineMs += entry.ms
            if let tesseract { group.tesseractMs = (group.tesseractMs ?? 0) + (tesseract[index] ?? 0) }
            groups[entry.models] = group
        }
        return groups.values.sorted { ($0.files, $1.models) > ($1.files, $0.models) }
    }

    /// Plain `tesseract FILE - -l LANG` per file, sequentially, with OMP_THREAD_LIMIT=1.
    /// `perFile` gets each file's CPU in milliseconds, by its position in `files`; `counts` how
    /// many files were read with each `-l` value ("eng" for none).
    private func tesseractRun(perFile: inout [Int: Double], languages counts: inout [String: Int]) throws
        -> BenchmarkReport.Run
    {
        let executable = ["/usr/bin/tesseract", "/usr/local/bin/tesseract"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        guard let executable else {
            throw IngestError.commandFailed("tesseract", reason: "not found in /usr/bin (Debian package tesseract-ocr)")
        }
        var environment = ProcessInfo.processInfo.environment
        environment["OMP_THREAD_LIMIT"] = "1"
        let cpu0 = Self.cpuSeconds(.children)
        let wall0 = DispatchTime.now()
        var failed = 0
        for (index, file) in files.enumerated() {
            let fileCPU0 = Self.cpuSeconds(.children)
            defer { perFile[index] = (Self.cpuSeconds(.children) - fileCPU0) * 1000 }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            // `auto` is ours: the baseline is then plain `tesseract IMG -` (eng), the budget's floor.
            let languages = baselineLanguagesFor(file)
            process.arguments = languages == OCROptions.automaticLanguages ? [file, "-"] : [file, "-", "-l", languages]
            counts[languages == OCROptions.automaticLanguages ? "eng" : languages, default: 0] += 1
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            do {
                try process.run()
            } catch {
                throw IngestError.commandFailed("tesseract", reason: "\(error)")
            }
            process.waitUntilExit()
            if process.terminationStatus != 0 { failed += 1 }
        }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - wall0.uptimeNanoseconds) / 1e9
        let cpu = Self.cpuSeconds(.children) - cpu0
        return BenchmarkReport.Run(
            workers: 1, wallSeconds: wall, cpuSeconds: cpu, cards: files.count - failed, files: files.count,
            failed: failed)
    }

    enum Who { case myself, children }

    static func cpuSeconds(_ who: Who) -> Double {
        var usage = rusage()
        getrusage(who == .myself ? RUSAGE_SELF.rawValue : RUSAGE_CHILDREN.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    static func peakMemoryMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024  // Linux reports kilobytes
    }
}
