import CLeptonica
import CPoppler
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why one page of a multi-page file could not be read; the other pages still are.
///
/// `reason` says what is wrong with the page, without the file name (the caller adds it) and
/// without personal data.
struct PageFailure: Error {
    var reason: String

    init(reason: String) { self.reason = reason }

    init(_ status: CPDStatus) {
        switch status {
        case CPD_STATUS_BAD_PAGE: reason = "its page object is missing or damaged"
        case CPD_STATUS_RENDER_FAILED: reason = "poppler could not render it"
        case CPD_STATUS_OUT_OF_MEMORY: reason = "rendering it ran out of memory"
        default: reason = "poppler failed on it (status \(status.rawValue))"
        }
    }

    /// A page-sized description of an error raised while reading one page's cards.
    init(_ error: OCRError) {
        switch error {
        case .corruptImage(_, _, let reason): self.reason = reason
        case .tooManyPixels(_, let width, let height, let limit):
            reason = "it is \(width)x\(height) pixels, over the limit of \(limit) pixels"
        case .cCallFailed(let function, _): reason = "\(function) failed on it"
        default: reason = "\(error)"
        }
    }
}

/// The pages of one input file, decoded one at a time so only one page is in memory.
///
/// Single images (JPEG, PNG, a one-page TIFF, ...) are one page, decoded when the reader opens
/// so that their errors stay file errors, exactly as before multi-page support. Multi-page
/// TIFFs and PDFs are decoded page by page; a page that cannot be decoded throws `PageFailure`
/// from `page(_:)` and the caller moves on to the next one.
final class PageReader {
    /// The number of pages that will be read (never above the page limit: more is refused).
    let pageCount: Int
    /// True for TIFFs with several pages and for every PDF: pages fail one by one.
    let isMultiPage: Bool
    private let source: Source

    private enum Source {
        case single(DecodedImage)
        case tiff([UInt8])
        case pdf(PDFDocument)
    }

    /// The resolution PDF pages are rendered at when the pixel limit allows (OCR_FACTS: ~300 DPI).
    static let pdfDPI = 300.0
    /// Below this a page is too coarse to read: refused rather than OCRed into noise.
    static let minimumPDFDPI = 50.0

    private let path: String
    private let maxPixels: Int

    /// Reads the file at `path`, detects its format from its first bytes, and counts its pages.
    ///
    /// - Throws: every file-level `OCRError` of `ImageDecoder`, plus `.tooManyPages` (before any
    ///   page is decoded), `.encryptedPDF`, and `.corruptImage` for a truncated or unparsable PDF.
    init(
        path: String, maxPixels: Int, maxPages: Int, applyEXIF: Bool,
        maxFileSize: Int = FileInspector.defaultMaxFileSize
    ) throws {
        _ = leptonicaQuieted
        self.path = path
        self.maxPixels = maxPixels
        // Size, kind, format and structure first, from bounded reads (issue 11, item 4).
        let inspected = try FileInspector.inspect(path: path, maxFileSize: maxFileSize)
        switch inspected.format {
        case .pdf:
            // Poppler reads the file itself: nothing is loaded here.
            let document = try PDFDocument(path: path)
            guard document.pageCount <= maxPages else {
                throw OCRError.tooManyPages(path: path, pages: document.pageCount, limit: maxPages)
            }
            source = .pdf(document)
            pageCount = document.pageCount
            isMultiPage = true
            return
        case .tiff:
            let bytes = try ImageDecoder.readFile(path)
            let tiffPages = try Self.tiffPageCount(bytes, path: path)
            if tiffPages > 1 {
                guard tiffPages <= maxPages else {
                    throw OCRError.tooManyPages(path: path, pages: tiffPages, limit: maxPages)
                }
                source = .tiff(bytes)
                pageCount = tiffPages
                isMultiPage = true
                return
            }
            source = .single(
                try ImageDecoder.decode(bytes: bytes, path: path, maxPixels: maxPixels, applyEXIF: applyEXIF))
        default:
            // Only the image's own bytes: a JPEG's trailer (a motion photo's video) is not read.
            let bytes = try ImageDecoder.readFile(path, limit: inspected.imageLength)
            source = .single(
                try ImageDecoder.decode(bytes: bytes, path: path, maxPixels: maxPixels, applyEXIF: applyEXIF))
        }
        pageCount = 1
        isMultiPage = false
    }

    /// Decodes page `index` (0-based).
    ///
    /// - Throws: `PageFailure` when this page alone cannot be read; `OCRError` for anything else.
    func page(_ index: Int) throws -> DecodedImage {
        switch source {
        case .single(let decoded): return decoded
        case .tiff(let bytes): return try tiffPage(index, of: bytes)
        case .pdf(let document): return try pdfPage(index, of: document)
        }
    }

