import CLeptonica
import CTesseract
import CardModel
import Foundation
import Logging

/// Reads business cards with Leptonica preprocessing and Tesseract (the real `TextRecognizer`).
///
/// Not thread-safe: create one per worker thread and reuse it for all that worker's cards
/// (engine init costs about one recognition: OCR_FACTS). The orientation engine (`osd`) is
/// created lazily, the first time a card needs it.
public final class TesseractRecognizer: TextRecognizer {
    public let options: OCROptions
    let logger: Logger
    private let directory: String
    private let engine: TesseractEngine
    private var osdEngine: TesseractEngine?
    private var osdUnavailable = false
    /// The QR decoder, created on first use.
    private var codeScanner: CodeScanner?
    /// The deadline of the file being read, set by `recognizePages` for its duration.
    private(set) var deadline: OCRDeadline?
    /// Orientation detections run for the current card (for the debug log).
    private var osdRuns = 0
    /// Milliseconds spent in orientation detection for the current card (for the debug log).
    private var osdMs = 0.0
    /// The script OSD reported for the current card, when it ran (`auto`).
    private var cardScript: String?
    /// `auto`: the engines of other scripts' models, created on first use; nil marks a model
    /// that failed to load (logged once).
    private var scriptEngines: [String: TesseractEngine?] = [:]
    /// `auto`: the installed models, read once.
    private(set) lazy var installedSet = Set(installedLanguages)
    /// `auto`: readings with a second (script) model since this recognizer was made.
    public internal(set) var secondPassRuns = 0
    /// `auto`: e-mail and web lines read again with `eng` since this recognizer was made.
    public internal(set) var machineLineRereads = 0
    /// `auto`: short Latin lines on a card of another script read again with that script's model.
    public internal(set) var latinFragmentRereads = 0
    /// `auto`: rows of large type on a card of another script read again as one line.
    public internal(set) var largeRowRereads = 0
    /// Rows of large type no line covered, read alone (`OCRParameters.UnreadRows`).
    public internal(set) var unreadRowReads = 0
    /// Cards read again from their darkest colour channel (stage `colour`).
    public internal(set) var colourRereads = 0
    /// Pages read again (whole, or over the found card's box grown) because their one found
    /// card read as a part of a card (`OCRParameters.PoorCrop`).
    public internal(set) var poorCropRereads = 0
    /// Unsure lines read again alone and larger since this recognizer was made (`reread`).
    public internal(set) var unsureLineRereads = 0
    /// Lines read again extended over the ink after their end since this recognizer was made
    /// (`extend`).
    public internal(set) var cutLineRereads = 0

    /// Loads the language models of `options.languages`; for `auto`, `Latin` when installed,
    /// else `eng` (other scripts' models load when a card needs them).
    ///
    /// - Throws: `OCRError.missingLanguage` naming the Debian package when a model is not
    ///   installed, `.tessdataNotFound`, `.invalidLanguage`, or `.cCallFailed` when Tesseract
    ///   refuses a model file.
    public init(options: OCROptions = OCROptions(), logger: Logger) throws {
        _ = leptonicaQuieted
        let directory = TesseractLanguages.directory(options.tessdataDirectory)
        let languages =
            options.picksLanguages
            ? ScriptModels.firstPass(installed: Set(TesseractLanguages.installed(in: directory))) : options.languages
        self.engine = try TesseractEngine(languages: languages, directory: directory, mode: OEM_LSTM_ONLY)
        self.options = options
        self.logger = logger
        self.directory = directory
    }

    /// The language models installed where this recognizer loads them from.
    public var installedLanguages: [String] { TesseractLanguages.installed(in: directory) }

    public func recognizeCards(inFileAt url: URL) throws -> [RecognizedCard] {
        try PageResult.cards(in: recognizePages(inFileAt: url), path: url.relativePath)
    }

