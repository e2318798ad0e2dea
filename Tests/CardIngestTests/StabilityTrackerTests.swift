import CardTestSupport
import Foundation
import Testing

@testable import CardIngest

/// A minimal structurally complete JPEG: SOI, APP0, SOS, some payload, EOI.
let jpegHead: [UInt8] = TestFiles.jpegHead
let jpegEnd: [UInt8] = TestFiles.jpegEnd

struct StabilityTrackerTests {
    private func tracker(_ clock: TestClock, settle: Int = 2, incomplete: Int = 20) -> StabilityTracker<
        TestClock
    > {
        StabilityTracker(
            clock: clock, settings: .init(settle: .seconds(settle), incompleteWait: .seconds(incomplete)))
    }

    private func append(_ bytes: [UInt8], to url: URL) throws {
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
    }

    private func isReady(_ verdict: StabilityTracker<TestClock>.Verdict) -> Bool {
        if case .ready = verdict { return true }
        return false
    }

    @Test("a file that keeps growing is never taken, however much time passes")
    func growingNotTaken() throws {
        let dir = try TemporaryDirectory()
        let url = try dir.write(Data(jpegHead), to: "card.jpg")
        let clock = TestClock()
        var tracker = tracker(clock)
        #expect(!isReady(tracker.observe(url.path)))
        for _ in 0..<10 {
            clock.advance(by: .seconds(1))
            try append(Array(repeating: 0x41, count: 100), to: url)
            #expect(!isReady(tracker.observe(url.path)))
        }
    }

    @Test("a complete file unchanged for the settle time is taken, not before")
    func takenAfterSettle() throws {
        let dir = try TemporaryDirectory()
        let url = try dir.write(Data(jpegHead + [1, 2, 3] + jpegEnd), to: "card.jpg")
        let clock = TestClock()
        var tracker = tracker(clock)
        #expect(tracker.observe(url.path) == .waiting(reason: "changing"))
        clock.advance(by: .milliseconds(1999))
        #expect(tracker.observe(url.path) == .waiting(reason: "settling"))
        clock.advance(by: .milliseconds(1))
        #expect(isReady(tracker.observe(url.path)))
    }

