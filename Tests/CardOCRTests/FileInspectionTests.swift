import CardModel
import CardTestSupport
import Foundation
import Testing

@testable import CardOCR

/// Inputs phones and odd file systems really produce (issue 11, items 3, 4, 7).
@Suite("File inspection")
struct FileInspectionTests {
    static let samples = TestImages.root.appendingPathComponent("samples")

    /// 1 MiB of what follows a Samsung/Google motion photo's EOI: a tag, an MP4 box header, then
    /// bytes that hold JPEG markers (FF D8, FF DA, FF E1) and never end with FF D9.
    static func motionPhotoTrailer() -> [UInt8] {
        var generator = SplitMix(seed: 11)
        var trailer = Array("MotionPhoto_Data".utf8) + [0, 0, 0, 0x18] + Array("ftypmp42".utf8)
        while trailer.count < 1 << 20 {
            trailer += [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x0C, 0xFF, 0xE1]
            trailer += (0..<4088).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        }
        if trailer.suffix(2) == [0xFF, 0xD9] { trailer[trailer.count - 1] = 0 }
        return trailer
    }

    /// Protects motion photos: a JPEG with 1 MiB after its EOI is complete, decodes, and only its
    /// own bytes are the image.
    @Test func jpegWithMotionPhotoTrailerIsAccepted() throws {
        let jpeg = try [UInt8](Data(contentsOf: Self.samples.appendingPathComponent("photo.jpg")))
        let dir = try TemporaryDirectory()
        let url = try dir.write(Data(jpeg + Self.motionPhotoTrailer()), to: "PXL_motion.jpg")
        let inspected = try FileInspector.inspect(path: url.path)
        #expect(inspected.format == .jpeg)
        #expect(inspected.imageLength == jpeg.count)
        let decoded = try ImageDecoder.decode(path: url.path, maxPixels: 100_000_000, applyEXIF: true)
        let original = try ImageDecoder.decode(
            path: Self.samples.appendingPathComponent("photo.jpg").path, maxPixels: 100_000_000, applyEXIF: true)
        #expect(decoded.pix.size == original.pix.size)
    }

    /// Protects PNGs with bytes after IEND (some editors and uploaders append metadata).
    @Test func pngWithBytesAfterIENDIsAccepted() throws {
        let png = try [UInt8](Data(contentsOf: Self.samples.appendingPathComponent("clean.png")))
        let dir = try TemporaryDirectory()
        let url = try dir.write(Data(png + Array("trailing vendor data".utf8) + [0, 0, 0xFF]), to: "card.png")
        #expect(try FileInspector.inspect(path: url.path).imageLength == png.count)
        _ = try ImageDecoder.decode(path: url.path, maxPixels: 100_000_000, applyEXIF: true)
    }

    /// Protects against taking a cut JPEG whose trailer-free end happens to hold FF D9 in data.
    @Test func jpegCutInsideItsScanIsTruncatedEvenWithFFD9InAnAPPSegment() throws {
        let jpeg = try [UInt8](Data(contentsOf: Self.samples.appendingPathComponent("scan.jpg")))
        for fraction in [0.1, 0.5, 0.99] {
            let cut = Array(jpeg.prefix(Int(Double(jpeg.count) * fraction)))
            guard case .incomplete = ImageStructure.check(cut, format: .jpeg) else {
                Issue.record("cut at \(fraction): \(ImageStructure.check(cut, format: .jpeg))")
                continue
            }
        }
    }

    /// Protects the 2 GB case: a file over the size limit is refused from fstat in well under 2 s,
    /// naming the limit, without reading it.
    @Test func hugeFileIsRefusedFromItsSize() throws {
        let dir = try TemporaryDirectory()
        let url = dir.url.appendingPathComponent("huge.jpg")
        let fd = open(url.path, O_WRONLY | O_CREAT, 0o600)
        try #require(fd >= 0)
        // Sparse: 2 GB of zeros that take no disk space.
        #expect(ftruncate(fd, 2_000_000_000) == 0)
        close(fd)
        let start = Date()
        #expect(throws: OCRError.fileTooLarge(path: url.path, size: 2_000_000_000, limit: 200_000_000)) {
            try FileInspector.inspect(path: url.path)
        }
        #expect(Date().timeIntervalSince(start) < 2)
        let message = "\(OCRError.fileTooLarge(path: url.path, size: 2_000_000_000, limit: 200_000_000))"
        #expect(message.contains("2 GB") && message.contains("200 MB") && message.contains("--max-file-size"))
    }

    /// Protects against hanging on a FIFO and against "permission denied" for it.
    @Test func fifoIsASpecialFile() throws {
        let dir = try TemporaryDirectory()
        let path = dir.url.appendingPathComponent("scan.jpg").path
        try #require(mkfifo(path, 0o600) == 0)
        #expect(throws: OCRError.specialFile(path: path, kind: "a FIFO (named pipe)")) {
            try FileInspector.inspect(path: path)
        }
    }

    /// Protects the link-loop message (it used to say "no such file").
    @Test func symlinkLoopIsNamed() throws {
        let dir = try TemporaryDirectory()
        let a = dir.url.appendingPathComponent("a.jpg").path
        let b = dir.url.appendingPathComponent("b.jpg").path
        try #require(symlink(b, a) == 0 && symlink(a, b) == 0)
        #expect(throws: OCRError.linkLoop(path: a)) { try FileInspector.inspect(path: a) }
    }

    /// Protects the size formatting used in messages.
    @Test func sizesReadLikeLs() {
        #expect(FileInspector.describe(bytes: 200_000_000) == "200 MB")
        #expect(FileInspector.describe(bytes: 2_147_483_648) == "2.1 GB")
        #expect(FileInspector.describe(bytes: 1) == "1 byte")
    }
}

/// A small deterministic generator (SplitMix64) for test bytes.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A valid page that is simply too big is not "damaged" (issue 11, item 7).
@Suite("Poster-sized PDF pages")
struct PosterPageTests {
    /// A one-page PDF with an empty page of `width` x `height` points, objects and xref by hand.
    static func pdf(width: Int, height: Int) -> Data {
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(width) \(height)] /Contents 4 0 R /Resources << >> >>",
            "<< /Length 0 >>\nstream\n\nendstream",
        ]
        var text = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, body) in objects.enumerated() {
            offsets.append(text.utf8.count)
            text += "\(index + 1) 0 obj\n\(body)\nendobj\n"
        }
        let xref = text.utf8.count
        text += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { text += String(format: "%010d 00000 n \n", offset) }
        text += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(text.utf8)
    }

    /// Protects the message: a 300 x 300 in poster page is named as such, with what to do, not as damage.
    @Test func posterPageIsNotDamage() throws {
        let dir = try TemporaryDirectory()
        let url = try dir.write(Self.pdf(width: 21_600, height: 21_600), to: "poster.pdf")
        let reader = try PageReader(path: url.path, maxPixels: 100_000_000, maxPages: 50, applyEXIF: false)
        let failure = try #require(throws: PageFailure.self) { try reader.page(0) }
        #expect(failure.reason.contains("poster-sized"), "\(failure.reason)")
        let message = "\(OCRError.noReadablePage(path: url.path, reasons: ["page 1: \(failure.reason)"]))"
        #expect(message.contains("too large to be card scans") && !message.contains("damaged"), "\(message)")
    }
}
