import CardStore
import CardTestSupport
import Foundation
import Logging
import Testing

/// Files phones and odd sources really produce, through the real binary (issue 11).
@Suite(.serialized)
struct HardeningCLITests {
    static let samples = TestImages.root.appendingPathComponent("samples")

    /// A JPEG with 1 MiB of motion-photo data after EOI (holding FF D8 / FF DA, not ending in FF D9).
    static func motionPhoto() throws -> Data {
        var bytes = try [UInt8](Data(contentsOf: samples.appendingPathComponent("clean.png").deletingLastPathComponent()
            .appendingPathComponent("scan.jpg")))
        bytes += Array("MotionPhoto_Data".utf8) + [0, 0, 0, 0x18] + Array("ftypmp42".utf8)
        var x: UInt32 = 2026
        while bytes.count < (1 << 20) + 200_000 {
            bytes += [0xFF, 0xD8, 0xFF, 0xDA, 0, 8]
            for _ in 0..<2042 {
                x = x &* 1_664_525 &+ 1_013_904_223
                bytes.append(UInt8(truncatingIfNeeded: x >> 24))
            }
        }
        bytes += [0xFF, 0x00]
        return Data(bytes)
    }

    /// A PNG with bytes after its IEND chunk.
    static func pngWithTail() throws -> Data {
        try Data(contentsOf: samples.appendingPathComponent("clean.png")) + Data("appended by an uploader\n".utf8)
    }

    @Test("a motion-photo JPEG and a PNG with bytes after IEND are queued by scan")
    func scanTakesTrailers() throws {
        let dir = try TemporaryDirectory()
        let jpeg = try dir.write(try Self.motionPhoto(), to: "PXL_20261201_MP.jpg")
        let png = try dir.write(try Self.pngWithTail(), to: "card.png")
        let db = dir.url.appendingPathComponent("store/cards.sqlite").path
        let out = try CardscanProcess.run(["scan", "--db", db, "--jobs", "1", jpeg.path, png.path])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.components(separatedBy: "queued for review").count - 1 >= 2, "\(out.stdout)")
    }

    @Test("watch --once queues a motion-photo JPEG and a PNG with bytes after IEND")
    func watchTakesTrailers() throws {
        let dir = try TemporaryDirectory()
        try dir.write(try Self.motionPhoto(), to: "drop/PXL_20261201_MP.jpg")
        try dir.write(try Self.pngWithTail(), to: "drop/card.png")
        let db = dir.url.appendingPathComponent("store/cards.sqlite").path
        let out = try CardscanProcess.run([
            "watch", dir.url.appendingPathComponent("drop").path, "--once", "--settle", "0.2", "--db", db, "--jobs", "1",
        ])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.split(separator: "\n").filter { $0.hasPrefix("queued\t") }.count == 2, "\(out.stdout)")
    }

    @Test("a 2 GB file is refused in under 2 s and under 400 MB, naming the size limit")
    func hugeFileRefusedCheaply() throws {
        let dir = try TemporaryDirectory()
        let path = dir.url.appendingPathComponent("zeros.jpg").path
        let fd = open(path, O_WRONLY | O_CREAT, 0o600)
        try #require(fd >= 0)
        #expect(ftruncate(fd, 2_000_000_000) == 0)  // sparse: no disk space used
        close(fd)
        let timed = dir.url.appendingPathComponent("time.txt").path
        let start = Date()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        process.arguments = ["-f", "%M", "-o", timed, CardscanProcess.executable.path, "scan", "--dry-run", path]
        var environment = ProcessInfo.processInfo.environment
        environment["OMP_THREAD_LIMIT"] = "1"
        process.environment = environment
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(start)
        #expect(process.terminationStatus == 2, "\(stderr)")
        #expect(stderr.contains("zeros.jpg") && stderr.contains("2 GB") && stderr.contains("200 MB"), "\(stderr)")
        #expect(seconds < 2, "took \(seconds) s")
        // GNU time writes "Command exited with non-zero status 2" first, then the figure.
        let report = try String(contentsOfFile: timed, encoding: .utf8)
        let peakKB = report.split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? .max
        #expect(peakKB < 400_000, "peak \(peakKB) KB")
    }

    @Test("a rejected file does not load the OCR engine: a missing language model is not even noticed")
    func rejectedFileLoadsNoEngine() throws {
        let dir = try TemporaryDirectory()
        let text = try dir.write(Data("name,email\n".utf8), to: "contacts.jpg")
        let out = try CardscanProcess.run(["scan", "--dry-run", "--lang", "xyz", text.path])
        // Before: exit 5 "Cannot load Tesseract language 'xyz'", from an engine loaded for nothing.
        #expect(out.status == 2, "\(out.stderr)")
        #expect(out.stderr.contains("contacts.jpg") && out.stderr.contains("text file"))
        #expect(!out.stderr.contains("xyz.traineddata"))
    }
}
