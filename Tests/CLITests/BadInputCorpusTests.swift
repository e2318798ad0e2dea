import CardModel
import CardTestSupport
import Foundation
import Testing

/// The bad-input corpus of issue 11: truncations, bit flips, bombs, trailers, special files,
/// links, odd names and a huge file, generated here from TestImages (deterministically), run
/// through both `scan` and `watch --once`. Every case must end in exactly one visible state
/// with a message naming the file; where the cause is known, the message must give it; the
/// valid files with trailers must be queued.
@Suite(.serialized)
struct BadInputCorpusTests {
    enum Expect: Equatable {
        /// Its cards are queued.
        case queued
        /// It fails, and the message contains this cause.
        case failed(String)
        /// Queued or failed (a bit flip may leave a decodable image): one state either way.
        case oneState
    }

    enum Content {
        case bytes([UInt8])
        case fifo
        case symlink(String)
        case sparse(Int)
    }

    struct Case {
        var name: [UInt8]
        var content: Content
        var expect: Expect
        /// The watcher never follows links: a link to a good file fails there.
        var watchExpect: Expect? = nil
        var display: String { PathBytes.display(name) }
    }

    static let cards = TestImages.root.appendingPathComponent("cards")

    static func corpus() throws -> [Case] {
        let jpeg = try [UInt8](Data(contentsOf: cards.appendingPathComponent("003-noisy.jpg")))
        let png = try [UInt8](Data(contentsOf: cards.appendingPathComponent("002-lowdpi.png")))
        let pdf = try [UInt8](Data(contentsOf: TestImages.root.appendingPathComponent("pages/three-pages.pdf")))
        let tiff = try [UInt8](Data(contentsOf: TestImages.root.appendingPathComponent("pages/two-cards.tif")))
        var random = SplitMix64(seed: 20_261_202)
        func noise(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) } }
        func name(_ text: String) -> [UInt8] { Array(text.utf8) }
        var cases: [Case] = []

        // Truncations: a copy or a scan cut short.
        for (i, fraction) in [0.05, 0.15, 0.3, 0.45, 0.6, 0.75, 0.9, 0.97, 0.995].enumerated() {
            cases.append(Case(name: name("cut-jpeg-\(i).jpg"), content: .bytes(Array(jpeg.prefix(Int(Double(jpeg.count) * fraction)))), expect: .failed("truncated")))
            cases.append(Case(name: name("cut-png-\(i).png"), content: .bytes(Array(png.prefix(Int(Double(png.count) * fraction)))), expect: .failed("truncated")))
        }
        for (i, fraction) in [0.3, 0.8, 0.99].enumerated() {
            cases.append(Case(name: name("cut-pdf-\(i).pdf"), content: .bytes(Array(pdf.prefix(Int(Double(pdf.count) * fraction)))), expect: .failed("truncated")))
            cases.append(Case(name: name("cut-tiff-\(i).tif"), content: .bytes(Array(tiff.prefix(Int(Double(tiff.count) * fraction)))), expect: .failed("truncated")))
        }
        // Bit flips: one state whatever the decoder makes of them.
        for i in 0..<12 {
            var flipped = jpeg
            let at = 2 + Int(random.next() % UInt64(jpeg.count - 4))
            flipped[at] ^= UInt8(1 << (i % 8))
            cases.append(Case(name: name("flip-jpeg-\(i).jpg"), content: .bytes(flipped), expect: .oneState))
            var flippedPNG = png
            let pngAt = 8 + Int(random.next() % UInt64(png.count - 8))
            flippedPNG[pngAt] ^= UInt8(1 << (i % 8))
            cases.append(Case(name: name("flip-png-\(i).png"), content: .bytes(flippedPNG), expect: .oneState))
        }
        // Trailers after a complete image: valid files, queued.
        let trailers: [(String, [UInt8])] = [
            ("motion", Array("MotionPhoto_Data".utf8) + [0, 0, 0, 0x18] + Array("ftypmp42".utf8) + [0xFF, 0xD8, 0xFF, 0xDA] + noise(300_000)),
            ("zeros", [UInt8](repeating: 0, count: 200_000)),
            ("text", Array("\n<x:xmpmeta>vendor data</x:xmpmeta>\n".utf8)),
            ("second-jpeg", Array(jpeg.prefix(4000))),
            ("random", noise(50_000)),
        ]
        for (label, trailer) in trailers {
            cases.append(Case(name: name("trailer-\(label).jpg"), content: .bytes(jpeg + trailer), expect: .queued))
        }
        for (label, trailer) in trailers.prefix(3) {
            cases.append(Case(name: name("trailer-\(label).png"), content: .bytes(png + trailer), expect: .queued))
        }
        // Not images, whatever their names say.
        let notImages: [(String, [UInt8], String)] = [
            ("empty.jpg", [], "empty"),
            ("one-byte.jpg", [0xFF], "not a known image format"),
            ("text.jpg", Array("Name,Email\nAda,ada@example.com\n".utf8), "text file"),
            ("page.png", Array("<!DOCTYPE html><html><body>404</body></html>".utf8), "text file"),
            ("zip.jpg", [0x50, 0x4B, 0x03, 0x04] + noise(2000), "not a known image format"),
            ("elf.png", [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + noise(2000), "not a known image format"),
            ("heic.jpg", [0, 0, 0, 0x18] + Array("ftypheic".utf8) + noise(2000), "HEIC"),
            ("soi-only.jpg", [0xFF, 0xD8, 0xFF], "truncated"),
            ("png-signature-garbage.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + noise(4096), "PNG chunk"),
            ("gif-header.jpg", Array("GIF89a".utf8), "GIF"),
            ("pdf-no-eof.pdf", Array("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n".utf8), "truncated"),
            ("jpeg-no-scan.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xD9], "no image data"),
        ]
        for (file, bytes, cause) in notImages {
            cases.append(Case(name: name(file), content: .bytes(bytes), expect: .failed(cause)))
        }
        // Bombs: refused from the header.
        cases.append(Case(name: name("bomb.png"), content: .bytes(try [UInt8](Data(contentsOf: TestImages.broken("bomb.png")))), expect: .failed("pixels")))
        var wide = png
        // IHDR width (bytes 16...19) set to 200000: 200000 x 300 = 60 MP is allowed, so make it taller too.
        wide.replaceSubrange(16..<24, with: [0x00, 0x03, 0x0D, 0x40, 0x00, 0x03, 0x0D, 0x40])
        cases.append(Case(name: name("header-bomb.png"), content: .bytes(wide), expect: .failed("pixels")))
        cases.append(Case(name: name("damaged-page.tif"), content: .bytes(try [UInt8](Data(contentsOf: TestImages.broken("damaged-page.tif")))), expect: .queued))
        cases.append(Case(name: name("encrypted.pdf"), content: .bytes(try [UInt8](Data(contentsOf: TestImages.broken("encrypted.pdf")))), expect: .failed("password")))
        // Special files and links.
        cases.append(Case(name: name("fifo.jpg"), content: .fifo, expect: .failed("FIFO"), watchExpect: .failed("not a regular file")))
        cases.append(Case(name: name("loop-a.jpg"), content: .symlink("loop-b.jpg"), expect: .failed("link"), watchExpect: .failed("not a regular file")))
        cases.append(Case(name: name("loop-b.jpg"), content: .symlink("loop-a.jpg"), expect: .failed("link"), watchExpect: .failed("not a regular file")))
        cases.append(Case(name: name("dangling.jpg"), content: .symlink("/nonexistent/card.jpg"), expect: .failed("no such file"), watchExpect: .failed("not a regular file")))
        cases.append(Case(name: name("huge.jpg"), content: .sparse(2_000_000_000), expect: .failed("200 MB")))
        // Odd names holding a good card.
        let oddNames: [[UInt8]] = [
            name("Ren") + [0xE9] + name("e.png"),
            name("line\nbreak.png"),
            name("-leading dash.png"),
            name("tab\tand  spaces.png"),
            name(String(repeating: "long", count: 60) + ".png"),
            name("Zoë 名片 \u{1F4C7}.png"),
            name("back\\slash.png"),
            name("esc\u{1B}[31mred.png"),
        ]
        for (i, odd) in oddNames.enumerated() {
            // Distinct bytes per name (a text chunk after IEND), so none is a duplicate of another.
            cases.append(Case(name: odd, content: .bytes(png + Array("odd \(i)".utf8)), expect: .queued))
        }
        return cases
    }

    /// Creates every case in `folder`.
    static func materialize(_ cases: [Case], in folder: String) throws {
        for c in cases {
            let path = folder + "/" + c.display
            switch c.content {
            case .bytes(let bytes):
                let fd = PathBytes.withCString(path) { open($0, O_WRONLY | O_CREAT | O_EXCL, 0o644) }
                try #require(fd >= 0, "\(c.display)")
                _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                close(fd)
            case .fifo:
                try #require(PathBytes.withCString(path) { mkfifo($0, 0o644) } == 0)
            case .symlink(let target):
                try #require(PathBytes.withCString(path) { symlink(target, $0) } == 0)
            case .sparse(let size):
                let fd = PathBytes.withCString(path) { open($0, O_WRONLY | O_CREAT | O_EXCL, 0o644) }
                try #require(fd >= 0)
                _ = ftruncate(fd, off_t(size))
                close(fd)
            }
        }
    }

    @Test("every corpus case ends in one state through scan, with a message naming the file and its cause")
    func throughScan() throws {
        let cases = try Self.corpus()
        #expect(cases.count >= 80)
        let dir = try TemporaryDirectory()
        let folder = dir.url.appendingPathComponent("inbox").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Self.materialize(cases, in: folder)
        let db = dir.url.appendingPathComponent("store/cards.sqlite").path
        let out = try CardscanProcess.run(["scan", "--db", db, "--jobs", "2", folder])
        #expect(out.status == 1, "\(out.stderr)")
        #expect(out.stderr.contains("\(cases.count) files"), "\(out.stderr.suffix(2000))")
        let stdoutLines = out.stdout.split(separator: "\n").map(String.init)
        let stderrLines = out.stderr.split(separator: "\n").map(String.init)
        for c in cases {
            let path = folder + "/" + c.display
            let queued = stdoutLines.contains { $0.hasPrefix(path + "  card ") || $0.hasPrefix(path + "  duplicate") }
            let failure = stderrLines.first { $0.contains(path + ":") || $0.contains(path + " (") || $0.contains(path + " ") && $0.hasPrefix("cardscan: ") }
            switch c.expect {
            case .queued:
                #expect(queued, "\(c.display) should be queued: \(failure ?? "no message")")
            case .failed(let cause):
                #expect(!queued, "\(c.display) should fail")
                #expect(failure?.contains(cause) == true, "\(c.display): expected '\(cause)' in \(failure ?? "no message")")
            case .oneState:
                #expect(queued != (failure != nil), "\(c.display): queued \(queued), message \(failure ?? "none")")
            }
        }
    }

    @Test("every corpus case ends in processed/ or failed/ through watch --once, with a note naming its cause")
    func throughWatch() throws {
        let cases = try Self.corpus()
        let dir = try TemporaryDirectory()
        let drop = dir.url.appendingPathComponent("drop").path
        try FileManager.default.createDirectory(atPath: drop, withIntermediateDirectories: true)
        try Self.materialize(cases, in: drop)
        let db = dir.url.appendingPathComponent("store/cards.sqlite").path
        let out = try CardscanProcess.run(["watch", drop, "--once", "--settle", "0.2", "--db", db, "--jobs", "2"])
        #expect(out.status == 1, "\(out.stderr.suffix(2000))")
        let processed = Set(PathBytes.listFolder(drop + "/processed") ?? [])
        let failed = Set(PathBytes.listFolder(drop + "/failed") ?? [])
        let left = Set(PathBytes.listFolder(drop) ?? []).subtracting(["processed", "failed"])
        #expect(left.isEmpty, "left in the drop folder: \(left)")
        for c in cases {
            let inProcessed = processed.contains(c.display)
            let inFailed = failed.contains(c.display)
            #expect(inProcessed != inFailed, "\(c.display): processed \(inProcessed), failed \(inFailed)")
            let note = inFailed
                ? (try? String(contentsOfFile: drop + "/failed/" + c.display + ".error.txt", encoding: .utf8)) : nil
            if inFailed {
                #expect(note?.contains("file: \(c.display)") == true, "\(c.display): \(note ?? "no note")")
                #expect(note?.contains("reason: ") == true)
            }
            switch c.watchExpect ?? c.expect {
            case .queued:
                #expect(inProcessed, "\(c.display) should be queued: \(note ?? "")")
            case .failed(let cause):
                #expect(inFailed && note?.contains(cause) == true, "\(c.display): expected '\(cause)' in \(note ?? "no note")")
            case .oneState:
                break
            }
        }
        // One line per file on stdout, each a single line however the name is made.
        #expect(out.stdout.split(separator: "\n").count == cases.count, "\(out.stdout)")
    }
}

/// A small deterministic generator (SplitMix64).
struct SplitMix64 {
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