    @Test("a stable JPEG without its FFD9 end marker waits, and is taken once the rest arrives")
    func truncatedJPEGWaitsUntilComplete() throws {
        let dir = try TemporaryDirectory()
        let url = try dir.write(Data(jpegHead + [1, 2, 3]), to: "card.jpg")
        let clock = TestClock()
        var tracker = tracker(clock)
        _ = tracker.observe(url.path)
        clock.advance(by: .seconds(5))
        #expect(
            tracker.observe(url.path) == .waiting(reason: "incomplete JPEG: no end-of-image marker FFD9 yet"))
        try append(jpegEnd, to: url)
        #expect(tracker.observe(url.path) == .waiting(reason: "changing"))
        clock.advance(by: .seconds(2))
        #expect(isReady(tracker.observe(url.path)))
    }

    @Test(
        "a JPEG that stays without FFD9 past the incomplete wait fails, and the reason says what is missing")
    func truncatedJPEGTimesOut() throws {
        let dir = try TemporaryDirectory()
        let url = try dir.write(Data(jpegHead + [1, 2, 3]), to: "card.jpg")
        let clock = TestClock()
        var tracker = tracker(clock, incomplete: 20)
        _ = tracker.observe(url.path)
        clock.advance(by: .seconds(19))
        #expect(!isReady(tracker.observe(url.path)))
        clock.advance(by: .seconds(1))
        guard case .failed(let reason) = tracker.observe(url.path) else {
            Issue.record("expected a failure")
            return
        }
        #expect(reason.contains("FFD9"))
        #expect(reason.contains("incomplete JPEG"))
        #expect(tracker.pending.isEmpty)
    }

    @Test("a zero-byte file is incomplete; it fails as empty only after the longer wait")
    func emptyFileFailsLate() throws {
        let dir = try TemporaryDirectory()
        let url = try dir.write(Data(), to: "scan.png")
        let clock = TestClock()
        var tracker = tracker(clock, incomplete: 20)
        _ = tracker.observe(url.path)
        clock.advance(by: .seconds(10))
        #expect(tracker.observe(url.path) == .waiting(reason: "empty"))
        clock.advance(by: .seconds(10))
        guard case .failed(let reason) = tracker.observe(url.path) else {
            Issue.record("expected a failure")
            return
        }
        #expect(reason.contains("empty"))
    }

    @Test("a zero-byte file that then receives its bytes is taken like any other")
    func emptyThenFilled() throws {
        let dir = try TemporaryDirectory()
        let url = try dir.write(Data(), to: "scan.jpg")
        let clock = TestClock()
        var tracker = tracker(clock)
        _ = tracker.observe(url.path)
        clock.advance(by: .seconds(5))
        try append(jpegHead + jpegEnd, to: url)
        _ = tracker.observe(url.path)
        clock.advance(by: .seconds(2))
        #expect(isReady(tracker.observe(url.path)))
    }

    @Test("a file of unknown format is taken on stability alone")
    func unknownFormatStableIsTaken() throws {
        let dir = try TemporaryDirectory()
        let url = try dir.write(Data("just some text".utf8), to: "notes.jpg")
        let clock = TestClock()
        var tracker = tracker(clock)
        _ = tracker.observe(url.path)
        clock.advance(by: .seconds(2))
        #expect(isReady(tracker.observe(url.path)))
    }

    @Test("a symbolic link is refused as not a regular file, without being followed")
    func symlinkRefused() throws {
        let dir = try TemporaryDirectory()
        let target = try dir.write(Data(jpegHead + jpegEnd), to: "real.jpg")
        let link = dir.url.appendingPathComponent("link.jpg")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let clock = TestClock()
        var tracker = tracker(clock)
        guard case .failed(let reason) = tracker.observe(link.path) else {
            Issue.record("expected a failure")
            return
        }
        #expect(reason.contains("not a regular file"))
    }

    @Test("a file replaced by another of the same size (new inode) starts settling again")
    func replacedFileResettles() throws {
        let dir = try TemporaryDirectory()
        let url = try dir.write(Data(jpegHead + [1] + jpegEnd), to: "card.jpg")
        let clock = TestClock()
        var tracker = tracker(clock)
        _ = tracker.observe(url.path)
        clock.advance(by: .seconds(1))
        let other = try dir.write(Data(jpegHead + [2] + jpegEnd), to: "other.jpg")
        #expect(rename(other.path, url.path) == 0)
        #expect(tracker.observe(url.path) == .waiting(reason: "changing"))
        clock.advance(by: .seconds(1))
        #expect(!isReady(tracker.observe(url.path)))
    }

    @Test("a file that disappears is reported gone and forgotten")
    func goneIsForgotten() throws {
        let dir = try TemporaryDirectory()
        let url = try dir.write(Data(jpegHead + jpegEnd), to: "card.jpg")
        let clock = TestClock()
        var tracker = tracker(clock)
        _ = tracker.observe(url.path)
        try FileManager.default.removeItem(at: url)
        #expect(tracker.observe(url.path) == .gone)
        #expect(tracker.pending.isEmpty)
    }
}

