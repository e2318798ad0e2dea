import CLeptonica
import CTesseract
import CardModel
import Foundation

/// Serialises engine initialisation across threads: `debug_file` and Tesseract's parameter
/// tables are process-global (OCR_FACTS), and init is rare (once per worker).
private let engineInitLock = NSLock()

/// Owns one `TessBaseAPI`; `deinit` ends and deletes it. Not thread-safe: one per worker.
final class TesseractEngine {
    private let handle: OpaquePointer
    let languages: String

    /// Creates and initialises an engine for `languages` from `directory` (the tessdata
    /// directory itself, not its parent: OCR_FACTS).
    init(languages: String, directory: String, mode: TessOcrEngineMode) throws {
        try TesseractLanguages.checkInstalled(languages, in: directory)
        guard let h = TessBaseAPICreate() else {
            throw OCRError.cCallFailed(function: "TessBaseAPICreate", path: nil)
        }
        engineInitLock.lock()
        defer { engineInitLock.unlock() }
        // Tesseract prints warnings ("Estimating resolution", "Detected N diacritics") with
        // tprintf to `debug_file`, a process-global parameter; empty means stderr.
        _ = TessBaseAPISetVariable(h, "debug_file", "/dev/null")
        // "Returns 0 on success and -1 on initialization failure." (baseapi.h, Init)
        guard TessBaseAPIInit2(h, directory, languages, mode) == 0 else {
            // A throwing init that had stored the handle would also run deinit: delete here and
            // throw before storing it (OCR_FACTS).
            TessBaseAPIDelete(h)
            throw OCRError.cCallFailed(function: "TessBaseAPIInit2(\(languages))", path: nil)
        }
        self.languages = languages
        self.handle = h
    }

    deinit {
        TessBaseAPIEnd(handle)
        TessBaseAPIDelete(handle)
    }

    /// Recognizes an 8-bit grey image and returns its lines in Tesseract's reading order.
    ///
    /// With a `deadline`, Tesseract stops at it (`TesseractMonitor`) and this throws its error.
    func recognize(
        _ pix: PixImage, resolution: Int, segmentation: PageSegmentation, deadline: OCRDeadline? = nil
    ) throws -> RecognizedPage {
        try deadline?.check()
        let monitor = try deadline.map {
            try TesseractMonitor(deadlineMilliseconds: $0.remainingMilliseconds)
        }
        defer { TessBaseAPIClear(handle) }
        TessBaseAPISetPageSegMode(handle, TessPageSegMode(rawValue: UInt32(segmentation.rawValue)))
        // "SetImage2 ... the image is copied" — our PixImage stays ours to destroy.
        TessBaseAPISetImage2(handle, pix.pointer)
        // Ignored unless called after SetImage (OCR_FACTS).
        TessBaseAPISetSourceResolution(handle, Int32(resolution))
        // "Recognize the image ... Returns 0 on success." (capi.h, TessBaseAPIRecognize)
        let status = TessBaseAPIRecognize(handle, monitor?.handle)
        // At the deadline Tesseract fakes the words it has not read yet: never return those.
        try deadline?.check()
        guard status == 0 else {
            throw OCRError.cCallFailed(function: "TessBaseAPIRecognize", path: nil)
        }
        let lines = readLines()
        return RecognizedPage(width: pix.width, height: pix.height, lines: lines, languages: languages)
    }

