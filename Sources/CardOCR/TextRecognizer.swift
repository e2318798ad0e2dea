import CardModel
import Foundation

/// Time spent in each stage for one card, in milliseconds.
public struct StageTimings: Hashable, Sendable, Codable {
    /// Reading and decoding the file, or for multi-page files the card's page (shared by all
    /// cards of one page).
    public var decode: Double
    /// Preprocessing: finding the card, orienting, deskewing, cleaning, scaling.
    public var preprocess: Double
    /// Text recognition, including orientation detection when it ran.
    public var ocr: Double

    public init(decode: Double = 0, preprocess: Double = 0, ocr: Double = 0) {
        self.decode = decode
        self.preprocess = preprocess
        self.ocr = ocr
    }
}

/// One card found in a source image, and what the OCR engine read on it.
public struct RecognizedCard: Hashable, Sendable, Codable {
    /// Position of the card among the cards found in its source file, top-to-bottom,
    /// left-to-right; in a multi-page file, counted across pages (page 0's cards first), so it
    /// is unique within the file.
    public var index: Int
    /// Page of the source file the card is on (0 for single-page images).
    public var page: Int
    /// The card's bounding box in the source image's pixel coordinates (after EXIF rotation); in
    /// a PDF or multi-page TIFF, in the pixels of its page (PDF pages rendered at up to 300 DPI).
    public var bbox: PixelBox
    /// The recognized text and layout, in the coordinates of the preprocessed card image.
    public var recognized: RecognizedPage
    /// Clockwise rotation in degrees (0, 90, 180, 270) applied to make the text upright.
    public var rotation: Int
    /// Skew angle in degrees that deskewing corrected (0 when none was found).
    public var skew: Double
    public var timings: StageTimings
    /// Lines the crop of a found card cut at its sides, measured on the card image while it is
    /// at hand (`OCRParameters.PoorCrop`); nil when not measured. Not stored: a cached reading
    /// was already judged.
    public var cutLines: Int?

    enum CodingKeys: String, CodingKey {
        case index, page, bbox, recognized, rotation, skew, timings
    }

    public init(
        index: Int, page: Int = 0, bbox: PixelBox, recognized: RecognizedPage, rotation: Int = 0,
        skew: Double = 0, timings: StageTimings = StageTimings()
    ) {
        self.index = index
        self.page = page
        self.bbox = bbox
        self.recognized = recognized
        self.rotation = rotation
        self.skew = skew
        self.timings = timings
    }
}

/// Reads the cards in an image file: the seam between the pipeline and the OCR engine.
///
/// Implementations are not thread-safe: create one per worker and use it from that worker only
/// (Tesseract engines cannot be shared). The pipeline and CLI are tested with a fake
/// (`CardTestSupport.FakeRecognizer`); `TesseractRecognizer` is the real one.
public protocol TextRecognizer: AnyObject {
    /// Reads every card in the image file at `url`.
    ///
    /// - Returns: one element per card found, ordered by `index`; empty when the image holds no
    ///   readable card.
    /// - Throws: `OCRError` naming the file when it cannot be read or recognized.
    func recognizeCards(inFileAt url: URL) throws -> [RecognizedCard]

    /// Reads every page of the file at `url` (multi-page TIFF, PDF): one result per page, in
    /// page order, so a page that fails does not lose the other pages' cards. Single images are
    /// one page.
    ///
    /// A default implementation (PageResult.swift) wraps `recognizeCards` as one page, so
    /// single-page recognizers need not implement it.
    func recognizePages(inFileAt url: URL) throws -> [PageResult]
}
