import CardOCR
import Foundation
import Logging
import Testing

@Test func devScratch() throws {
    guard let files = ProcessInfo.processInfo.environment["CARDOCR_DEV"] else { return }
    let r = try TesseractRecognizer(options: OCROptions(disabledStages: Set((ProcessInfo.processInfo.environment["SKIP"] ?? "").split(separator: ",").compactMap { PreprocessStage(rawValue: String($0)) }), debugImageDirectory: ProcessInfo.processInfo.environment["DBG"].map { URL(fileURLWithPath: $0) }), logger: Logger(label: "dev"))
    for f in files.split(separator: ",") {
        do {
            let cards = try r.recognizeCards(inFileAt: URL(fileURLWithPath: String(f)))
            for c in cards {
                print("== \(f) card \(c.index) bbox \(c.bbox) rot \(c.rotation) skew \(c.skew) \(c.timings)")
                for l in c.recognized.lines { print("  [\(l.block).\(l.paragraph)] \(String(format: "%.2f", l.confidence)) \(l.box) \(l.text)") }
            }
        } catch { print("== \(f) ERROR \(error)") }
    }
}