    /// Reads every page of the file: one result per page, in page order.
    ///
    /// Multi-page TIFFs and PDFs are read page by page; a page that cannot be decoded or read
    /// becomes `.failed` and the next page is read. `RecognizedCard.index` counts the cards of
    /// the whole file (page 0's cards first), `page` is the 0-based page.
    ///
    /// - Throws: `OCRError` naming the file for file-level failures (unreadable, unsupported,
    ///   encrypted, too many pages, a single image that cannot be decoded), and
    ///   `.deadlineExceeded` when the file takes longer than `options.deadlineSeconds`.
    public func recognizePages(inFileAt url: URL) throws -> [PageResult] {
        let path = url.relativePath  // as the user gave it (same as .path for absolute URLs)
        deadline = OCRDeadline(seconds: options.deadlineSeconds, path: path)
        defer { deadline = nil }
        do {
            return try recognize(path: path)
        } catch let error as OCRError {
            throw error.naming(path)
        }
    }

    // MARK: - Pipeline

    private func recognize(path: String) throws -> [PageResult] {
        var clock = Stopwatch()
        let debug = DebugImages(directory: options.debugImageDirectory, path: path, logger: logger)
        let reader = try PageReader(
            path: path, maxPixels: options.maxPixels, maxPages: options.maxPages,
            applyEXIF: options.runs(.exif), maxFileSize: options.maxFileSize)
        var results: [PageResult] = []
        var cardCount = 0
        for page in 0..<reader.pageCount {
            do {
                try deadline?.check()
                let decoded = try reader.page(page)
                let cards = try recognize(
                    decoded, path: path, page: page, firstIndex: cardCount, decodeMs: clock.lap(),
                    debug: debug)
                cardCount += cards.count
                results.append(.cards(cards))
            } catch let failure as PageFailure {
                results.append(pageFailed(page, of: reader.pageCount, failure.reason, path: path))
            } catch let error as OCRError where reader.isMultiPage && !error.isDeadline {
                results.append(pageFailed(page, of: reader.pageCount, PageFailure(error).reason, path: path))
            }
            _ = clock.lap()
        }
        return results
    }

    private func pageFailed(_ page: Int, of count: Int, _ reason: String, path: String) -> PageResult {
        logger.info(
            "page failed",
            metadata: [
                "file.name": "\(URL(fileURLWithPath: path).lastPathComponent)", "page": "\(page + 1)",
                "pages": "\(count)", "reason": "\(reason)",
            ])
        return .failed(page: page, reason: reason)
    }

    /// Finds and reads the cards on one decoded page.
    private func recognize(
        _ decoded: DecodedImage, path: String, page: Int, firstIndex: Int, decodeMs: Double,
        debug: DebugImages
    ) throws -> [RecognizedCard] {
        var clock = Stopwatch()
        debug.write(decoded.pix, card: nil, stage: "decoded")

        let grey = try decoded.pix.grey()
        // The page's darkest colour channel, made at most once: for the card finder and the
        // `colour` stage.
        var darkest: PixImage?
        func darkestChannel() throws -> PixImage? {
            if darkest == nil { darkest = try decoded.pix.darkestChannelIfColour() }
            return darkest
        }
        let regions: [CardRegion]
        if options.runs(.findCards) {
            regions = try CardFinder.find(
                in: grey, darkestChannel: darkestChannel, onPhoto: options.parameters.cardOnPhoto,
                debug: debug)
        } else {
            regions = [CardRegion.whole(grey)]
        }
        // Page-level preprocessing is shared by the cards: give each an equal part, so the sum
        // over a file's cards is the file's total.
        let pageMs = clock.lap() / Double(max(regions.count, 1))

        logger.debug(
            "decoded",
            metadata: [
                "file.name": "\(URL(fileURLWithPath: path).lastPathComponent)",
                "image.size": "\(grey.width)x\(grey.height)", "image.format": "\(decoded.format.rawValue)",
                "exif.orientation": "\(decoded.exifOrientation)", "cards.found": "\(regions.count)",
            ])

        var cards: [RecognizedCard] = []
        for (index, region) in regions.enumerated() {
            var card = try recognizeCard(region, in: grey, index: firstIndex + index, debug: debug)
            card = try readColouredInkAgain(
                card, region: region, decoded: decoded, darkest: &darkest, index: firstIndex + index,
                debug: debug)
            card.page = page
            card.timings.decode = decodeMs
            card.timings.preprocess += pageMs
            cards.append(card)
        }
        if regions.count == 1, regions[0].isCropped, let card = cards.first {
            let rule = options.parameters.poorCrop
            if rule.readsWhole(letters: Self.letterCount(card.recognized)) {
                cards = [
                    try readAgain(
                        card, region: .whole(grey), in: grey, decoded: decoded, darkest: &darkest,
                        debug: debug, reason: "read whole"
                    ) { Self.score($0) > Self.score($1) }
                ]
            } else if !regions[0].isWholeImage, let cutLines = card.cutLines, rule.grows(cutLines: cutLines) {
                let region = CardRegion(
                    bbox: rule.grown(regions[0].bbox, within: grey), corners: nil, isWholeImage: false)
                cards = [
                    try readAgain(
                        card, region: region, in: grey, decoded: decoded, darkest: &darkest, debug: debug,
                        reason: "read grown"
                    ) { second, first in Self.keepsGrown(second, over: first, rule: rule) }
                ]
            }
        }
        // No card was found and nothing was read on the whole image: it holds no readable card
        // (the protocol's empty result), rather than one card without text.
        if regions.count == 1, regions[0].isWholeImage, cards.first?.recognized.lines.isEmpty == true {
            return []
        }
        return cards
    }

