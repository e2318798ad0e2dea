import CardExtraction
import CardModel
import CardOCR
import CardPhone
import CardTestSupport
import Foundation
import Logging
import Testing

@testable import CardIngest

struct ScanPipelineTests {
    private func files(_ names: [String], in directory: TemporaryDirectory) throws -> [String] {
        try names.map { try directory.write(TestFiles.png(text: "bytes of \($0)"), to: $0).path }
    }

    private func pipeline(jobs: Int, recognizer: @escaping @Sendable () -> FakeRecognizer) -> ScanPipeline {
        ScanPipeline(
            options: .init(jobs: jobs), extractor: FieldExtractor(phoneNumbers: LibPhoneNumber()),
            logger: Logger(label: "test")
        ) { _ in recognizer() }
    }

    @Test("results come back in input order even when later files finish first")
    func inputOrder() throws {
        let directory = try TemporaryDirectory()
        let paths = try files((0..<12).map { "card\($0).png" }, in: directory)
        let scan = pipeline(jobs: 4) { FakeRecognizer(defaultText: "Jane Doe\njane@doe.com", delay: Double.random(in: 0...0.02)) }
        var seen: [Int] = []
        try scan.run(files: paths) { seen.append($0.inputIndex) }
        #expect(seen == Array(0..<12))
    }

    @Test("a file that fails does not stop the others and carries a reason naming it")
    func failureIsolated() throws {
        let directory = try TemporaryDirectory()
        let paths = try files(["a.png", "bad.png", "c.png"], in: directory)
        let scan = pipeline(jobs: 2) {
            FakeRecognizer(errors: ["bad.png": FakeRecognizerError.unknownFile("bad.png")], defaultText: "Jane Doe")
        }
        var results: [FileResult] = []
        try scan.run(files: paths) { results.append($0) }
        #expect(results.count == 3)
        #expect(results.map(\.isFailure) == [false, true, false])
        if case .failed(let reason) = results[1].status {
            #expect(reason.contains("bad.png"))
        }
        #expect(results[0].cards.count == 1)
    }

    @Test("an unreadable path fails with a reason instead of crashing the run")
    func missingFile() throws {
        let directory = try TemporaryDirectory()
        let paths = try files(["a.png"], in: directory) + [directory.url.appendingPathComponent("gone.png").path]
        let scan = pipeline(jobs: 2) { FakeRecognizer(defaultText: "Jane Doe") }
        var results: [FileResult] = []
        try scan.run(files: paths) { results.append($0) }
        #expect(results.map(\.isFailure) == [false, true])
        #expect(results[1].contentHash == nil)
    }

    @Test("a vCard QR code read with the card fills its fields through the pipeline")
    func qrCodeFieldsThroughPipeline() throws {
        let directory = try TemporaryDirectory()
        let paths = try files(["qr.png"], in: directory)
        var page = RecognizedPage.plainText("Jane D0e\nAcme Robotics Inc.")
        page.codes = [
            DecodedCode(
                symbology: "QR-Code",
                payload: "BEGIN:VCARD\nVERSION:3.0\nFN:Jane Doe\nTEL;TYPE=CELL:+1 415 555 0199\nEND:VCARD")
        ]
        let canned = page
        let scan = pipeline(jobs: 1) { FakeRecognizer(pages: ["qr.png": [canned]]) }
        var results: [FileResult] = []
        try scan.run(files: paths) { results.append($0) }
        let fields = try #require(results.first?.cards.first?.fields)
        #expect(fields.name?.value == "Jane Doe")
        #expect(fields.name?.evidence?.hasPrefix("QR code (vCard)") == true)
        #expect(fields.phones.first?.kind == .mobile)
        #expect(fields.company?.value == "Acme Robotics Inc.")
    }

    @Test("a preflight status skips recognition for that file")
    func preflightSkips() throws {
        let directory = try TemporaryDirectory()
        let paths = try files(["a.png", "b.png"], in: directory)
        let scan = pipeline(jobs: 1) { FakeRecognizer(defaultText: "Jane Doe") }
        var results: [FileResult] = []
        try scan.run(files: paths, preflight: { path, _ in path.hasSuffix("b.png") ? .duplicate(ofScan: 7) : nil }) {
            results.append($0)
        }
        #expect(results[1].status == .duplicate(ofScan: 7))
        #expect(results[1].cards.isEmpty)
        #expect(results[0].status == .recognized)
    }

    @Test("engine creation failure aborts the run at the first file that needs an engine")
    func engineFailureThrows() throws {
        let directory = try TemporaryDirectory()
        let paths = try files(["a.png"], in: directory)
        let scan = ScanPipeline(
            options: .init(jobs: 2), extractor: FieldExtractor(phoneNumbers: LibPhoneNumber()),
            logger: Logger(label: "test")
        ) { _ in throw FakeRecognizerError.unknownFile("model") }
        #expect(throws: FakeRecognizerError.self) {
            try scan.run(files: paths) { _ in Issue.record("no result expected") }
        }
    }
}

