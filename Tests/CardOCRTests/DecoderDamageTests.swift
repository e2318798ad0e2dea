import CLeptonica
import CardModel
import CardTestSupport
import Foundation
import Testing

@testable import CardOCR

/// Decoder errors are failures, never half-decoded pages (issue 11, item 5). The damaged files
/// are made here from the sample cards: Leptonica writes the TIFFs, then their compressed strips
/// are overwritten the way a bad copy or a failing disk would.
@Suite("Decoder damage")
struct DecoderDamageTests {
    static let samples = TestImages.root.appendingPathComponent("samples")

    /// The first strip (offset, byte count) of each page of a classic little-endian TIFF.
    static func strips(_ t: [UInt8]) -> [(offset: Int, count: Int)] {
        func u16(_ o: Int) -> Int { Int(t[o]) | Int(t[o + 1]) << 8 }
        func u32(_ o: Int) -> Int { u16(o) | u16(o + 2) << 16 }
        var result: [(Int, Int)] = []
        var ifd = u32(4)
        while ifd != 0 && ifd + 2 <= t.count {
            let entries = u16(ifd)
            var offset = 0
            var count = 0
            for n in 0..<entries {
                let e = ifd + 2 + n * 12
                let type = u16(e + 2)
                let values = u32(e + 4)
                func value() -> Int { type == 3 ? u16(e + 8) : u32(e + 8) }
                func first() -> Int {
                    guard values > 1 else { return value() }
                    let at = u32(e + 8)
                    return type == 3 ? u16(at) : u32(at)
                }
                if u16(e) == 273 { offset = first() }
                if u16(e) == 279 { count = first() }
            }
            result.append((offset, count))
            ifd = u32(ifd + 2 + entries * 12)
        }
        return result
    }

    /// Writes `pages` copies of the clean sample as one ZIP-compressed TIFF and returns its bytes.
    static func tiff(pages: Int, in dir: TemporaryDirectory) throws -> [UInt8] {
        let image = try ImageDecoder.decode(
            path: samples.appendingPathComponent("clean.png").path, maxPixels: 100_000_000, applyEXIF: false)
        let path = dir.url.appendingPathComponent("built.tif").path
        for page in 0..<pages {
            // "modestr: 'w' to write first page, 'a' to append" (tiffio.c, pixWriteTiff)
            try #require(pixWriteTiff(path, image.pix.pointer, Int32(IFF_TIFF_ZIP), page == 0 ? "w" : "a") == 0)
        }
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Ways a strip gets damaged: noise over its middle, its second half zeroed, one byte flipped.
    static let damages: [(String, @Sendable (inout [UInt8], Int, Int) -> Void)] = [
        ("noise over the middle third", { bytes, offset, count in
            var x: UInt32 = 7
            for i in (offset + count / 3)..<(offset + 2 * count / 3) {
                x = x &* 1_664_525 &+ 1_013_904_223
                bytes[i] = UInt8(truncatingIfNeeded: x >> 24)
            }
        }),
        ("second half zeroed", { bytes, offset, count in
            for i in (offset + count / 2)..<(offset + count) { bytes[i] = 0 }
        }),
        ("zlib header broken", { bytes, offset, _ in bytes[offset] ^= 0xFF }),
        ("one byte flipped near the start", { bytes, offset, count in bytes[offset + min(40, count / 2)] ^= 0x5A }),
    ]

    /// Protects single TIFFs: damaged compressed data fails the file, naming the decoder's words.
    @Test(arguments: 0..<4)
    func damagedSingleTiffFails(_ damage: Int) throws {
        let dir = try TemporaryDirectory()
        var bytes = try Self.tiff(pages: 1, in: dir)
        let strip = try #require(Self.strips(bytes).first)
        Self.damages[damage].1(&bytes, strip.offset, strip.count)
        let url = try dir.write(Data(bytes), to: "damaged.tif")
        let error = try #require(throws: OCRError.self, "\(Self.damages[damage].0)") {
            try ImageDecoder.decode(path: url.path, maxPixels: 100_000_000, applyEXIF: false)
        }
        guard case .corruptImage(url.path, .tiff, _) = error else {
            Issue.record("\(Self.damages[damage].0): \(error)")
            return
        }
    }

    /// Protects multi-page TIFFs: a damaged page 2 of 3 is that page's failure, pages 1 and 3 are read.
    @Test(arguments: 0..<4)
    func damagedMiddlePageFailsAlone(_ damage: Int) throws {
        let dir = try TemporaryDirectory()
        var bytes = try Self.tiff(pages: 3, in: dir)
        let strips = Self.strips(bytes)
        try #require(strips.count == 3)
        Self.damages[damage].1(&bytes, strips[1].offset, strips[1].count)
        let url = try dir.write(Data(bytes), to: "three.tif")
        let reader = try PageReader(path: url.path, maxPixels: 100_000_000, maxPages: 50, applyEXIF: false)
        #expect(reader.pageCount == 3)
        _ = try reader.page(0)
        _ = try reader.page(2)
        #expect(throws: PageFailure.self, "\(Self.damages[damage].0)") { try reader.page(1) }
    }

    /// Protects JPEGs: entropy data damaged in the middle fails the file instead of grey-padding it.
    @Test func damagedJpegDataFails() throws {
        var bytes = try [UInt8](Data(contentsOf: Self.samples.appendingPathComponent("scan.jpg")))
        let middle = bytes.count / 2
        for i in middle..<(middle + 64) { bytes[i] = bytes[i] == 0xFF ? 0xFF : UInt8(truncatingIfNeeded: i * 37) & 0xFE }
        // A restart marker out of sequence in the middle of the data.
        bytes[middle + 64] = 0xFF
        bytes[middle + 65] = 0xD3
        let dir = try TemporaryDirectory()
        let url = try dir.write(Data(bytes), to: "damaged.jpg")
        let error = try #require(throws: OCRError.self) {
            try ImageDecoder.decode(path: url.path, maxPixels: 100_000_000, applyEXIF: false)
        }
        guard case .corruptImage(_, .jpeg, let reason) = error else {
            Issue.record("\(error)")
            return
        }
        #expect(reason.contains("JPEG"), "\(reason)")
    }
}
