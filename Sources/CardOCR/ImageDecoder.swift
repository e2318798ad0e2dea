import CLeptonica
import CardModel
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A decoded source image, upright per its EXIF orientation when that stage ran.
struct DecodedImage {
    var pix: PixImage
    var format: ImageFormat
    /// The EXIF orientation tag (1...8) found in the file, 1 when absent.
    var exifOrientation: Int
}

/// Reads image files: refuses what is missing, empty, misnamed, truncated or too large, with an
/// `OCRError` naming the file, before Leptonica decodes anything.
public enum ImageDecoder {
    /// Reads and decodes the file at `path`: inspected first, then only the image's own bytes
    /// are read (not a JPEG's trailer after its end-of-image marker).
    static func decode(
        path: String, maxPixels: Int, applyEXIF: Bool, maxFileSize: Int = FileInspector.defaultMaxFileSize
    ) throws -> DecodedImage {
        let inspected = try FileInspector.inspect(path: path, maxFileSize: maxFileSize)
        return try decode(
            bytes: readFile(path, limit: inspected.imageLength), path: path, maxPixels: maxPixels,
            applyEXIF: applyEXIF)
    }

    /// Decodes the bytes of the file at `path` (already read; `path` names it in errors).
    static func decode(bytes: [UInt8], path: String, maxPixels: Int, applyEXIF: Bool) throws -> DecodedImage {
        _ = leptonicaQuieted
        let format = sniff(bytes)
        guard format.isDecodable else {
            throw OCRError.unsupportedFormat(path: path, detected: format)
        }
        if let problem = incompleteness(of: bytes, format: format) {
            throw OCRError.corruptImage(path: path, format: format, reason: problem)
        }
        if format == .heic {
            let pix = try HEIFDecoder.decode(bytes: bytes, path: path, maxPixels: maxPixels)
            return DecodedImage(pix: pix, format: format, exifOrientation: 1)
        }
        let pix = try bytes.withUnsafeBufferPointer { buffer -> PixImage in
            guard let base = buffer.baseAddress else { throw OCRError.emptyFile(path: path) }
            var iff: Int32 = 0
            var w: Int32 = 0
            var h: Int32 = 0
            var bps: Int32 = 0
            var spp: Int32 = 0
            var cmap: Int32 = 0
            // Leptonica's only size limit is ~2^31 bytes of pixels (RELIABILITY.md): enforce ours
            // from the header, which costs microseconds and decodes nothing.
            let (header, _) = LibraryMessages.capture {
                pixReadHeaderMem(base, buffer.count, &iff, &w, &h, &bps, &spp, &cmap)
            }
            guard case .success(0) = header else {
                throw OCRError.corruptImage(path: path, format: format, reason: "its header cannot be read")
            }
            guard w > 0, h > 0 else {
                throw OCRError.corruptImage(path: path, format: format, reason: "its header gives no size")
            }
            guard Int(w) * Int(h) <= maxPixels else {
                throw OCRError.tooManyPixels(path: path, width: Int(w), height: Int(h), limit: maxPixels)
            }
            // "pixReadMem: ... returns pix, or NULL on error" (readfile.c). libjpeg and libtiff
            // also return pixels decoded from damaged data, saying so only on stderr: captured,
            // such a line fails the file instead of queueing half a card (issue 11, item 5).
            if format == .tiff, let damage = TIFFPageCheck.damage(in: buffer, page: 0) {
                throw OCRError.corruptImage(path: path, format: .tiff, reason: damage)
            }
            let (result, messages) = LibraryMessages.capture { pixReadMem(base, buffer.count) }
            let damage = messages.damage(for: format)
            guard case .success(let pointer) = result, let decoded = pointer else {
                let detail = damage.isEmpty ? messages.lines : damage
                throw OCRError.corruptImage(
                    path: path, format: format,
                    reason: "the decoder refused it"
                        + (detail.isEmpty ? "" : " (\(LibraryMessages.summary(detail)))"))
            }
            let pix = PixImage(owning: decoded)
            guard damage.isEmpty else {
                throw OCRError.corruptImage(
                    path: path, format: format,
                    reason: "the decoder reported damaged image data (\(LibraryMessages.summary(damage)))")
            }
            return pix
        }
        var image = pix
        if pixGetSpp(image.pointer) == 4 {
            // Transparent regions may hold any colour: composite over white as a viewer would.
            image = try PixImage("pixAlphaBlendUniform") { pixAlphaBlendUniform(image.pointer, 0xffff_ff00) }
        }
        let orientation = format == .jpeg ? exifOrientation(in: bytes) : 1
        if applyEXIF { image = try applyingEXIF(orientation, to: image) }
        return DecodedImage(pix: image, format: format, exifOrientation: orientation)
    }

