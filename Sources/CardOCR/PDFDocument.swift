import CLeptonica
import CPoppler
import CardModel
import Foundation

/// Owns one poppler document (`CPDDocument *`); `deinit` closes it. Never leaves the module.
///
/// Not thread-safe: used by one recognizer, on its worker's thread, for one file.
final class PDFDocument {
    private let handle: OpaquePointer
    let path: String
    /// Pages the document declares.
    let pageCount: Int

    /// Opens the PDF at `path`.
    ///
    /// - Throws: `OCRError.encryptedPDF` for a document that needs a password, `.corruptImage`
    ///   (format `.pdf`) when poppler cannot parse it or it declares no pages.
    init(path: String) throws {
        var document: OpaquePointer?
        // "On failure *out is NULL" (CPoppler.h, cpd_document_open).
        let status = PathBytes.withCString(path) { cpd_document_open($0, &document) }
        switch status {
        case CPD_STATUS_OK: break
        case CPD_STATUS_LOCKED: throw OCRError.encryptedPDF(path: path)
        case CPD_STATUS_DAMAGED:
            throw OCRError.corruptImage(path: path, format: .pdf, reason: "poppler cannot parse it as a PDF")
        default: throw OCRError.cCallFailed(function: "cpd_document_open (\(status.rawValue))", path: path)
        }
        guard let document else { throw OCRError.cCallFailed(function: "cpd_document_open", path: path) }
        let count = Int(cpd_document_page_count(document))
        guard count > 0 else {
            // Close here and throw before storing the handle: a throwing init that stored it would
            // also run deinit (OCR_FACTS).
            cpd_document_close(document)
            throw OCRError.corruptImage(path: path, format: .pdf, reason: "it has no pages")
        }
        self.path = path
        self.pageCount = count
        self.handle = document
    }

    deinit {
        cpd_document_close(handle)
    }

    /// The size of page `index` in points (1/72 in) as it renders (crop box, page rotation applied).
    func pageSize(_ index: Int) throws -> (width: Double, height: Double) {
        var width = 0.0
        var height = 0.0
        let status = cpd_page_size(handle, Int32(index), &width, &height)
        guard status == CPD_STATUS_OK else { throw PageFailure(status) }
        return (width, height)
    }

    /// Renders page `index` at `dpi` as an 8-bit grey image.
    func render(_ index: Int, dpi: Double) throws -> PixImage {
        let bitmap = try PDFBitmap(document: handle, page: index, dpi: dpi)
        return try bitmap.pix(dpi: dpi)
    }
}

/// Owns one rendered page (`CPDBitmap`); `deinit` frees it.
private final class PDFBitmap {
    private var bitmap: CPDBitmap

    init(document: OpaquePointer, page: Int, dpi: Double) throws {
        var bitmap = CPDBitmap()
        let status = cpd_render_page(document, Int32(page), dpi, &bitmap)
        guard status == CPD_STATUS_OK else {
            // "cpd_bitmap_free accepts zeroed bitmaps": nothing to free, but harmless.
            cpd_bitmap_free(&bitmap)
            throw PageFailure(status)
        }
        self.bitmap = bitmap
    }

    deinit {
        cpd_bitmap_free(&bitmap)
    }

    /// Copies the grey rows into a new 8-bit Leptonica image.
    func pix(dpi: Double) throws -> PixImage {
        let width = Int(bitmap.width)
        let height = Int(bitmap.height)
        let stride = Int(bitmap.bytes_per_row)
        guard let source = bitmap.data, width > 0, height > 0, stride >= width else {
            throw PageFailure(reason: "poppler rendered an empty image")
        }
        let pix = try PixImage("pixCreate") { pixCreate(Int32(width), Int32(height), 8) }
        guard let words = pixGetData(pix.pointer) else {
            throw OCRError.cCallFailed(function: "pixGetData", path: nil)
        }
        let wordsPerLine = Int(pixGetWpl(pix.pointer))
        let destination = UnsafeMutableRawPointer(words)
        for row in 0..<height {
            (destination + row * wordsPerLine * 4).copyMemory(from: source + row * stride, byteCount: width)
        }
        // Leptonica keeps pixels in 32-bit words, leftmost pixel in the most significant byte: "for
        // little-endians, when storing we re-order the bytes from this byte stream order" (pix.h).
        // The rows were copied in stream order: swap each word (pixEndianByteSwap is a no-op on
        // big-endian machines).
        try leptonica("pixEndianByteSwap") { pixEndianByteSwap(pix.pointer) }
        let resolution = Int32(dpi.rounded())
        _ = pixSetResolution(pix.pointer, resolution, resolution)
        return pix
    }
}
