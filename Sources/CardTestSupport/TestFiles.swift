import Foundation

/// Small files with a real image structure, for tests of the layers above OCR: the pipeline
/// checks a file's format and structure before any recognizer sees it, so even a fake
/// recognizer's inputs must be well-formed.
public enum TestFiles {
    /// A complete 1x1 grey PNG (signature, IHDR, tEXt holding `text`, IDAT, IEND, with valid
    /// CRCs): different `text` gives different bytes, and Leptonica decodes it.
    public static func png(text: String = "") -> Data {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        // IHDR: width 1, height 1, bit depth 8, colour type 0 (grey), deflate, filter 0, no interlace.
        bytes += chunk("IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0])
        if !text.isEmpty { bytes += chunk("tEXt", Array("Comment".utf8) + [0] + Array(text.utf8)) }
        // zlib (RFC 1950) holding one stored block with the scanline [filter 0, pixel 0xFF].
        bytes += chunk("IDAT", [0x78, 0x01, 0x01, 0x02, 0x00, 0xFD, 0xFF, 0x00, 0xFF, 0x01, 0x01, 0x01, 0x00])
        bytes += chunk("IEND", [])
        return Data(bytes)
    }

    /// The start of a JPEG up to its entropy-coded data: SOI, a JFIF APP0 segment and a
    /// start-of-scan header. Followed by data bytes (no 0xFF) and `jpegEnd`, it is a structurally
    /// complete JPEG (not decodable: no tables).
    public static let jpegHead: [UInt8] =
        [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]
        + [0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]

    /// The end-of-image marker.
    public static let jpegEnd: [UInt8] = [0xFF, 0xD9]

    /// One PNG chunk: length, type, data, CRC-32 of type and data (PNG spec 5.3).
    public static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        let length = UInt32(data.count)
        return [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
            + typeBytes + data + bigEndian(crc32(typeBytes + data))
    }

    /// CRC-32 as PNG and zlib use it (polynomial 0xEDB88320, reflected).
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
