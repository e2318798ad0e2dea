import Testing

@testable import CardIngest

@Suite("Benchmark")
struct BenchmarkTests {
    @Test("files are grouped by the models they were read with, against tesseract's CPU on the same files")
    func groupsByModels() throws {
        // By position in the file list (a path listed twice by --repeat-files counts twice).
        let files: [Int: (models: String, ms: Double)] = [0: ("Latin", 400), 1: ("Latin", 600), 2: ("jpn+eng", 1800)]
        let tesseract = [0: 500.0, 1: 500.0, 2: 600.0]
        let groups = Benchmark.groups(files, tesseract: tesseract)
        #expect(groups.map(\.models) == ["Latin", "jpn+eng"])
        #expect(groups[0].files == 2)
        #expect(groups[0].pipelineMs == 1000)
        #expect(groups[0].ratio == 1.0)
        #expect(groups[1].ratio == 3.0)

        var report = BenchmarkReport(
            files: 3, stageMeans: CardTimings(), single: .init(workers: 1, wallSeconds: 3, cpuSeconds: 3, cards: 3, files: 3, failed: 0),
            parallel: nil, tesseract: nil, peakMemoryMiB: 1)
        report.byModels = groups
        let table = report.renderTable()
        #expect(table.contains("jpn+eng               1              1800               600  3.00x"))
    }

    @Test("without the tesseract run the groups carry no ratio")
    func groupsWithoutBaseline() {
        let groups = Benchmark.groups([0: ("Latin", 400)], tesseract: nil)
        #expect(groups.count == 1)
        #expect(groups[0].tesseractMs == nil)
        #expect(groups[0].ratio == nil)
    }
}
