import CLeptonica
import CZBar
import CardModel
import Foundation

/// Finds and decodes QR codes on a preprocessed card image with zbar's image scanner.
///
/// Owns one `zbar_image_scanner_t`, freed in `deinit`. Not thread-safe (the scanner keeps its
/// results between calls): one per recognizer, like the Tesseract engines.
final class CodeScanner {
    private let scanner: OpaquePointer

    init() throws {
        scanner = try nonNull("zbar_image_scanner_create") { zbar_image_scanner_create() }
        // Only QR codes: cards carry vCards, MeCards and URLs as QR; the 1D decoders would cost
        // time and find false EAN/Code 128 hits in text. "zbar_image_scanner_set_config ...
        // symbology: ZBAR_NONE to apply to all symbologies" (zbar.h)
        zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0)
        zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1)
        // "don't convert binary data to text" (zbar.h): without it zbar guesses the text
        // encoding of byte-mode data without ECI and turned UTF-8 "München" into Shift-JIS
        // mojibake "M羹nchen" on 5 of 15 QR test cards. We decode the bytes ourselves.
        zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1)
        // Scan density stays 1 (every row and column): 2 halved the scan (32 -> 18 ms per card,
        // 49 cards) but lost a dense code at 2 px per module (283-rotated) of 15.
    }

    deinit {
        zbar_image_scanner_destroy(scanner)
    }

    /// The QR codes in `pix` (8-bit grey), in zbar's order, duplicates removed.
    func scan(_ pix: PixImage) throws -> [DecodedCode] {
        let grey = pix.depth == 8 ? pix : try pix.grey()
        var raster: UnsafeMutablePointer<UInt8>?
        var count = 0
        // "pixGetRasterData ... returns the raster data as a byte string, padded to the byte ...
        // data: raster data in memory; nbytes: number of bytes in data string" (pix2.c): for
        // 8 bpp one byte per pixel in image order, without Leptonica's word padding and byte
        // swapping, which is zbar's Y800 layout.
        try leptonica("pixGetRasterData") { pixGetRasterData(grey.pointer, &raster, &count) }
        guard let raster else { throw OCRError.cCallFailed(function: "pixGetRasterData", path: nil) }
        defer { free(raster) }
        guard count == grey.width * grey.height else { return [] }

        let image = try nonNull("zbar_image_create") { zbar_image_create() }
        defer { zbar_image_destroy(image) }
        // "The image format must be "Y800" or "GRAY"" (zbar.h, zbar_scan_image)
        zbar_image_set_format(image, UInt(UInt8(ascii: "Y")) | UInt(UInt8(ascii: "8")) << 8
            | UInt(UInt8(ascii: "0")) << 16 | UInt(UInt8(ascii: "0")) << 24)
        zbar_image_set_size(image, UInt32(grey.width), UInt32(grey.height))
        // "application image data will not be modified by the library"; no cleanup handler: the
        // image is destroyed before `raster` is freed.
        zbar_image_set_data(image, raster, UInt(count), nil)
        // ">0 if symbols were successfully decoded from the image, 0 if no symbols were found
        // or -1 if an error occurs" (zbar.h)
        let found = zbar_scan_image(scanner, image)
        guard found >= 0 else { throw OCRError.cCallFailed(function: "zbar_scan_image", path: nil) }
        guard found > 0 else { return [] }

        var codes: [DecodedCode] = []
        var symbol = zbar_image_first_symbol(image)
        while let current = symbol {
            let length = Int(zbar_symbol_get_data_length(current))
            if let data = zbar_symbol_get_data(current), length > 0 {
                let bytes = UnsafeRawBufferPointer(start: data, count: length)
                let payload = Self.text(bytes)
                let name = zbar_get_symbol_name(zbar_symbol_get_type(current)).map { String(cString: $0) } ?? "QR-Code"
                let code = DecodedCode(symbology: name, payload: payload)
                if !codes.contains(code) { codes.append(code) }
            }
            symbol = zbar_symbol_next(current)
        }
        return codes
    }

    /// The payload's text: UTF-8 when the bytes are valid UTF-8 (what vCard 4.0 requires and
    /// what phones write), else ISO 8859-1, the QR code's default byte-mode encoding (ISO/IEC
    /// 18004, 8.4.4).
    static func text(_ bytes: UnsafeRawBufferPointer) -> String {
        if let utf8 = String(bytes: bytes, encoding: .utf8) { return utf8 }
        return String(bytes.map { Character(Unicode.Scalar($0)) })
    }
}
