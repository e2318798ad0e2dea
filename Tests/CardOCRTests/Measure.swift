import CardModel
import CardOCR
import CardTestSupport
import Foundation
import Logging
import Testing

/// Measurement harness, not a test: prints accuracy and time per kind on TestImages/cards.
///
///     CARDOCR_MEASURE=1 OMP_THREAD_LIMIT=1 swift test --filter CardOCRTests.measure
///
/// Options (environment): `CARDOCR_SKIP=orient,deskew` disables stages; `CARDOCR_BASELINE=1`
/// also runs the plain `tesseract IMG -` command on each image; `CARDOCR_KINDS=scan,photo`
/// limits the kinds; `CARDOCR_LIMIT=5` limits the images per kind; `CARDOCR_PSM=3` sets the
/// page segmentation; `CARDOCR_VERBOSE=1` prints misses; `CARDOCR_LANG=Latin` reads the `eng`
/// cards with other models.
@Test(.enabled(if: ProcessInfo.processInfo.environment["CARDOCR_MEASURE"] != nil))
func measure() throws {
    let env = ProcessInfo.processInfo.environment
    let skip = Set(
        (env["CARDOCR_SKIP"] ?? "").split(separator: ",").compactMap { PreprocessStage(rawValue: String($0)) }
    )
    let kinds = env["CARDOCR_KINDS"].map { Set($0.split(separator: ",").map(String.init)) }
    let limit = Int(env["CARDOCR_LIMIT"] ?? "") ?? Int.max
    let verbose = env["CARDOCR_VERBOSE"] != nil
    let psm = env["CARDOCR_PSM"].flatMap(Int.init).flatMap(PageSegmentation.init(rawValue:)) ?? .sparseText
    let baseline = env["CARDOCR_BASELINE"] != nil

    var samplesByKind: [String: [TestImages.Sample]] = [:]
    for sample in TestImages.samples() where kinds?.contains(sample.kind) ?? true {
        if samplesByKind[sample.kind, default: []].count < limit {
            samplesByKind[sample.kind, default: []].append(sample)
        }
    }
    var recognizers: [String: TesseractRecognizer] = [:]
    func recognizer(_ languages: String) throws -> TesseractRecognizer {
        if let r = recognizers[languages] { return r }
        var logger = Logger(label: "measure") { _ in OSDCounter() }
        logger.logLevel = .debug
        let r = try TesseractRecognizer(
            options: OCROptions(languages: languages, disabledStages: skip, pageSegmentation: psm),
            logger: logger)
        recognizers[languages] = r
        return r
    }
    print("stages off: \(skip.map(\.rawValue).sorted()), psm \(psm.rawValue)")
    print(
        "kind      imgs cards found  name  email  recall  ms/card(cpu)  pre   ocr  | base recall name email ms/img"
    )
    var totals = Score()
    var baseTotals = Score()
    for kind in samplesByKind.keys.sorted() {
        var score = Score()
        var base = Score()
        for sample in samplesByKind[kind] ?? [] {
            let truthLanguages = sample.truth.languages ?? "eng"
            let languages = truthLanguages == "eng" ? (env["CARDOCR_LANG"] ?? "eng") : truthLanguages
            let r = try recognizer(languages)
            let cpu0 = cpuMilliseconds()
            let cards: [RecognizedCard]
            do { cards = try r.recognizeCards(inFileAt: sample.url) } catch {
                print("  \(sample.name): \(error)")
                score.add(
                    truth: sample.truth.cards, cards: [], cpu: cpuMilliseconds() - cpu0, verbose: verbose,
                    name: sample.name)
                continue
            }
            let cpu = cpuMilliseconds() - cpu0
            score.add(truth: sample.truth.cards, cards: cards, cpu: cpu, verbose: verbose, name: sample.name)
            if baseline {
                let (text, ms) = plainTesseract(sample.url, languages: languages)
                base.addBaseline(truth: sample.truth.cards, text: text, ms: ms)
            }
        }
        print(score.row(kind) + (baseline ? " | " + base.baselineRow() : "") + "  osd \(OSDCounter.take())")
        totals.merge(score)
        baseTotals.merge(base)
    }
    print(totals.row("ALL") + (baseline ? " | " + baseTotals.baselineRow() : ""))
}

private struct Score {
    var images = 0
    var truthCards = 0
    var foundCards = 0
    var names = 0
    var nameTotal = 0
    var emails = 0
    var emailTotal = 0
    var tokens = 0
    var tokenTotal = 0
    var cpu = 0.0
    var pre = 0.0
    var ocr = 0.0
    var baseMs = 0.0

    mutating func add(truth: [CardTruth], cards: [RecognizedCard], cpu: Double, verbose: Bool, name: String) {
        images += 1
        truthCards += truth.count
        foundCards += cards.count
        self.cpu += cpu
        for card in cards {
            pre += card.timings.preprocess + card.timings.decode / Double(cards.count)
            ocr += card.timings.ocr
        }
        if verbose, cards.count != truth.count {
            print("  \(name): found \(cards.count) cards, truth \(truth.count): \(cards.map(\.bbox))")
        }
        for (i, t) in truth.enumerated() {
            // Match by bbox when the truth has one and several cards were found.
            var match: RecognizedCard?
            if let box = t.bbox, cards.count > 1 {
                match = cards.max(by: { $0.bbox.iou(box) < $1.bbox.iou(box) })
            } else {
                match = cards.count > i ? cards[i] : cards.first
            }
            let text = match?.recognized.text ?? ""
            let r = evaluate(t, text: text)
            names += r.name.0
            nameTotal += r.name.1
            emails += r.email.0
            emailTotal += r.email.1
            tokens += r.tokens.0
            tokenTotal += r.tokens.1
            if verbose, r.tokens.0 < r.tokens.1 || r.name.0 < r.name.1 || r.email.0 < r.email.1 {
                let iou =
                    (t.bbox.flatMap { b in match.map { $0.bbox.iou(b) } }).map { String(format: "%.2f", $0) }
                    ?? "-"
                print(
                    "  \(name)#\(i): recall \(r.tokens.0)/\(r.tokens.1) name \(r.name.0)/\(r.name.1) email \(r.email.0)/\(r.email.1) iou \(iou) rot \(match?.rotation ?? -1) skew \(String(format: "%.1f", match?.skew ?? 0)) missing: \(r.missing.prefix(8))"
                )
            }
        }
    }

