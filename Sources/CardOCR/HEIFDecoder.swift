import CHeif
import CLeptonica
import Foundation

/// Decodes HEIC/HEIF photos (the iPhone's default format) with Debian's libheif into a Pix.
///
/// libheif applies the file's rotation and mirroring (`irot`/`imir`) while decoding
/// (heif.h: "ignore_transformations ... default: false"), so the result is upright as a
/// viewer shows it; HEIF has no EXIF orientation step to add.
enum HEIFDecoder {
    /// The primary image of the HEIF file in `bytes`, refusing more than `maxPixels` before decoding.
    static func decode(bytes: [UInt8], path: String, maxPixels: Int) throws -> PixImage {
        guard let context = heif_context_alloc() else {
            throw OCRError.cCallFailed(function: "heif_context_alloc", path: path)
        }
        defer { heif_context_free(context) }
        return try bytes.withUnsafeBytes { raw -> PixImage in
            // "heif_context_read_from_memory_without_copy: ... the memory must stay valid until the
            // context is freed" (heif.h): `bytes` outlives the context here.
            var error = heif_context_read_from_memory_without_copy(context, raw.baseAddress, raw.count, nil)
            guard error.code == heif_error_Ok else {
                throw OCRError.corruptImage(
                    path: path, format: .heic, reason: "libheif cannot read it (\(message(error)))")
            }
            var handle: OpaquePointer?
            error = heif_context_get_primary_image_handle(context, &handle)
            guard error.code == heif_error_Ok, let handle else {
                throw OCRError.corruptImage(
                    path: path, format: .heic, reason: "it holds no primary image (\(message(error)))")
            }
            defer { heif_image_handle_release(handle) }
            let width = Int(heif_image_handle_get_width(handle))
            let height = Int(heif_image_handle_get_height(handle))
            guard width > 0, height > 0 else {
                throw OCRError.corruptImage(path: path, format: .heic, reason: "its header gives no size")
            }
            guard width * height <= maxPixels else {
                throw OCRError.tooManyPixels(path: path, width: width, height: height, limit: maxPixels)
            }
            var image: OpaquePointer?
            error = heif_decode_image(handle, &image, heif_colorspace_RGB, heif_chroma_interleaved_RGB, nil)
            guard error.code == heif_error_Ok, let image else {
                throw OCRError.corruptImage(
                    path: path, format: .heic, reason: "libheif cannot decode it (\(message(error)))")
            }
            defer { heif_image_release(image) }
            var stride: Int32 = 0
            guard let plane = heif_image_get_plane_readonly(image, heif_channel_interleaved, &stride) else {
                throw OCRError.cCallFailed(function: "heif_image_get_plane_readonly", path: path)
            }
            let w = Int(heif_image_get_width(image, heif_channel_interleaved))
            let h = Int(heif_image_get_height(image, heif_channel_interleaved))
            let pix = try PixImage("pixCreate") { pixCreate(Int32(w), Int32(h), 32) }
            // Leptonica's 32 bpp pixels are 0xRRGGBBAA words (pix.h: "RGBA ... in that order").
            guard let data = pixGetData(pix.pointer) else {
                throw OCRError.cCallFailed(function: "pixGetData", path: path)
            }
            let wordsPerLine = Int(pixGetWpl(pix.pointer))
            for y in 0..<h {
                let row = plane + y * Int(stride)
                let line = data + y * wordsPerLine
                for x in 0..<w {
                    let r = UInt32(row[3 * x])
                    let g = UInt32(row[3 * x + 1])
                    let b = UInt32(row[3 * x + 2])
                    line[x] = (r << 24) | (g << 16) | (b << 8) | 0xFF
                }
            }
            return pix
        }
    }

    static func message(_ error: heif_error) -> String {
        error.message.map { String(cString: $0) } ?? "error \(error.code.rawValue)"
    }
}