struct FileCompletenessTests {
    static let png: [UInt8] =
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + TestFiles.chunk("IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0])
    static let iend: [UInt8] = [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
    /// What a Samsung motion photo appends after EOI: a marker-like tag, then an MP4 whose bytes
    /// hold FF D8, FF DA and no FF D9 at the end.
    static let motionTrailer: [UInt8] =
        Array("MotionPhoto_Data".utf8) + [0, 0, 0, 0x18] + Array("ftypmp42".utf8) + [0xFF, 0xD8, 0xFF, 0xDA, 1, 2, 0xFF]

    static let cases: [(String, [UInt8], FileCompleteness)] = [
        ("JPEG with EOI", jpegHead + [1, 2] + jpegEnd, .complete(format: "JPEG")),
        (
            "JPEG with zero padding after EOI", jpegHead + [1, 2] + jpegEnd + [0, 0, 0],
            .complete(format: "JPEG")
        ),
        (
            "JPEG cut in the middle", jpegHead + [1, 2, 3],
            .incomplete(format: "JPEG", missing: "end-of-image marker FFD9")
        ),
        (
            "JPEG with a motion-photo trailer after EOI", jpegHead + [1, 2] + jpegEnd + motionTrailer,
            .complete(format: "JPEG")
        ),
        (
            "JPEG cut inside its scan whose data holds FF D9 in an APP segment",
            [0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x06, 0xFF, 0xD9, 0xFF, 0xD9] + Array(jpegHead.dropFirst(2)) + [1, 2, 3],
            .incomplete(format: "JPEG", missing: "end-of-image marker FFD9")
        ),
        ("PNG with IEND", png + iend, .complete(format: "PNG")),
        ("PNG with bytes after IEND", png + iend + Array("vendor trailer".utf8), .complete(format: "PNG")),
        ("PNG cut before IEND", png + [0, 0, 0, 9], .incomplete(format: "PNG", missing: "IEND chunk")),
        ("PDF with %%EOF", Array("%PDF-1.7\n...\n%%EOF\n".utf8), .complete(format: "PDF")),
        (
            "PDF without %%EOF", Array("%PDF-1.7\n...".utf8),
            .incomplete(format: "PDF", missing: "%%EOF trailer")
        ),
        (
            "TIFF whose first IFD is inside the file", [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0, 0, 0],
            .complete(format: "TIFF")
        ),
        (
            "TIFF whose first IFD lies beyond the end", [0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0x10, 0, 0, 0],
            .incomplete(format: "TIFF", missing: "first image directory (at byte 4096)")
        ),
        (
            "WebP with all declared bytes", Array("RIFF".utf8) + [4, 0, 0, 0] + Array("WEBP".utf8),
            .complete(format: "WebP")
        ),
        (
            "WebP short of its declared length", Array("RIFF".utf8) + [20, 0, 0, 0] + Array("WEBP".utf8),
            .incomplete(format: "WebP", missing: "16 of its declared bytes")
        ),
        ("text named .jpg", Array("hello, not an image".utf8), .unknown),
    ]

    @Test("the end marker of each format decides completeness", arguments: cases)
    func completeness(_ name: String, _ bytes: [UInt8], _ expected: FileCompleteness) throws {
        let dir = try TemporaryDirectory()
        let url = try dir.write(Data(bytes), to: "file")
        #expect(FileCompleteness.check(path: url.path) == expected, "\(name)")
    }

    @Test("the truncated JPEG and PNG are incomplete; random bytes after a PNG signature are not waited for")
    func brokenTestImages() {
        for name in ["truncated.jpg", "truncated.png"] {
            let verdict = FileCompleteness.check(path: TestImages.broken(name).path)
            guard case .incomplete = verdict else {
                Issue.record("\(name): \(verdict)")
                continue
            }
        }
        // No further bytes can make it a PNG: taken at once, and the pipeline says why it fails.
        #expect(FileCompleteness.check(path: TestImages.broken("garbage.png").path) == .unknown)
    }

    @Test("every sample card image is complete")
    func samplesComplete() throws {
        let samples = TestImages.root.appendingPathComponent("samples")
        let names = try FileManager.default.contentsOfDirectory(atPath: samples.path).filter {
            !$0.hasSuffix(".json")
        }
        #expect(!names.isEmpty)
        for name in names {
            let verdict = FileCompleteness.check(path: samples.appendingPathComponent(name).path)
            guard case .complete = verdict else {
                Issue.record("\(name): \(verdict)")
                continue
            }
        }
    }
}

struct DropFolderRulesTests {
    static let ignored = [
        ".hidden", ".DS_Store", "._card.jpg", "card.jpg.part", "card.JPG.PART", "card.tmp", "card.jpg~",
        "card.jpg.crdownload", "Thumbs.db", "desktop.ini", "processed", "failed", "card.partial",
    ]
    static let taken = [
        "card.jpg", "my card.png", "-leading-dash.jpg", "Zoë Müller 名片.png", "card.part.jpg", "tmp.jpg",
        "card~1.jpg", "processed.jpg", "failed card.jpg", "noextension",
    ]

    @Test("temporary, hidden and system files and the watcher's own folders are ignored", arguments: ignored)
    func ignoredNames(_ name: String) {
        #expect(DropFolderRules.ignoreReason(forName: name) != nil)
    }

    @Test("ordinary and odd names (spaces, Unicode, leading '-') are taken", arguments: taken)
    func takenNames(_ name: String) {
        #expect(DropFolderRules.ignoreReason(forName: name) == nil)
    }

    @Test("a name already taken in the destination gets the first free numbered suffix")
    func freeNames() {
        let existing: Set = ["card.jpg", "card-2.jpg", "README"]
        #expect(DropFolder.freeName(for: "card.jpg", isTaken: existing.contains) == "card-3.jpg")
        #expect(DropFolder.freeName(for: "README", isTaken: existing.contains) == "README-2")
        #expect(DropFolder.freeName(for: "new.png", isTaken: existing.contains) == "new.png")
    }
}