    // MARK: - Reading

    /// Reads the whole file (or its first `limit` bytes), mapping errno to the module's error cases.
    static func readFile(_ path: String, limit: Int? = nil) throws -> [UInt8] {
        let fd = PathBytes.withCString(path) { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK) }
        guard fd >= 0 else { throw errnoError(errno, path: path) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw errnoError(errno, path: path) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw OCRError.notARegularFile(path: path) }
        guard st.st_size > 0 else { throw OCRError.emptyFile(path: path) }
        var bytes = [UInt8](repeating: 0, count: min(Int(st.st_size), limit ?? Int.max))
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBytes { raw in
                read(fd, raw.baseAddress.map { $0 + filled }, raw.count - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw errnoError(errno, path: path)
            }
            if n == 0 { break }  // shrank while reading: judge what we have
            filled += n
        }
        guard filled > 0 else { throw OCRError.emptyFile(path: path) }
        if filled < bytes.count { bytes.removeLast(bytes.count - filled) }
        return bytes
    }

    static func errnoError(_ code: Int32, path: String) -> OCRError {
        switch code {
        case ENOENT, ENOTDIR: .fileNotFound(path: path)
        case EACCES, EPERM: .permissionDenied(path: path)
        case EISDIR: .notARegularFile(path: path)
        case ELOOP: .linkLoop(path: path)
        default: .readFailed(path: path, reason: String(cString: strerror(code)))
        }
    }

    // MARK: - Format detection (magic bytes, never the file name)

    /// The format of a file whose first bytes are `head` (public face of `sniff`).
    public static func sniffFormat(_ head: [UInt8]) -> ImageFormat { sniff(head) }

    static func sniff(_ b: [UInt8]) -> ImageFormat {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            b.count >= offset + prefix.count && Array(b[offset..<offset + prefix.count]) == prefix
        }
        func ascii(_ s: String, at offset: Int = 0) -> Bool { starts(Array(s.utf8), at: offset) }

        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if ascii("GIF87a") || ascii("GIF89a") { return .gif }
        if ascii("RIFF") && ascii("WEBP", at: 8) { return .webp }
        if ascii("%PDF") { return .pdf }
        if ascii("ftyp", at: 4) {
            // ISO base media: HEIF brands (iPhone photos) and AVIF
            if ascii("avif", at: 8) || ascii("avis", at: 8) { return .avif }
            return .heic
        }
        if starts([0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20]) || starts([0xFF, 0x4F, 0xFF, 0x51]) {
            return .jp2
        }
        if ascii("BM") && b.count >= 26 { return .bmp }
        if b.count >= 3, b[0] == UInt8(ascii: "P"), (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(b[1]),
            [0x0A, 0x0D, 0x20, 0x09].contains(b[2])
        {
            return .pnm
        }
        let head = b.prefix(512)
        let printable = head.filter { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 >= 0x20 }
        if !head.contains(0), printable.count == head.count, String(validating: head, as: UTF8.self) != nil {
            return .text
        }
        return .unknown
    }

    // MARK: - Structural completeness

    /// Why the file is structurally incomplete, or nil when it looks complete.
    ///
    /// Leptonica 1.82 warns but succeeds on some truncated JPEGs (libjpeg pads with grey), so a
    /// half-written file would be OCRed: refuse a JPEG or PNG whose structure, walked from its
    /// start, ends before its end-of-image marker or IEND chunk (RELIABILITY.md case 3). Bytes
    /// after that end (a motion photo's video) do not matter (issue 11, item 3).
    static func incompleteness(of b: [UInt8], format: ImageFormat) -> String? {
        incompleteness(of: b, size: b.count, format: format)
    }

    /// As `incompleteness(of:format:)`, for a file of `size` bytes of which `b` are the first.
    static func incompleteness(of b: [UInt8], size: Int, format: ImageFormat) -> String? {
        switch format {
        case .jpeg, .png:
            switch ImageStructure.check(b, format: format) {
            case .complete, .notWalked: return nil
            case .incomplete(let missing): return "it is truncated (no \(missing))"
            case .damaged(let reason): return reason
            }
        case .webp:
            guard b.count >= 12 else { return "it is truncated (no RIFF header)" }
            let declared = Int(b[4]) | Int(b[5]) << 8 | Int(b[6]) << 16 | Int(b[7]) << 24
            return declared + 8 <= size
                ? nil : "it is truncated (RIFF size \(declared + 8) > \(size) bytes)"
        default:
            return nil
        }
    }

    // MARK: - EXIF orientation

    /// The EXIF orientation tag (0x0112) of a JPEG's APP1 segment, or 1 when absent or invalid.
    static func exifOrientation(in b: [UInt8]) -> Int {
        var i = 2
        while i + 4 <= b.count, b[i] == 0xFF {
            let marker = b[i + 1]
            if marker == 0xDA || marker == 0xD9 { break }  // image data starts: no more metadata
            if marker == 0xFF || (0xD0...0xD7).contains(marker) || marker == 0x01 {
                i += 1 + (marker == 0xFF ? 0 : 1)
                continue
            }
            let length = Int(b[i + 2]) << 8 | Int(b[i + 3])
            let start = i + 4
            let end = i + 2 + length
            guard length >= 2, end <= b.count else { break }
            if marker == 0xE1, end - start >= 14,
                Array(b[start..<start + 6]) == [0x45, 0x78, 0x69, 0x66, 0, 0]
            {
                return orientation(tiff: Array(b[(start + 6)..<end]))
            }
            i = end
        }
        return 1
    }

    /// Reads tag 0x0112 from IFD0 of a TIFF structure (the body of an Exif APP1 segment).
    static func orientation(tiff t: [UInt8]) -> Int {
        guard t.count >= 8 else { return 1 }
        let little: Bool
        switch (t[0], t[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return 1
        }
        func u16(_ o: Int) -> Int? {
            guard o >= 0, o + 2 <= t.count else { return nil }
            return little ? Int(t[o]) | Int(t[o + 1]) << 8 : Int(t[o]) << 8 | Int(t[o + 1])
        }
        func u32(_ o: Int) -> Int? {
            guard let a = u16(o), let b = u16(o + 2) else { return nil }
            return little ? a | b << 16 : a << 16 | b
        }
        guard u16(2) == 42, let ifd = u32(4), let count = u16(ifd) else { return 1 }
        for n in 0..<min(count, 512) {
            let entry = ifd + 2 + n * 12
            guard let tag = u16(entry) else { break }
            if tag == 0x0112 {
                guard u16(entry + 2) == 3, let value = u16(entry + 8), (1...8).contains(value) else {
                    return 1
                }
                return value
            }
        }
        return 1
    }

    /// Turns the stored pixels upright per the EXIF orientation (the TIFF 6.0 tag 274 meanings).
    static func applyingEXIF(_ orientation: Int, to pix: PixImage) throws -> PixImage {
        switch orientation {
        case 2: try pix.flippedLeftRight()
        case 3: try pix.rotatedOrthogonally(clockwise: 180)
        case 4: try pix.flippedTopBottom()
        case 5: try pix.flippedLeftRight().rotatedOrthogonally(clockwise: 270)  // transpose
        case 6: try pix.rotatedOrthogonally(clockwise: 90)
        case 7: try pix.flippedLeftRight().rotatedOrthogonally(clockwise: 90)  // transverse
        case 8: try pix.rotatedOrthogonally(clockwise: 270)
        default: pix
        }
    }
}