    /// `OCRParameters.PoorCrop`: the one card found on a page read as a part of a card, so the
    /// page is read again over `region` (the whole page, or the found card's box grown), and
    /// that reading kept when `keeps(new, first)` says so. The card's timings count both
    /// readings.
    private func readAgain(
        _ card: RecognizedCard, region: CardRegion, in grey: PixImage, decoded: DecodedImage,
        darkest: inout PixImage?, debug: DebugImages, reason: String,
        keeps: (RecognizedPage, RecognizedPage) -> Bool
    ) throws -> RecognizedCard {
        var second = try recognizeCard(region, in: grey, index: card.index, debug: debug)
        second = try readColouredInkAgain(
            second, region: region, decoded: decoded, darkest: &darkest, index: card.index, debug: debug)
        poorCropRereads += 1
        let kept = keeps(second.recognized, card.recognized)
        logger.debug("poor crop \(reason)", metadata: ["card.index": "\(card.index)", "kept": "\(kept)"])
        return card.choosing(second, keepSecond: kept)
    }

    /// Whether the reading of a found card's box grown (`OCRParameters.PoorCrop`) replaces the
    /// reading of the box as found: it is surer, holds `min_gain` times the letters and digits,
    /// and is in the same script. The grown box takes in desk, and a reading that turned to
    /// another script read its texture (wood grain as rows of kana), not the card's cut lines.
    static func keepsGrown(
        _ second: RecognizedPage, over first: RecognizedPage, rule: OCRParameters.PoorCrop
    ) -> Bool {
        score(second) > score(first)
            && rule.gains(alphanumericCount(second.text), over: alphanumericCount(first.text))
            && second.languages == first.languages
    }

    /// Lines of three or more letters or digits that run into the left or right edge of the
    /// image they were read from: the crop cut them. A line within 3 pixels of a side is cut;
    /// one within `rule.edgeDistance` of its height is cut when `pixels` (the card image it was
    /// read from) hold ink between the side and the line: the rest of a glyph the crop cut in
    /// half, which OCR does not read, so the line's box starts a little inside. A line with
    /// blank paper up to the side keeps a card's margin, however narrow.
    static func cutLineCount(
        _ page: RecognizedPage, rule: OCRParameters.PoorCrop, pixels: GreyPixels?
    ) -> Int {
        page.lines.filter { line in
            let box = line.box
            let right = page.width - box.maxX
            guard alphanumericCount(line.text) >= 3 else { return false }
            if box.x <= 3 || right <= 3 { return true }
            guard let pixels else { return false }
            let near = rule.edgeDistance(lineHeight: box.height)
            // The middle half of the line's rows, so that a neighbouring line's ink stays out;
            // a pixel's gap from the line, so that its first glyph's edge stays out.
            let rows = (y: box.y + box.height / 4, height: max(1, box.height / 2))
            let before = PixelBox(x: 0, y: rows.y, width: max(0, box.x - 1), height: rows.height)
            let after = PixelBox(x: box.maxX + 1, y: rows.y, width: max(0, right - 1), height: rows.height)
            return (box.x <= near && hasInk(before, pixels: pixels))
                || (right <= near && hasInk(after, pixels: pixels))
        }.count
    }

