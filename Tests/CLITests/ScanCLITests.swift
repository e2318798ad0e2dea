import CardModel
import CardTestSupport
import Foundation
import Testing

/// End-to-end tests of the real `cardscan` binary on real images with real Tesseract.
@Suite(.serialized)
struct ScanCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let samples = root.appendingPathComponent("TestImages/samples")
    static let broken = root.appendingPathComponent("TestImages/broken")

    /// The sample images with their truth, in name order.
    static func sampleImages() throws -> [(image: URL, truth: TruthFile)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: samples.path).sorted()
        return try names.filter { $0.hasSuffix(".truth.json") }.compactMap { name in
            let stem = String(name.dropLast(".truth.json".count))
            guard let image = names.first(where: { $0.hasPrefix(stem + ".") && !$0.hasSuffix(".json") }) else { return nil }
            let truth = try JSONDecoder().decode(TruthFile.self, from: Data(contentsOf: samples.appendingPathComponent(name)))
            return (samples.appendingPathComponent(image), truth)
        }
    }

    private func jsonLines(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test("scan --json prints exactly one JSON object per card and the clean card's email is read")
    func jsonLinesOnClean() throws {
        let clean = try #require(try Self.sampleImages().first { $0.truth.kind == "clean" })
        let out = try CardscanProcess.run(["scan", "--dry-run", "--json", clean.image.path])
        #expect(out.status == 0, "\(out.stderr)")
        let objects = try jsonLines(out.stdout)
        #expect(objects.count == clean.truth.cards.count)
        let fields = try #require(objects.first?["fields"] as? [String: Any])
        let emails = (fields["emails"] as? [[String: Any]])?.compactMap { $0["value"] as? String } ?? []
        #expect(emails == clean.truth.cards[0].emails.map { $0.lowercased() })
        #expect(objects.first?["source"] as? String == clean.image.path)
    }

    @Test("a flatbed page with several cards gives one JSON object per card, in input order across files")
    func flatbedAndOrder() throws {
        let samples = try Self.sampleImages()
        let flatbed = try #require(samples.first { $0.truth.kind == "flatbed" })
        let clean = try #require(samples.first { $0.truth.kind == "clean" })
        let out = try CardscanProcess.run(["scan", "--dry-run", "--json", "--jobs", "2", flatbed.image.path, clean.image.path])
        #expect(out.status == 0, "\(out.stderr)")
        let sources = try jsonLines(out.stdout).compactMap { $0["source"] as? String }
        #expect(sources == Array(repeating: flatbed.image.path, count: flatbed.truth.cards.count) + [clean.image.path])
    }

    @Test("broken files are named on stderr with a reason, the good file is still read, exit status 1")
    func brokenInputs() throws {
        let clean = try #require(try Self.sampleImages().first { $0.truth.kind == "clean" })
        let brokenFiles = try FileManager.default.contentsOfDirectory(atPath: Self.broken.path)
            // These two lose one page only: PagesCLITests covers them.
            .filter { !$0.hasSuffix(".md") && !["broken-page.pdf", "damaged-page.tif"].contains($0) }.sorted()
            .map { Self.broken.appendingPathComponent($0).path }
        #expect(brokenFiles.count >= 4)
        let out = try CardscanProcess.run(["scan", "--dry-run", "--json"] + brokenFiles + [clean.image.path])
        #expect(out.status == 1)
        for file in brokenFiles {
            #expect(out.stderr.contains(file), "stderr should name \(file)")
        }
        #expect(try jsonLines(out.stdout).count == clean.truth.cards.count)
    }

    @Test("when every file fails the exit status is 2")
    func allFailed() throws {
        let out = try CardscanProcess.run(["scan", "--dry-run", Self.broken.appendingPathComponent("empty.jpg").path])
        #expect(out.status == 2)
        #expect(out.stderr.contains("empty.jpg"))
        #expect(out.stdout.isEmpty)
    }

    @Test("a path that does not exist exits with status 3 and names it")
    func missingPath() throws {
        let out = try CardscanProcess.run(["scan", "--dry-run", "/nonexistent/cards.jpg"])
        #expect(out.status == 3)
        #expect(out.stderr.contains("/nonexistent/cards.jpg"))
    }

    @Test("a language whose model is missing exits with status 5 and names the package to install")
    func missingLanguage() throws {
        let clean = try #require(try Self.sampleImages().first { $0.truth.kind == "clean" })
        let out = try CardscanProcess.run(["scan", "--dry-run", "--lang", "xyz", clean.image.path])
        #expect(out.status == 5)
        #expect(out.stderr.contains("tesseract-ocr-xyz"))
    }

    @Test("an invalid option value is a usage error (64)")
    func usageError() throws {
        let out = try CardscanProcess.run(["scan", "--dry-run", "--jobs", "0", "x.jpg"])
        #expect(out.status == 64)
    }

    @Test("the text table shows the card's fields on stdout and the summary on stderr")
    func textTable() throws {
        let clean = try #require(try Self.sampleImages().first { $0.truth.kind == "clean" })
        let out = try CardscanProcess.run(["scan", "--dry-run", clean.image.path])
        #expect(out.status == 0)
        #expect(out.stdout.contains(clean.image.path))
        if let email = clean.truth.cards[0].emails.first { #expect(out.stdout.contains(email.lowercased())) }
        #expect(out.stderr.contains("1 file"))
        #expect(!out.stdout.contains("1 file,"))
    }

    @Test("eval on the samples prints per-field F1 and the all-right share")
    func evalSamples() throws {
        let out = try CardscanProcess.run(["eval", "--json", Self.samples.path])
        #expect(out.status == 0, "\(out.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let fields = try #require(report["fields"] as? [String: Any])
        #expect(fields["emails"] != nil)
        #expect(report["cards"] as? Int == (try Self.sampleImages().reduce(0) { $0 + $1.truth.cards.count }))
    }
}

extension ScanCLITests {
    @Test("scan --lang auto finds Chinese by itself: the Chinese sample's name comes out in Han characters")
    func autoLanguageReadsChineseName() throws {
        let chinese = try #require(try Self.sampleImages().first { $0.truth.kind == "chinese" })
        let out = try CardscanProcess.run(["scan", "--dry-run", "--json", "--lang", "auto", chinese.image.path])
        #expect(out.status == 0, "\(out.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.split(separator: "\n").first.map(String.init)?.utf8 ?? "".utf8)) as? [String: Any])
        let fields = try #require(object["fields"] as? [String: Any])
        let name = (fields["name"] as? [String: Any])?["value"] as? String
        #expect(name == chinese.truth.cards[0].name)
    }
}

extension ScanCLITests {
    /// Protects the bench's baseline on a labelled set: plain tesseract reads each card in its
    /// labelled language (`ja` -> `jpn+eng`), while cardscan still picks its models itself: an
    /// English card labelled `ja` is read with `Latin`, a Japanese one with `jpn+eng`.
    @Test("bench on a labelled set: the baseline in the labelled languages, cardscan with auto")
    func benchLabelledSet() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("bench-\(UUID().uuidString)")
        let images = folder.appendingPathComponent("images")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let cards = Self.root.appendingPathComponent("TestImages/cards")
        let english = try #require(try Self.sampleImages().first { $0.truth.kind == "clean" })
        try FileManager.default.copyItem(at: english.image, to: images.appendingPathComponent("a.png"))
        try FileManager.default.copyItem(
            at: cards.appendingPathComponent("298-japanese.png"), to: images.appendingPathComponent("b.png"))
        let labels = ["a.png", "b.png"].map {
            #"{"file": "\#($0)", "name": null, "language": "ja", "split": "tune"}"#
        }
        try (labels.joined(separator: "\n") + "\n").write(
            to: folder.appendingPathComponent("labels.jsonl"), atomically: true, encoding: .utf8)

        let out = try CardscanProcess.run(["bench", "--jobs", "1", folder.path])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("tesseract -l: jpn+eng 2"), "\(out.stdout)")
        let groups = out.stdout.split(separator: "\n").filter {
            $0.hasPrefix("Latin ") || $0.hasPrefix("jpn+eng ")
        }
        #expect(groups.count == 2, "\(out.stdout)")
    }
}