    /// Detected orientation: the clockwise rotation that makes the text upright, and its
    /// confidence, with the dominant script ("Latin", "Han", "Cyrillic", ...); nil when
    /// Tesseract found too little text to decide.
    ///
    /// Only meaningful on an engine initialised with `osd` (legacy model): on an `eng` engine
    /// it "succeeds" with garbage, always 270 (OCR_FACTS).
    func detectOrientation(_ pix: PixImage, resolution: Int) -> (rotation: Int, confidence: Double, script: String?)? {
        defer { TessBaseAPIClear(handle) }
        TessBaseAPISetPageSegMode(handle, PSM_OSD_ONLY)
        TessBaseAPISetImage2(handle, pix.pointer)
        TessBaseAPISetSourceResolution(handle, Int32(resolution))
        var degrees: Int32 = 0
        var confidence: Float = 0
        // script_name "points into Tesseract's own tables: never free it" (OCR_FACTS)
        var script: UnsafePointer<CChar>? = nil
        var scriptConfidence: Float = 0
        guard
            TessBaseAPIDetectOrientationScript(handle, &degrees, &confidence, &script, &scriptConfidence) != 0
        else { return nil }
        // orient_deg is how far the text is turned clockwise ("Orientation in degrees" of
        // `tesseract --psm 0`); turning the image counter-clockwise by it makes it upright.
        // Measured on TestImages: cards turned 90 degrees counter-clockwise report 270.
        return ((360 - Int(degrees)) % 360, Double(confidence), script.map { String(cString: $0) })
    }

    // MARK: - Result iteration

    private func readLines() -> [RecognizedLine] {
        guard let iterator = TessBaseAPIGetIterator(handle) else { return [] }
        defer { TessResultIteratorDelete(iterator) }
        // "TessResultIteratorGetPageIterator" is a cast: its result is not deleted (OCR_FACTS).
        let page = TessResultIteratorGetPageIterator(iterator)

        var lines: [RecognizedLine] = []
        var current: RecognizedLine?
        var block = -1
        var paragraph = -1

        func finish() {
            guard let line = current else { return }
            current = nil
            // Keep real short text ("M", "T"), drop lines of punctuation and whitespace only:
            // rules, dots and logo edges read as "—", ".", "|".
            guard line.text.unicodeScalars.contains(where: { CharacterSet.alphanumerics.contains($0) }),
                !line.words.isEmpty
            else { return }
            var finished = line
            finished.confidence = line.words.reduce(0) { $0 + $1.confidence } / Double(line.words.count)
            lines.append(finished)
        }

        repeat {
            if TessPageIteratorIsAtBeginningOf(page, RIL_BLOCK) != 0 { block += 1 }
            if TessPageIteratorIsAtBeginningOf(page, RIL_PARA) != 0 { paragraph += 1 }
            if TessPageIteratorIsAtBeginningOf(page, RIL_TEXTLINE) != 0 {
                finish()
                let text = takeText(TessResultIteratorGetUTF8Text(iterator, RIL_TEXTLINE))
                current = RecognizedLine(
                    text: text.trimmingCharacters(in: .whitespacesAndNewlines),
                    box: box(page, RIL_TEXTLINE) ?? PixelBox(x: 0, y: 0, width: 0, height: 0),
                    confidence: 0, words: [], block: max(block, 0), paragraph: max(paragraph, 0))
            }
            let word = takeText(TessResultIteratorGetUTF8Text(iterator, RIL_WORD))
                .trimmingCharacters(in: .whitespacesAndNewlines)
            if !word.isEmpty, let wordBox = box(page, RIL_WORD) {
                let confidence = Double(TessResultIteratorConfidence(iterator, RIL_WORD)) / 100
                current?.words.append(
                    RecognizedWord(text: word, box: wordBox, confidence: min(max(confidence, 0), 1)))
            }
        } while TessResultIteratorNext(iterator, RIL_WORD) != 0
        finish()
        return lines
    }

    /// Copies and frees a string Tesseract allocated ("delete[]": `TessDeleteText`).
    private func takeText(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        defer { TessDeleteText(pointer) }
        return String(cString: pointer)
    }

    private func box(_ page: OpaquePointer?, _ level: TessPageIteratorLevel) -> PixelBox? {
        var left: Int32 = 0
        var top: Int32 = 0
        var right: Int32 = 0
        var bottom: Int32 = 0
        guard TessPageIteratorBoundingBox(page, level, &left, &top, &right, &bottom) != 0 else { return nil }
        return PixelBox(x: Int(left), y: Int(top), width: Int(right - left), height: Int(bottom - top))
    }
}