    /// `cutLineCount` of a card read from `pix` as `region`, when the cut-lines rule can act on
    /// it (a card found on a page, not the whole page); nil otherwise. The card image is read
    /// only when a line stands near a side.
    func cutLineCount(_ page: RecognizedPage, of pix: PixImage, region: CardRegion) throws -> Int? {
        let rule = options.parameters.poorCrop
        guard rule.minCutLines > 0, region.isCropped, !region.isWholeImage else { return nil }
        let near = page.lines.contains { line in
            let distance = rule.edgeDistance(lineHeight: line.box.height)
            return line.box.x <= distance || page.width - line.box.maxX <= distance
        }
        guard near, rule.edgeMargin > 0 else { return Self.cutLineCount(page, rule: rule, pixels: nil) }
        let grey = pix.depth == 8 ? pix : try pix.grey()
        return Self.cutLineCount(page, rule: rule, pixels: GreyPixels(grey))
    }

    /// Letters in a reading (any script).
    static func letterCount(_ page: RecognizedPage) -> Int {
        page.lines.reduce(0) { $0 + $1.text.unicodeScalars.filter(CharacterSet.letters.contains).count }
    }

    /// Stage `colour`: an unsure reading of a card whose ink is coloured on neutral paper is
    /// read again, every stage, from the page's darkest colour channel (made once a page, in
    /// `darkest`), and that reading is kept when it is surer by `OCRParameters.ColouredInk`'s
    /// gain. So is an unsure reading of a card printed in light type on coloured paper
    /// (`ColouredInk.minPaperChroma`: white on red, whose paper the darkest channel turns dark).
    /// Either way the card's timings count both readings.
    private func readColouredInkAgain(
        _ card: RecognizedCard, region: CardRegion, decoded: DecodedImage, darkest: inout PixImage?,
        index: Int, debug: DebugImages
    ) throws -> RecognizedCard {
        let rule = options.parameters.colouredInk
        let confidence = Self.meanConfidence(card.recognized)
        guard options.runs(.colour), decoded.pix.depth == 32, rule.rereads(confidence: confidence) else {
            return card
        }
        var clock = Stopwatch()
        var result = card
        let rgb = region.isCropped ? try decoded.pix.cropped(to: region.bbox) : decoded.pix
        let share = try InkColour.colouredShare(of: rgb, whole: region.isWholeImage, rule: rule)
        var reason: String?
        if share >= rule.minColouredInk {
            reason = "ink"
        } else if rule.minPaperChroma > 0, case let paper = try InkColour.paper(of: rgb),
            paper.lightType, rule.rereads(paperChroma: paper.chroma)
        {
            reason = "paper"
        }
        result.timings.preprocess += clock.lap()
        guard let reason else { return result }
        let channel = try darkest ?? decoded.pix.darkestChannel()
        darkest = channel
        // The second reading's stage images follow this one in the debug folder.
        debug.write(channel, card: index, stage: PreprocessStage.colour.rawValue)
        let second = try recognizeCard(region, in: channel, index: index, debug: debug)
        let kept = rule.keeps(confidence: Self.meanConfidence(second.recognized), over: confidence)
        colourRereads += 1
        logger.debug(
            "coloured ink read again",
            metadata: ["card.index": "\(index)", "kept": "\(kept)", "colour": "\(reason)"])
        return result.choosing(second, keepSecond: kept)
    }

