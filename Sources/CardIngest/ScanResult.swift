import CardModel
import Foundation

/// Time spent on one card in each stage, in milliseconds.
public struct CardTimings: Hashable, Sendable {
    public var decode: Double
    public var preprocess: Double
    public var ocr: Double
    public var extract: Double

    public init(decode: Double = 0, preprocess: Double = 0, ocr: Double = 0, extract: Double = 0) {
        self.decode = decode
        self.preprocess = preprocess
        self.ocr = ocr
        self.extract = extract
    }

    public var total: Double { decode + preprocess + ocr + extract }
}

/// One card read from a file: where it is, what was read, what was extracted.
public struct CardResult: Hashable, Sendable {
    /// The input path exactly as given on the command line (or found in a given folder).
    public var source: String
    public var cardIndex: Int
    public var page: Int
    public var bbox: PixelBox
    public var fields: CardFields
    public var text: String
    public var rotation: Int
    public var skew: Double
    public var timings: CardTimings
    /// Mean OCR confidence of the card's text, 0...1.
    public var ocrConfidence: Double
    /// What OCR read, with layout: lets evaluation explain the extraction line by line.
    public var recognized: RecognizedPage?

    public init(
        source: String, cardIndex: Int, page: Int = 0, bbox: PixelBox, fields: CardFields, text: String,
        rotation: Int = 0, skew: Double = 0, timings: CardTimings = CardTimings(), ocrConfidence: Double = 0,
        recognized: RecognizedPage? = nil
    ) {
        self.recognized = recognized
        self.source = source
        self.cardIndex = cardIndex
        self.page = page
        self.bbox = bbox
        self.fields = fields
        self.text = text
        self.rotation = rotation
        self.skew = skew
        self.timings = timings
        self.ocrConfidence = ocrConfidence
    }
}

/// What happened to one input file: exactly one of these states.
public enum FileStatus: Hashable, Sendable {
    /// Read without storing anything (`--dry-run`, evaluation, benchmark).
    case recognized
    /// Its cards were queued for review as candidates of scan `scanID`.
    case queued(scanID: Int64, candidateIDs: [Int64])
    /// The same bytes were scanned before, as scan `scanID`; nothing new was queued.
    case duplicate(ofScan: Int64)
    /// The file could not be processed; `reason` says why and what to do (no personal data).
    case failed(reason: String)
}

/// The outcome for one input file.
public struct FileResult: Hashable, Sendable {
    /// Position of the file in the input list.
    public var inputIndex: Int
    public var path: String
    /// SHA-256 of the file's bytes (hex), when the file could be read.
    public var contentHash: String?
    public var cards: [CardResult]
    public var status: FileStatus
    /// Warnings about this file that do not make it fail (shown on stderr; no personal data).
    public var notes: [String] = []
    /// Pages of a multi-page file (PDF, TIFF) that could not be read while other pages were: one
    /// message per page naming the file and the page (1-based, "page 2 of 3"), with the reason.
    /// The cards of the readable pages are in `cards` and are queued as usual.
    public var pageFailures: [String]
    /// True when the file could not be read for a reason that may pass (permissions, an I/O error
    /// on a share, the file vanished): the watcher tries it again later. False for everything the
    /// file's bytes decide (not an image, truncated, too large).
    public var retryable = false

    public init(
        inputIndex: Int, path: String, contentHash: String?, cards: [CardResult], status: FileStatus,
        pageFailures: [String] = []
    ) {
        self.inputIndex = inputIndex
        self.path = path
        self.contentHash = contentHash
        self.cards = cards
        self.status = status
        self.pageFailures = pageFailures
    }

    public var isFailure: Bool {
        if case .failed = status { return true }
        return false
    }
}

extension CardResult {
    /// The `scan --json` object for this card: one JSON Lines record.
    ///
    /// Keys `source`, `card_index`, `bbox`, `fields`, `text`, `timings_ms` are the contract other
    /// tools parse; `page`, `rotation`, `skew`, `ocr_confidence` and the queue keys are compatible
    /// additions.
    ///
    /// - Parameter queue: where the card went in the review queue, when it was stored.
    public func jsonLine(queue: QueuePlacement? = nil) throws -> String {
        let record = CardJSON(card: self, queue: queue)
        let encoder = JSONEncoder()
        // Sorted: Foundation on Linux otherwise orders keys differently from run to run (issue 11).
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(record)
        return String(decoding: data, as: UTF8.self)
    }
}

/// Where a card went in the review queue.
public enum QueuePlacement: Hashable, Sendable {
    case queued(scanID: Int64, candidateID: Int64)
    case duplicate(ofScan: Int64)
}

private struct CardJSON: Encodable {
    let card: CardResult
    let queue: QueuePlacement?

    enum Keys: String, CodingKey {
        case source, cardIndex = "card_index", page, bbox, fields, text
        case timings = "timings_ms", rotation, skew, ocrConfidence = "ocr_confidence"
        case status, scanID = "scan_id", candidateID = "candidate_id", duplicateOf = "duplicate_of_scan"
    }

    struct Timings: Encodable {
        let decode: Int
        let preprocess: Int
        let ocr: Int
        let extract: Int
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(card.source, forKey: .source)
        try c.encode(card.cardIndex, forKey: .cardIndex)
        try c.encode(card.bbox, forKey: .bbox)
        try c.encode(card.fields, forKey: .fields)
        try c.encode(card.text, forKey: .text)
        let t = card.timings
        try c.encode(
            Timings(
                decode: Int(t.decode.rounded()), preprocess: Int(t.preprocess.rounded()),
                ocr: Int(t.ocr.rounded()), extract: Int(t.extract.rounded())),
            forKey: .timings)
        try c.encode(card.page, forKey: .page)
        try c.encode(card.rotation, forKey: .rotation)
        try c.encode(card.skew.rounded(toPlaces: 2), forKey: .skew)
        try c.encode(card.ocrConfidence.rounded(toPlaces: 3), forKey: .ocrConfidence)
        switch queue {
        case .queued(let scanID, let candidateID)?:
            try c.encode("queued", forKey: .status)
            try c.encode(scanID, forKey: .scanID)
            try c.encode(candidateID, forKey: .candidateID)
        case .duplicate(let scanID)?:
            try c.encode("duplicate", forKey: .status)
            try c.encode(scanID, forKey: .duplicateOf)
        case nil:
            break
        }
    }
}