    // MARK: - TIFF

    /// The number of pages (IFDs) of a TIFF; 0 when its structure cannot be read (the decoder
    /// then refuses it as a single image).
    ///
    /// - Throws: `.corruptImage` when the chain of pages points past the end of the file: libtiff
    ///   writes each page's directory after its pixels, so a file cut short (a scanner still
    ///   writing) loses its last directory, and Leptonica's count would silently drop that page.
    static func tiffPageCount(_ bytes: [UInt8], path: String) throws -> Int {
        guard let chain = tiffDirectoryChain(bytes) else { return leptonicaTiffCount(bytes) }
        if chain.truncated {
            throw OCRError.corruptImage(
                path: path, format: .tiff,
                reason:
                    "it is truncated (the directory of page \(chain.count + 1) lies past the end of the file)"
            )
        }
        return chain.count
    }

    /// Walks the IFD chain of a classic TIFF (TIFF 6.0, section 2: an 8-byte header whose last
    /// 4 bytes are the offset of the first IFD; each IFD is a 2-byte entry count, 12-byte entries,
    /// and the 4-byte offset of the next IFD, 0 after the last). Nil for BigTIFF and malformed
    /// headers. Stops at a loop in the chain.
    static func tiffDirectoryChain(_ t: [UInt8]) -> (count: Int, truncated: Bool)? {
        tiffDirectoryChain(MemorySource(bytes: t))
    }

