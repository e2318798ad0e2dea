import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a file's image ends, read from its structure (markers and chunk lengths from the start),
/// never from its last bytes.
///
/// Phones append data after a JPEG's end-of-image marker (Samsung and Google motion photos put a
/// whole video there, other vendors their own trailers), and some tools write bytes after a PNG's
/// `IEND` chunk. Such files are complete: the image ends where its structure says, and what
/// follows is not read by the decoder. A file cut short, on the other hand, runs out of bytes
/// before its structure ends (issue 11, item 3).
public enum ImageStructure {
    /// What the structure of one file says.
    public enum Verdict: Hashable, Sendable {
        /// The image's structure is complete; its last byte is at `imageLength - 1`. Bytes after
        /// it (a trailer) are not part of the image.
        case complete(imageLength: Int)
        /// The bytes end before the structure does; `missing` names what is missing
        /// ("end-of-image marker FFD9").
        case incomplete(missing: String)
        /// The structure is broken in a way no further bytes can fix; `reason` says how.
        case damaged(reason: String)
        /// A format whose end this check does not walk (TIFF, PDF, ...): other checks decide.
        case notWalked
    }

    /// Walks the structure of a JPEG or PNG held in `bytes`.
    public static func check(_ bytes: [UInt8], format: ImageFormat) -> Verdict {
        let source = MemorySource(bytes: bytes)
        return check(source, format: format)
    }

    /// Walks the structure of the JPEG or PNG open as `fd` (`size` bytes), reading it in bounded
    /// pieces with `pread`: memory stays constant whatever the file's size.
    public static func check(fd: Int32, size: Int, format: ImageFormat) -> Verdict {
        check(FileSource(fd: fd, size: size), format: format)
    }

    static func check(_ source: some ByteSource, format: ImageFormat) -> Verdict {
        switch format {
        case .jpeg: jpeg(source)
        case .png: png(source)
        default: .notWalked
        }
    }

    // MARK: - JPEG (ITU T.81, annex B)

    /// Walks the marker segments from SOI: each segment's length skips it (so an EXIF thumbnail,
    /// itself a whole JPEG inside APP1, is skipped); after each start-of-scan the entropy-coded
    /// data runs to the next marker (T.81 B.1.1.5: 0xFF in the data is always followed by 0x00,
    /// and RSTn markers stay inside the scan). The first EOI found this way ends the image.
    static func jpeg(_ s: some ByteSource) -> Verdict {
        let missing = Verdict.incomplete(missing: "end-of-image marker FFD9")
        var reader = SequentialReader(source: s, position: 2)
        var sawScan = false
        // Find each marker: 0xFF (fill bytes 0xFF allowed) then a code. libjpeg skips stray
        // bytes between segments with a warning ("extraneous bytes"), so this does the same.
        var next = reader.nextMarker(inEntropyData: false)
        while let code = next {
            switch code {
            case 0xD9:
                guard sawScan else {
                    return .damaged(reason: "it has no image data (no JPEG start-of-scan marker)")
                }
                return .complete(imageLength: reader.position)
            case 0xD8:
                return .damaged(reason: "a second start-of-image marker appears before the image ends")
            case 0x01, 0xD0...0xD7:
                break  // standalone markers: no length
            default:
                guard let high = reader.byte(), let low = reader.byte() else { return missing }
                let length = Int(high) << 8 | Int(low)
                guard length >= 2 else {
                    return .damaged(
                        reason: String(format: "a JPEG segment (marker FF%02X) has length %d", code, length))
                }
                guard reader.skip(length - 2) else { return missing }
                if code == 0xDA {
                    sawScan = true
                    // The entropy-coded data runs to the next real marker.
                    next = reader.nextMarker(inEntropyData: true)
                    continue
                }
            }
            next = reader.nextMarker(inEntropyData: false)
        }
        return missing
    }

    // MARK: - PNG (ISO/IEC 15948, section 5.3)

    /// Walks the chunks after the 8-byte signature: each is a 4-byte length, a 4-byte type, the
    /// data and a 4-byte CRC. `IEND` ends the image.
    static func png(_ s: some ByteSource) -> Verdict {
        let missing = Verdict.incomplete(missing: "IEND chunk")
        var position = 8
        var first = true
        while true {
            guard let header = s.read(at: position, count: 8), header.count == 8 else { return missing }
            let length = Int(header[0]) << 24 | Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
            let type = Array(header[4..<8])
            // "A four-byte unsigned integer ... restricted to 2^31-1" (5.3); chunk types are letters.
            guard length <= Int(Int32.max), type.allSatisfy({ (65...90).contains($0) || (97...122).contains($0) })
            else {
                return .damaged(reason: "its chunk at byte \(position) is not a PNG chunk")
            }
            if first && type != Array("IHDR".utf8) {
                return .damaged(reason: "its first chunk is not IHDR")
            }
            first = false
            let end = position + 12 + length
            guard end <= s.size else { return missing }
            if type == Array("IEND".utf8) { return .complete(imageLength: end) }
            position = end
        }
    }
}

// MARK: - Reading bytes without holding the file

/// Random access to a file's bytes.
protocol ByteSource {
    var size: Int { get }
    /// Up to `count` bytes at `offset` (fewer at the end of the data); nil on a read error.
    func read(at offset: Int, count: Int) -> [UInt8]?
}

struct MemorySource: ByteSource {
    let bytes: [UInt8]
    var size: Int { bytes.count }
    func read(at offset: Int, count: Int) -> [UInt8]? {
        guard offset >= 0, offset <= bytes.count else { return [] }
        return Array(bytes[offset..<min(bytes.count, offset + count)])
    }
}

struct FileSource: ByteSource {
    let fd: Int32
    let size: Int
    func read(at offset: Int, count: Int) -> [UInt8]? {
        guard offset < size, count > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: min(count, size - offset))
        var filled = 0
        while filled < buffer.count {
            let got = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return pread(fd, base + filled, raw.count - filled, off_t(offset + filled))
            }
            if got < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if got == 0 { break }
            filled += got
        }
        return Array(buffer.prefix(filled))
    }
}

/// Reads a source front to back through a 64 KiB window.
struct SequentialReader<S: ByteSource> {
    let source: S
    private(set) var position: Int
    private var window: [UInt8] = []
    private var windowStart = 0

    init(source: S, position: Int) {
        self.source = source
        self.position = position
    }

    mutating func byte() -> UInt8? {
        if position < windowStart || position >= windowStart + window.count {
            guard position < source.size, let chunk = source.read(at: position, count: 1 << 16), !chunk.isEmpty
            else { return nil }
            window = chunk
            windowStart = position
        }
        defer { position += 1 }
        return window[position - windowStart]
    }

    mutating func skip(_ count: Int) -> Bool {
        position += count
        return position <= source.size
    }

    /// Advances past the next marker and returns its code. In entropy-coded data, `FF 00`
    /// (a stuffed data byte) and `FF D0`...`FF D7` (restart markers) are data, not markers.
    mutating func nextMarker(inEntropyData: Bool) -> UInt8? {
        while let b = byte() {
            guard b == 0xFF else { continue }
            var code = byte()
            while code == 0xFF { code = byte() }  // fill bytes
            guard let code else { return nil }
            if code == 0x00 { continue }
            if inEntropyData && (0xD0...0xD7).contains(code) { continue }
            return code
        }
        return nil
    }
}
