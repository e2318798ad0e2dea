import CardTestSupport
import Foundation
import Testing

/// End-to-end: `cardscan scan` on PDFs and multi-page TIFFs through the real binary.
@Suite(.serialized)
struct PagesCLITests {
    static let testImages = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("TestImages")

    private func jsonLines(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test("scan --dry-run --json on a 3-page PDF prints one JSON object per card with its page set")
    func pdfJSONHasPages() throws {
        let pdf = Self.testImages.appendingPathComponent("pages/three-pages.pdf")
        let out = try CardscanProcess.run(["scan", "--dry-run", "--json", pdf.path])
        #expect(out.status == 0, "\(out.stderr)")
        let objects = try jsonLines(out.stdout)
        #expect(objects.compactMap { $0["page"] as? Int } == [0, 1, 2])
        #expect(objects.compactMap { $0["card_index"] as? Int } == [0, 1, 2])
        #expect(objects.allSatisfy { $0["source"] as? String == pdf.path })
    }

    @Test("a PDF with a damaged page: warning on stderr naming file and page, good cards on stdout, exit 0")
    func brokenPageIsAWarning() throws {
        let pdf = Self.testImages.appendingPathComponent("broken/broken-page.pdf")
        let out = try CardscanProcess.run(["scan", "--dry-run", "--json", pdf.path])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(try jsonLines(out.stdout).compactMap { $0["page"] as? Int } == [0, 2])
        let warning = out.stderr.split(separator: "\n").first { $0.contains("warning:") }
        #expect(warning?.contains(pdf.path) == true, "\(out.stderr)")
        #expect(warning?.contains("page 2 of 3") == true, "\(out.stderr)")
        #expect(out.stderr.contains("1 page not read"))
    }

    @Test(
        "--deadline: a file that takes longer fails naming the file and the flag; --max-pages refuses a long file"
    )
    func deadlineAndPageCapFlags() throws {
        let pdf = Self.testImages.appendingPathComponent("pages/three-pages.pdf")
        let late = try CardscanProcess.run(["scan", "--dry-run", "--json", "--deadline", "0.05", pdf.path])
        #expect(late.status == 2)
        #expect(late.stderr.contains(pdf.path) && late.stderr.contains("--deadline"), "\(late.stderr)")
        let long = try CardscanProcess.run(["scan", "--dry-run", "--json", "--max-pages", "2", pdf.path])
        #expect(long.status == 2)
        #expect(long.stderr.contains("--max-pages 3"), "\(long.stderr)")
        let invalid = try CardscanProcess.run(["scan", "--dry-run", "--deadline", "-1", pdf.path])
        #expect(invalid.status == 64)
    }
}