    /// As `tiffDirectoryChain(_:)`, reading only the header and the directories.
    static func tiffDirectoryChain(_ t: some ByteSource) -> (count: Int, truncated: Bool)? {
        guard t.size >= 8, let header = t.read(at: 0, count: 2), header.count == 2 else { return nil }
        let little: Bool
        switch (header[0], header[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        func u16(_ o: Int) -> Int? {
            guard o >= 0, o + 2 <= t.size, let b = t.read(at: o, count: 2), b.count == 2 else { return nil }
            return little ? Int(b[0]) | Int(b[1]) << 8 : Int(b[0]) << 8 | Int(b[1])
        }
        func u32(_ o: Int) -> Int? {
            guard let a = u16(o), let b = u16(o + 2) else { return nil }
            return little ? a | b << 16 : a << 16 | b
        }
        guard u16(2) == 42, var offset = u32(4) else { return nil }
        var seen: Set<Int> = []
        while offset != 0, seen.insert(offset).inserted {
            guard let entries = u16(offset), let next = u32(offset + 2 + 12 * entries) else {
                return (seen.count - 1, true)
            }
            offset = next
        }
        return (seen.count, false)
    }

    /// The number of images in a TIFF, from Leptonica's `tiffGetCount`; 0 when unreadable.
    static func leptonicaTiffCount(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            // fmemopen reads the buffer in place; the stream is closed before the buffer goes away.
            guard let stream = fmemopen(UnsafeMutableRawPointer(mutating: base), buffer.count, "r") else {
                return 0
            }
            defer { fclose(stream) }
            var count: Int32 = 0
            // "tiffGetCount(FILE *fp, l_int32 *pn) ... pn: number of images" (tiffio.c)
            let (status, _) = LibraryMessages.capture { tiffGetCount(stream, &count) }
            guard case .success(0) = status else { return 0 }
            return Int(count)
        }
    }

    private func tiffPage(_ index: Int, of bytes: [UInt8]) throws -> DecodedImage {
        try bytes.withUnsafeBufferPointer { buffer -> DecodedImage in
            guard let base = buffer.baseAddress else { throw PageFailure(reason: "the file is empty") }
            var w: Int32 = 0
            var h: Int32 = 0
            var bps: Int32 = 0
            var spp: Int32 = 0
            var res: Int32 = 0
            var cmap: Int32 = 0
            var format: Int32 = 0
            // The pixel limit per page, from the page's own header, before decoding it
            // (RELIABILITY.md case 4). "n: page image number: 0-based" (tiffio.c, readHeaderMemTiff)
            let (header, _) = LibraryMessages.capture {
                readHeaderMemTiff(base, buffer.count, Int32(index), &w, &h, &bps, &spp, &res, &cmap, &format)
            }
            guard case .success(0) = header else { throw PageFailure(reason: "its TIFF header cannot be read") }
            guard w > 0, h > 0 else { throw PageFailure(reason: "its TIFF header gives no size") }
            guard Int(w) * Int(h) <= maxPixels else {
                throw PageFailure(
                    OCRError.tooManyPixels(path: path, width: Int(w), height: Int(h), limit: maxPixels))
            }
            // "pixReadMemTiff(cdata, size, n) ... n: page number 0 based; returns pix, or NULL on
            // error" (tiffio.c). Each page is found from the start of the IFD chain, so one bad
            // page's data does not lose the pages after it.
            // Leptonica keeps a page whose strips libtiff cannot decompress (blank rows, no
            // word): check them with libtiff first (issue 11, item 5).
            if let damage = TIFFPageCheck.damage(in: buffer, page: index) { throw PageFailure(reason: damage) }
            let (result, messages) = LibraryMessages.capture { pixReadMemTiff(base, buffer.count, Int32(index)) }
            let damage = messages.damage(for: .tiff)
            guard case .success(let decoded) = result, let pointer = decoded else {
                throw PageFailure(
                    reason: "the TIFF decoder refused it (damaged image data"
                        + (damage.isEmpty ? ")" : ": \(LibraryMessages.summary(damage)))"))
            }
            var pix = PixImage(owning: pointer)
            // libtiff prints a strip it could not decode and Leptonica keeps the page, half of it
            // blank: a page failure, never a half card (issue 11, item 5).
            guard damage.isEmpty else {
                throw PageFailure(
                    reason: "the TIFF decoder reported damaged image data (\(LibraryMessages.summary(damage)))")
            }
            if pixGetSpp(pix.pointer) == 4 {
                // As ImageDecoder does: composite transparent regions over white.
                pix = try PixImage("pixAlphaBlendUniform") { pixAlphaBlendUniform(pix.pointer, 0xffff_ff00) }
            }
            return DecodedImage(pix: pix, format: .tiff, exifOrientation: 1)
        }
    }

    // MARK: - PDF

    /// True when `%%EOF` occurs in the last 1024 bytes (PDF readers, Acrobat included, tolerate
    /// trailing junk after it, so do not insist on the very last line).
    static func endsWithEOFMarker(_ bytes: [UInt8]) -> Bool {
        let marker = Array("%%EOF".utf8)
        let tail = bytes.suffix(1024)
        return tail.indices.contains { i in
            i + marker.count <= tail.endIndex && Array(tail[i..<i + marker.count]) == marker
        }
    }

    /// The DPI for a page of `width` x `height` points: 300 when the pixel limit allows, else the
    /// highest DPI whose image stays within it (poppler rounds sizes up: leave a pixel each way).
    static func renderDPI(width: Double, height: Double, maxPixels: Int) -> Double {
        let inches = width / 72 * height / 72
        guard inches > 0 else { return pdfDPI }
        var dpi = min(pdfDPI, (Double(maxPixels) / inches).squareRoot())
        while dpi > 1, pixels(width: width, height: height, dpi: dpi) > maxPixels { dpi *= 0.99 }
        return dpi
    }

    /// The pixels poppler renders a page into at `dpi` (each side rounded up, plus one for safety).
    static func pixels(width: Double, height: Double, dpi: Double) -> Int {
        Int((width * dpi / 72).rounded(.up) + 1) * Int((height * dpi / 72).rounded(.up) + 1)
    }

    private func pdfPage(_ index: Int, of document: PDFDocument) throws -> DecodedImage {
        let size = try document.pageSize(index)
        // A page larger than a few metres a side (PDF allows 200 in, 14400 pt) is not a scan.
        // A real page beyond that (a poster, a floor plan) is valid but not a card scan: say so,
        // rather than call it damaged (issue 11, item 7).
        if size.width >= 1, size.height >= 1, max(size.width, size.height) <= 1_000_000,
            max(size.width, size.height) > 14_400
        {
            throw PageFailure(
                reason: String(
                    format: "it is a poster-sized page (%.0fx%.0f in), larger than the 200 in a side a card scan can be; "
                        + "export the card area as an image or a card-sized page",
                    size.width / 72, size.height / 72))
        }
        guard size.width >= 1, size.height >= 1, size.width <= 14_400, size.height <= 14_400 else {
            throw PageFailure(
                reason: String(
                    format: "its page size %.0fx%.0f pt is not a usable page size", size.width, size.height))
        }
        let dpi = Self.renderDPI(width: size.width, height: size.height, maxPixels: maxPixels)
        guard dpi >= Self.minimumPDFDPI else {
            throw PageFailure(
                reason: String(
                    format:
                        "it is %.0fx%.0f in: within the limit of %d pixels it would render at %.0f DPI, too coarse to read (raise --max-pixels, or export the card area)",
                    size.width / 72, size.height / 72, maxPixels, dpi))
        }
        let pix = try document.render(index, dpi: dpi)
        return DecodedImage(pix: pix, format: .pdf, exifOrientation: 1)
    }
}
