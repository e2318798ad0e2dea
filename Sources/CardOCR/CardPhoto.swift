import CLeptonica
import CardModel
import Foundation

/// A card's image for an address book: the card cut from its page and scaled down, as JPEG.
///
/// `contacts export --with-images` embeds it as vCard `PHOTO`: address books show it beside the
/// contact, so a person can check a value against the printed card.
public enum CardPhoto {
    /// The card at `box` on page `page` of the image or PDF at `path` (the whole page when
    /// `box` is nil), its longer side at most `maxSide` pixels, as JPEG bytes.
    public static func jpeg(path: String, page: Int, box: PixelBox?, maxSide: Int = 800) throws -> Data {
        let reader = try PageReader(path: path, maxPixels: 100_000_000, maxPages: 10_000, applyEXIF: true)
        var pix = try reader.page(min(page, reader.pageCount - 1)).pix
        if let box, box.width > 0, box.height > 0 { pix = try pix.cropped(to: box) }
        let side = max(pix.width, pix.height)
        if side > maxSide { pix = try pix.scaled(by: Double(maxSide) / Double(side)) }
        // "pixWriteMem: ... &pdata data of tiff compressed image; &psize; ... returns 0 if OK,
        // 1 on error" (writefile.c); the buffer is malloc'ed and ours to free. In memory: the
        // card's image never lands in a temporary file.
        var bytes: UnsafeMutablePointer<UInt8>?
        var size = 0
        guard pixWriteMem(&bytes, &size, pix.pointer, Int32(IFF_JFIF_JPEG)) == 0, let bytes else {
            throw OCRError.cCallFailed(function: "pixWriteMem", path: path)
        }
        defer { free(bytes) }
        return Data(bytes: bytes, count: size)
    }
}