    private func recognizeCard(
        _ region: CardRegion, in grey: PixImage, index: Int, debug: DebugImages
    ) throws -> RecognizedCard {
        var clock = Stopwatch()
        osdRuns = 0
        osdMs = 0
        cardScript = nil
        let passesBefore = (secondPassRuns, latinFragmentRereads, machineLineRereads)
        let wholeImage = region.isWholeImage && region.focus == nil
        var steps = CardSteps(options: options, debug: debug, card: index, wholeImage: wholeImage)
        steps.edgeSkew = region.focus.map { CardRegion.edgeSkew(of: $0.corners) }
        var (pix, perspectiveSkew) = try steps.prepare(region, from: grey)
        let unskewed = pix
        var skew = 0.0
        var typeSkew: Double?
        if options.runs(.deskew) { (pix, skew, typeSkew) = try steps.deskewOfferingTypeSkew(pix) }
        skew += perspectiveSkew
        var preprocessMs = clock.lap()

        var rotation = 0
        var ocrMs = 0.0
        /// Reads `candidate` (the card turned, or enlarged) and keeps it when it reads better.
        func readAgain(_ candidate: PixImage, page: inout RecognizedPage, pix: inout PixImage) throws -> Bool {
            let second = try read(candidate)
            ocrMs += clock.lap()
            guard Self.score(second) > Self.score(page) else { return false }
            page = second
            pix = candidate
            return true
        }
        // A portrait card is most likely a landscape card on its side: ask OSD first instead
        // of paying for a poor recognition (OCR_FACTS: OSD costs about one recognition).
        let orientFirst = options.runs(.orient) && unskewed.isPortrait
        var page: RecognizedPage
        if orientFirst, let turn = try orientation(of: unskewed), turn != 0 {
            rotation = turn
            ocrMs += clock.lap()  // orientation detection counts as recognition (StageTimings)
            let (unturned, unturnedSkew) = (pix, skew)
            let residual: Double
            (pix, residual) = try steps.upright(unskewed, turn: turn, debugStage: "orient")
            skew = perspectiveSkew + residual
            preprocessMs += clock.lap()
            page = try read(pix)
            ocrMs += clock.lap()
            // OSD can be wrong on a photo read whole (a card upright on a laptop's keys, turned
            // 180 degrees): a poor reading of the turned card is checked against the card as it is.
            if Self.looksPoor(page), try readAgain(unturned, page: &page, pix: &pix) {
                rotation = 0
                skew = unturnedSkew
            }
        } else {
            ocrMs += clock.lap()
            page = try read(pix)
            ocrMs += clock.lap()
            // A poor reading: turn the card as OSD says; a portrait card OSD was unsure about
            // (a dark band on a card on its side) is read both ways on its side instead.
            var turns: [Int] = []
            if options.runs(.orient), Self.looksPoor(page) {
                if !orientFirst, let turn = try orientation(of: unskewed), turn != 0 {
                    turns = [turn]
                } else if orientFirst, Self.score(page) < 20 {
                    turns = [90, 270]
                }
            }
            for turn in turns {
                ocrMs += clock.lap()
                let (turned, turnedSkew) = try steps.upright(unskewed, turn: turn, debugStage: "orient")
                preprocessMs += clock.lap()
                if try readAgain(turned, page: &page, pix: &pix) {
                    rotation = turn
                    skew = perspectiveSkew + turnedSkew
                }
            }
        }
        // A photo read whole whose type lies at another angle than the sweep over all its ink
        // found (the desk's edges won): read at the type's angle too, the surer reading kept.
        if rotation == 0, let typeAngle = typeSkew {
            ocrMs += clock.lap()
            let turned = typeAngle == 0 ? unskewed : try unskewed.rotated(degrees: typeAngle)
            preprocessMs += clock.lap()
            let kept = try readAgain(turned, page: &page, pix: &pix)
            if kept { skew = perspectiveSkew + typeAngle }
            logger.debug(
                "read again at the type's skew",
                metadata: [
                    "card.index": "\(index)", "skew": "\(String(format: "%.1f", typeAngle))", "kept": "\(kept)",
                ])
        }
        // Small text in a photo read whole (no card found, its size a guess): read again larger.
        if options.runs(.enlarge), region.isWholeImage, let height = Self.medianWordHeight(page),
            let enlarge = options.parameters.smallText.enlargement(
                forWordHeight: height, confidence: Self.meanWordConfidence(page))
        {
            ocrMs += clock.lap()
            let (prepared, _) = try steps.prepare(region, from: grey, enlarge: enlarge)
            let (bigger, _) = try steps.upright(prepared, turn: rotation, debugStage: nil)
            debug.write(bigger, card: index, stage: "enlarge")
            preprocessMs += clock.lap()
            _ = try readAgain(bigger, page: &page, pix: &pix)
        }
        let firstMs = ocrMs + clock.lap()
        ocrMs = firstMs
        var scriptMs = 0.0
        if options.picksLanguages {
            page = try readInDetectedScript(page, of: pix, knownScript: cardScript)
            scriptMs = clock.lap()
            ocrMs += scriptMs
        }
        // Lines of the first model's reading that it was unsure of (a second script's reading
        // has its own line rereads).
        if options.runs(.reread), page.languages == engine.languages {
            page = try rereadUnsureLines(page, of: pix, with: engine)
            ocrMs += clock.lap()
        }
        // Lines of the first model's reading that end before their ink does.
        if options.runs(.extend), page.languages == engine.languages {
            page = try rereadCutLines(page, of: pix, with: engine)
            ocrMs += clock.lap()
        }
        // Rows of type the reading left out (a bold name beside small lines, a short title).
        if options.runs(.reread) {
            page = try readUnreadRows(page, of: pix)
            page = try rereadChineseNames(page, of: pix)
            ocrMs += clock.lap()
        }
        // QR codes, read from the same upright, cropped card image Tesseract read; their
        // decoding counts as recognition.
        ocrMs += clock.lap()
        page.codes = try scanCodes(pix)
        let codesMs = clock.lap()
        ocrMs += codesMs
        logger.debug(
            "card recognized",
            metadata: [
                "card.index": "\(index)", "card.rotation": "\(rotation)",
                "card.skew": "\(String(format: "%.1f", skew))", "card.lines": "\(page.lines.count)",
                "osd.runs": "\(osdRuns)", "languages": "\(page.languages)", "card.codes": "\(page.codes.count)",
                "time.preprocess.ms": "\(Int(preprocessMs))", "time.ocr.ms": "\(Int(ocrMs))",
                "time.codes.ms": "\(Int(codesMs))", "time.first.ms": "\(Int(firstMs))",
                "time.script.ms": "\(Int(scriptMs))", "time.osd.ms": "\(Int(osdMs))",
                "script.passes": "\(secondPassRuns - passesBefore.0)",
                "script.fragment.rereads": "\(latinFragmentRereads - passesBefore.1)",
                "script.machine.rereads": "\(machineLineRereads - passesBefore.2)",
            ])
        var card = RecognizedCard(
            index: index, bbox: region.bbox, recognized: page, rotation: rotation, skew: skew,
            timings: StageTimings(decode: 0, preprocess: preprocessMs, ocr: ocrMs))
        card.cutLines = try cutLineCount(page, of: pix, region: region)
        card.timings.preprocess += clock.lap()
        return card
    }

