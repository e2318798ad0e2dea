import Foundation

/// One named preprocessing step; each can be switched off for diagnosis (`--skip-stage NAME`).
///
/// Stages run in the order of `allCases`. Turning grey conversion off is not possible: Tesseract
/// always gets an 8-bit grey image.
public enum PreprocessStage: String, CaseIterable, Hashable, Sendable, Codable {
    /// Apply the JPEG EXIF orientation tag (Leptonica ignores it).
    case exif
    /// Find the card(s) on a larger page (desk photo, scanner bed, several cards on a flatbed).
    case findCards = "find-cards"
    /// Straighten a photographed card from its four corners (projective transform).
    case perspective
    /// Scale the card to about 300 DPI, estimating the resolution from its long side (3.5 in).
    case scale
    /// Even out shading and clean the background to white.
    case background
    /// Turn the card upright (0/90/180/270) with Tesseract's orientation detection, when the
    /// first reading looks poor or the card is portrait.
    case orient
    /// Correct small rotations (up to +/-20 degrees).
    case deskew
    /// Read a card again larger when its text came out small (`OCRParameters.SmallText`).
    case enlarge
    /// Read unsure lines again one at a time, larger (`OCRParameters.UnsureLines`), and rows of
    /// large type no line covers on a Chinese, Japanese or Korean card (`OCRParameters.UnreadRows`).
    case reread
    /// Read lines again extended when ink goes on past their end (`OCRParameters.CutLines`).
    case extend
    /// Read an unsure card with coloured ink again from its darkest colour channel
    /// (`OCRParameters.ColouredInk`).
    case colour
}

/// Tesseract page segmentation modes worth using on cards (OCR_FACTS: 11 and 3 tie, 6 loses names).
public enum PageSegmentation: Int, Hashable, Sendable, Codable {
    /// Fully automatic layout analysis (PSM 3).
    case auto = 3
    /// Sparse text in no particular order (PSM 11): each text cluster stays its own line.
    case sparseText = 11
    /// One text line (PSM 7): for re-reading a line cropped from the card.
    case singleLine = 7
    /// One word (PSM 8): a Han name cropped from the card, read as one unit.
    case singleWord = 8
    /// One raw line (PSM 13), no layout analysis at all: large bold type that line finding
    /// takes for no text (a row of large Han read as nothing in PSM 7).
    case rawLine = 13
}

/// How `TesseractRecognizer` reads cards.
public struct OCROptions: Hashable, Sendable {
    /// Tesseract languages joined by `+`, such as `eng` or `chi_sim+eng` (put `chi_sim` first:
    /// `eng+chi_sim` inserts spaces between Han characters, OCR_FACTS).
    public var languages: String
    /// The tessdata directory itself (not its parent); nil means `TESSDATA_PREFIX` when set,
    /// else Debian's `/usr/share/tesseract-ocr/5/tessdata`.
    public var tessdataDirectory: String?
    /// Stages to skip, for diagnosis.
    public var disabledStages: Set<PreprocessStage>
    /// When set, each stage's intermediate image is written there as PNG, named
    /// `<file-stem>-c<card>-<NN>-<stage>.png` (page-level stages use `page` instead of `c<card>`).
    public var debugImageDirectory: URL?
    /// The largest image accepted, in pixels (width x height from the header, before decoding).
    public var maxPixels: Int
    /// Tesseract's page segmentation mode.
    public var pageSegmentation: PageSegmentation
    /// The most pages read from one PDF or multi-page TIFF; a file with more is refused before
    /// any page is decoded (`OCRError.tooManyPages`).
    public var maxPages: Int
    /// Seconds allowed for reading one file (all its pages); 0 or less means no limit. A file
    /// that takes longer fails with `OCRError.deadlineExceeded`.
    public var deadlineSeconds: Double
    /// The largest file accepted, in bytes (from `fstat`, before reading it; `--max-file-size`).
    public var maxFileSize: Int = FileInspector.defaultMaxFileSize
    /// Fitted numbers of the pipeline (models/ocr/parameters.json unless replaced for a fit).
    public var parameters: OCRParameters = .fitted

    /// Default pixel limit: 100 megapixels (a 600-DPI letter page is 34 MP, a phone photo 12-50 MP).
    public static let defaultMaxPixels = 100_000_000
    /// Default page limit: 50 (a scanner batch of cards is a few pages; 50 is a stack of 200 cards).
    public static let defaultMaxPages = 50
    /// Default per-file deadline: 60 s (a card takes ~0.1-0.8 s, OCR_FACTS; a 4-card flatbed page ~3 s).
    public static let defaultDeadlineSeconds = 60.0

    public init(
        languages: String = "eng", tessdataDirectory: String? = nil,
        disabledStages: Set<PreprocessStage> = [], debugImageDirectory: URL? = nil,
        maxPixels: Int = OCROptions.defaultMaxPixels, pageSegmentation: PageSegmentation = .sparseText,
        maxPages: Int = OCROptions.defaultMaxPages,
        deadlineSeconds: Double = OCROptions.defaultDeadlineSeconds
    ) {
        self.languages = languages
        self.tessdataDirectory = tessdataDirectory
        self.disabledStages = disabledStages
        self.debugImageDirectory = debugImageDirectory
        self.maxPixels = maxPixels
        self.pageSegmentation = pageSegmentation
        self.maxPages = maxPages
        self.deadlineSeconds = deadlineSeconds
    }

    func runs(_ stage: PreprocessStage) -> Bool { !disabledStages.contains(stage) }
}