struct InputFilesTests {
    @Test("folders are searched recursively for image names, hidden files skipped, others reported")
    func listing() throws {
        let directory = try TemporaryDirectory()
        try directory.write(Data(), to: "b.jpg")
        try directory.write(Data(), to: "sub/a.PNG")
        try directory.write(Data(), to: ".hidden.jpg")
        try directory.write(Data(), to: ".git/x.jpg")
        try directory.write(Data(), to: "notes.txt")
        let listing = try InputFiles.list([directory.url.path])
        #expect(listing.files.map { ($0 as NSString).lastPathComponent } == ["b.jpg", "a.PNG"])
        #expect(listing.skipped.map { ($0 as NSString).lastPathComponent } == ["notes.txt"])
    }

    @Test("a file named on the command line is taken whatever its extension, once")
    func explicitFile() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write(Data(), to: "-odd name.txt")
        let listing = try InputFiles.list([file.path, file.path])
        #expect(listing.files == [file.path])
    }

    @Test("a path that does not exist is an error naming it")
    func missingPath() {
        #expect {
            try InputFiles.list(["/nonexistent/cards"])
        } throws: { error in
            "\(error)".contains("/nonexistent/cards")
        }
    }
}

struct CardJSONTests {
    @Test("scan --json objects carry every contract key, with null for missing single fields")
    func contractKeys() throws {
        let card = CardResult(
            source: "in/a.png", cardIndex: 0, bbox: PixelBox(x: 1, y: 2, width: 3, height: 4),
            fields: CardFields(
                name: FieldValue(value: "Jane Q. Doe", confidence: 0.93),
                phones: [PhoneValue(value: "+1 (415) 555-0123", e164: "+14155550123", kind: .work, confidence: 0.9)],
                emails: [FieldValue(value: "jane@doe.com", confidence: 0.99)]),
            text: "Jane Q. Doe", timings: CardTimings(decode: 3.2, preprocess: 8, ocr: 140, extract: 1))
        let line = try card.jsonLine()
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["source"] as? String == "in/a.png")
        #expect(object["card_index"] as? Int == 0)
        #expect(object["bbox"] as? [Int] == [1, 2, 3, 4])
        #expect(object["text"] as? String == "Jane Q. Doe")
        let timings = try #require(object["timings_ms"] as? [String: Int])
        #expect(Set(timings.keys) == ["decode", "preprocess", "ocr", "extract"])
        let fields = try #require(object["fields"] as? [String: Any])
        #expect(Set(fields.keys) == ["name", "title", "department", "company", "address", "phones", "emails", "websites"])
        #expect(fields["title"] is NSNull)
        let name = try #require(fields["name"] as? [String: Any])
        #expect(name["value"] as? String == "Jane Q. Doe")
        let phones = try #require(fields["phones"] as? [[String: Any]])
        #expect(phones.first?["e164"] as? String == "+14155550123")
        #expect(phones.first?["kind"] as? String == "work")
    }
}

struct ScanPipelinePageTests {
    private func card(_ text: String, page: Int, index: Int) -> RecognizedCard {
        let recognized = RecognizedPage.plainText(text)
        return RecognizedCard(
            index: index, page: page,
            bbox: PixelBox(x: 0, y: 0, width: recognized.width, height: recognized.height), recognized: recognized)
    }

    private func pipeline(_ recognizer: @escaping @Sendable () -> FakeRecognizer) -> ScanPipeline {
        ScanPipeline(
            options: .init(jobs: 1), extractor: FieldExtractor(phoneNumbers: LibPhoneNumber()),
            logger: Logger(label: "test")
        ) { _ in recognizer() }
    }

    @Test("a failed page is in pageFailures, naming file and page; the good pages' cards are kept")
    func partialPageFailure() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(Data("%PDF-1.4\n%%EOF\n".utf8), to: "batch.pdf").path
        let pages: [PageResult] = [
            .cards([card("Jane Doe\njane@doe.com", page: 0, index: 0)]),
            .failed(page: 1, reason: "its page object is missing or damaged"),
            .cards([card("John Roe\njohn@roe.com", page: 2, index: 1)]),
        ]
        let scan = pipeline {
            let fake = FakeRecognizer()
            fake.pageResults = ["batch.pdf": pages]
            return fake
        }
        var results: [FileResult] = []
        try scan.run(files: [path]) { results.append($0) }
        let result = try #require(results.first)
        #expect(result.status == .recognized)
        #expect(result.cards.map(\.page) == [0, 2])
        #expect(result.cards.map(\.cardIndex) == [0, 1])
        #expect(result.pageFailures.count == 1)
        #expect(result.pageFailures.first?.contains(path) == true)
        #expect(result.pageFailures.first?.contains("page 2 of 3") == true)
        #expect(result.pageFailures.first?.contains("missing or damaged") == true)
    }

    @Test("when every page fails the file fails, with each page's reason")
    func everyPageFails() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(Data("II*\0".utf8), to: "scan.tif").path
        let scan = pipeline {
            let fake = FakeRecognizer()
            fake.pageResults = [
                "scan.tif": [.failed(page: 0, reason: "bad one"), .failed(page: 1, reason: "bad two")]
            ]
            return fake
        }
        var results: [FileResult] = []
        try scan.run(files: [path]) { results.append($0) }
        let result = try #require(results.first)
        guard case .failed(let reason) = result.status else {
            Issue.record("expected a failure, got \(result.status)")
            return
        }
        #expect(reason.contains(path))
        #expect(reason.contains("page 1: bad one") && reason.contains("page 2: bad two"))
        #expect(result.cards.isEmpty)
    }
}