    private func scanCodes(_ pix: PixImage) throws -> [DecodedCode] {
        if codeScanner == nil { codeScanner = try CodeScanner() }
        return try codeScanner?.scan(pix) ?? []
    }

    private func read(_ pix: PixImage) throws -> RecognizedPage {
        try engine.recognize(
            pix, resolution: CardSteps.targetDPI, segmentation: options.pageSegmentation, deadline: deadline)
    }

    /// The clockwise turn that makes the card upright, from the `osd` engine (created on first
    /// use); nil when OSD is not installed or not confident.
    private func orientation(of pix: PixImage) throws -> Int? {
        guard let result = try detect(pix) else { return nil }
        // OSD's own scale: confidence below ~1.5 is a guess (tesseract --psm 0 on blank cards).
        return result.confidence >= 1.5 ? result.rotation : nil
    }

    /// The script OSD reports for `pix` ("Latin", "Han", ...); nil when OSD is not installed
    /// or found too little text.
    func detectScript(of pix: PixImage) throws -> String? {
        try detect(pix)?.script
    }

    /// Runs OSD once (it costs about one recognition) and remembers the card's script.
    private func detect(_ pix: PixImage) throws -> (rotation: Int, confidence: Double, script: String?)? {
        // Orientation detection takes no progress monitor: check the deadline before it.
        try deadline?.check()
        if osdEngine == nil && !osdUnavailable {
            do {
                osdEngine = try TesseractEngine(
                    languages: "osd", directory: directory, mode: OEM_TESSERACT_ONLY)
            } catch {
                osdUnavailable = true
                logger.info("orientation detection off", metadata: ["error": "\(error)"])
            }
        }
        guard let osd = osdEngine else { return nil }
        osdRuns += 1
        var clock = Stopwatch()
        let result = osd.detectOrientation(pix, resolution: CardSteps.targetDPI)
        osdMs += clock.lap()
        cardScript = result?.script
        return result
    }

    /// The engine for another script's models (`auto`), created on first use; nil when it
    /// cannot be loaded (logged at debug once).
    func scriptEngine(_ languages: String) -> TesseractEngine? {
        if let known = scriptEngines[languages] { return known }
        do {
            let created = try TesseractEngine(languages: languages, directory: directory, mode: OEM_LSTM_ONLY)
            scriptEngines[languages] = created
            return created
        } catch {
            logger.debug("script model not loaded", metadata: ["languages": "\(languages)", "error": "\(error)"])
            scriptEngines[languages] = .some(nil)
            return nil
        }
    }