    mutating func addBaseline(truth: [CardTruth], text: String, ms: Double) {
        images += 1
        baseMs += ms
        for t in truth {
            let r = evaluate(t, text: text)
            names += r.name.0
            nameTotal += r.name.1
            emails += r.email.0
            emailTotal += r.email.1
            tokens += r.tokens.0
            tokenTotal += r.tokens.1
        }
    }

    mutating func merge(_ o: Score) {
        images += o.images
        truthCards += o.truthCards
        foundCards += o.foundCards
        names += o.names
        nameTotal += o.nameTotal
        emails += o.emails
        emailTotal += o.emailTotal
        tokens += o.tokens
        tokenTotal += o.tokenTotal
        cpu += o.cpu
        pre += o.pre
        ocr += o.ocr
        baseMs += o.baseMs
    }

    func pct(_ a: Int, _ b: Int) -> String {
        b == 0 ? "  -  " : String(format: "%4.0f%%", 100 * Double(a) / Double(b))
    }

    func row(_ kind: String) -> String {
        let n = Double(max(foundCards, 1))
        return kind.padding(toLength: 9, withPad: " ", startingAt: 0)
            + String(format: "%5d %5d %5d ", images, truthCards, foundCards)
            + "\(pct(names, nameTotal)) \(pct(emails, emailTotal))  \(pct(tokens, tokenTotal))   "
            + String(format: "%8.0f     %5.0f %5.0f", cpu / n, pre / n, ocr / n)
    }

    func baselineRow() -> String {
        "\(pct(tokens, tokenTotal)) \(pct(names, nameTotal)) \(pct(emails, emailTotal)) "
            + String(format: "%6.0f", baseMs / Double(max(images, 1)))
    }
}

/// Lowercased words with surrounding punctuation removed; Han characters count one each.
func tokens(_ s: String) -> [String] {
    var result: [String] = []
    for raw in s.lowercased().split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == "|" }) {
        let trimmed = raw.trimmingCharacters(in: CharacterSet.punctuationCharacters.union(.symbols))
        guard !trimmed.isEmpty else { continue }
        if trimmed.unicodeScalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) }) {
            result += trimmed.map(String.init)
        } else {
            result.append(trimmed)
        }
    }
    return result
}

func squashed(_ s: String) -> String {
    String(
        s.lowercased().unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }.map(
            Character.init))
}

private func evaluate(_ t: CardTruth, text: String) -> (
    name: (Int, Int), email: (Int, Int), tokens: (Int, Int), missing: [String]
) {
    let found = Set(tokens(text))
    let flat = squashed(text)
    var expected: [String] = []
    for field in [t.name, t.title, t.department, t.company, t.address].compactMap({ $0 }) {
        expected += tokens(field)
    }
    for phone in t.phones { expected += tokens(phone.value) }
    for email in t.emails { expected += tokens(email) }
    for site in t.websites { expected += tokens(site) }
    let missing = expected.filter { !found.contains($0) }
    let name = t.name.map { (flat.contains(squashed($0)) ? 1 : 0, 1) } ?? (0, 0)
    let emailHits = t.emails.filter { flat.contains(squashed($0)) }.count
    return (name, (emailHits, t.emails.count), (expected.count - missing.count, expected.count), missing)
}

private func cpuMilliseconds() -> Double {
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    let user = Double(usage.ru_utime.tv_sec) * 1000 + Double(usage.ru_utime.tv_usec) / 1000
    let system = Double(usage.ru_stime.tv_sec) * 1000 + Double(usage.ru_stime.tv_usec) / 1000
    return user + system
}

/// Runs `tesseract IMG - -l LANG` and returns its text and the child's CPU milliseconds.
private func plainTesseract(_ url: URL, languages: String) -> (String, Double) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/tesseract")
    process.arguments = [url.path, "-", "-l", languages]
    var env = ProcessInfo.processInfo.environment
    env["OMP_THREAD_LIMIT"] = "1"
    process.environment = env
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    var before = rusage()
    getrusage(Int32(RUSAGE_CHILDREN.rawValue), &before)
    do { try process.run() } catch { return ("", 0) }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    var after = rusage()
    getrusage(Int32(RUSAGE_CHILDREN.rawValue), &after)
    func ms(_ r: rusage) -> Double {
        Double(r.ru_utime.tv_sec + r.ru_stime.tv_sec) * 1000 + Double(r.ru_utime.tv_usec + r.ru_stime.tv_usec)
            / 1000
    }
    return (String(decoding: data, as: UTF8.self), ms(after) - ms(before))
}

/// Counts the orientation detections the recognizer logs, per kind.
private struct OSDCounter: LogHandler {
    nonisolated(unsafe) static var runs = 0
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        if case .string(let runs)? = event.metadata?["osd.runs"], let n = Int(runs) { Self.runs += n }
    }
    static func take() -> Int {
        defer { runs = 0 }
        return runs
    }
}