    /// A first reading "looks poor" when its mean confidence is below 60% or it has few letters
    /// (OCR_FACTS: running OSD only then saved ~35% of the time at equal accuracy).
    static func looksPoor(_ page: RecognizedPage) -> Bool {
        page.meanConfidence < 0.6 || letterCount(page) < 20
    }

    /// Letters and digits in `text` (Unicode scalars: letters, marks and numbers).
    static func alphanumericCount(_ text: String) -> Int {
        text.unicodeScalars.filter(CharacterSet.alphanumerics.contains).count
    }

    /// The median height of the words of three or more letters or digits, in pixels.
    static func medianWordHeight(_ page: RecognizedPage) -> Double? {
        let heights = page.lines.flatMap(\.words).filter {
            alphanumericCount($0.text) >= 3
        }.map { Double($0.box.height) }.sorted()
        guard heights.count >= 3 else { return nil }
        return heights[heights.count / 2]
    }

    /// The mean confidence of the words read, in 0...1 (0 when none).
    static func meanWordConfidence(_ page: RecognizedPage) -> Double {
        let words = page.lines.flatMap(\.words)
        guard !words.isEmpty else { return 0 }
        return words.reduce(0.0) { $0 + $1.confidence } / Double(words.count)
    }

    /// The mean confidence of a reading's letters and digits (each line's confidence weighted
    /// by its letters and digits); 0 for a reading without any.
    static func meanConfidence(_ page: RecognizedPage) -> Double {
        let letters = page.lines.reduce(0) { $0 + alphanumericCount($1.text) }
        return letters == 0 ? 0 : score(page) / Double(letters)
    }

    /// Compares two readings of the same card: confident letters.
    static func score(_ page: RecognizedPage) -> Double {
        page.lines.reduce(0.0) { sum, line in
            sum + line.confidence * Double(alphanumericCount(line.text))
        }
    }
}

/// Milliseconds between laps, from a monotonic clock.
struct Stopwatch {
    private var last = DispatchTime.now().uptimeNanoseconds

    mutating func lap() -> Double {
        let now = DispatchTime.now().uptimeNanoseconds
        defer { last = now }
        return Double(now - last) / 1_000_000
    }
}

/// Writes intermediate images when a debug directory is set:
/// `<file-stem>-c<card>-<NN>-<stage>.png`, or `<file-stem>-page-<NN>-<stage>.png`.
final class DebugImages {
    private let directory: URL?
    private let stem: String
    private let logger: Logger
    private var counters: [Int: Int] = [:]

    init(directory: URL?, path: String, logger: Logger) {
        self.directory = directory
        self.stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        self.logger = logger
        if let directory {
            // 0700 and 0600 whatever the umask: the stages show the card (issue 11, item 6).
            if (try? FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])) != nil
            {
                chmod(directory.path, 0o700)
            }
        }
    }

    var isEnabled: Bool { directory != nil }

    func write(_ pix: PixImage, card: Int?, stage: String) {
        guard let directory else { return }
        let key = card ?? -1
        let n = (counters[key] ?? 0) + 1
        counters[key] = n
        let who = card.map { "c\($0)" } ?? "page"
        let name = "\(stem)-\(who)-\(String(format: "%02d", n))-\(stage).png"
        do {
            let url = directory.appendingPathComponent(name)
            try pix.writePNG(to: url)
            chmod(url.path, 0o600)
        } catch {
            logger.debug("debug image not written", metadata: ["file.name": "\(name)"])
        }
    }
}

extension RecognizedCard {
    /// This reading or a `second` reading of the same card, as `keepSecond` says, on this
    /// reading's page, its timings counting both readings' preprocessing and recognition (the
    /// card cost both) and this reading's decoding.
    func choosing(_ second: RecognizedCard, keepSecond: Bool) -> RecognizedCard {
        var result = keepSecond ? second : self
        result.page = page
        result.timings = StageTimings(
            decode: timings.decode, preprocess: timings.preprocess + second.timings.preprocess,
            ocr: timings.ocr + second.timings.ocr)
        return result
    }
}
