import CardExtraction
import CardModel
import Foundation
import Testing

/// Self-check on OCR'd test images; prints only. Runs when CARDSCAN_EXTRACT_EVAL names a folder
/// of `<image>.page.json` (RecognizedPage JSON) files with `<image>.truth.json` beside the
/// images in CARDSCAN_EXTRACT_TRUTH.
@Test(.enabled(if: ProcessInfo.processInfo.environment["CARDSCAN_EXTRACT_EVAL"] != nil))
func evaluationHarnessPrintsAccuracy() throws {
    let env = ProcessInfo.processInfo.environment
    let pagesDir = URL(fileURLWithPath: env["CARDSCAN_EXTRACT_EVAL"] ?? "")
    let truthDir = URL(fileURLWithPath: env["CARDSCAN_EXTRACT_TRUTH"] ?? "")
    let verbose = env["CARDSCAN_EXTRACT_VERBOSE"] != nil
    let files = try FileManager.default.contentsOfDirectory(atPath: pagesDir.path).filter {
        $0.hasSuffix(".page.json")
    }.sorted()
    var tp: [String: Int] = [:]
    var fp: [String: Int] = [:]
    var fn: [String: Int] = [:]
    let foldAccents = env["CARDSCAN_EXTRACT_FOLD"] != nil
    func norm(_ s: String?) -> String? {
        s.map { v in
            // Like `cardscan eval`: case folded, punctuation and symbols dropped.
            let t = foldAccents ? v.folding(options: [.diacriticInsensitive], locale: nil) : v
            let cleaned = String(
                t.precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars.map {
                    u -> Character in
                    CharacterSet.punctuationCharacters.contains(u) || CharacterSet.symbols.contains(u)
                        ? " " : Character(u)
                })
            let words = cleaned.split(separator: " ")
            return words.allSatisfy({
                $0.unicodeScalars.allSatisfy {
                    $0.properties.isIdeographic || $0.properties.numericType != nil
                }
            })
                ? words.joined() : words.joined(separator: " ")
        }
    }
    var pageKey = ""
    var calibration: [(Double, Bool)] = []
    func squash(_ s: String) -> String { String(s.lowercased().filter { !$0.isWhitespace && $0 != "," }) }
    func count(_ field: String, predicted: [String], truth: [String], file: String) {
        var remaining = truth
        for p in predicted {
            if let i = remaining.firstIndex(of: p) {
                remaining.remove(at: i)
                tp[field, default: 0] += 1
            } else {
                fp[field, default: 0] += 1
            }
        }
        fn[field, default: 0] += remaining.count
        if Set(predicted) != Set(truth) {
            let readable = truth.allSatisfy { pageKey.contains(squash($0)) }
            print("MISS\(readable ? "+" : "-") \(field) \(file): got \(predicted) want \(truth)")
        }
    }
    for file in files {
        // <stem>#<card>.page.json: one OCR'd card of the image <stem>.
        let image = String(file.dropLast(".page.json".count))
        let parts = image.split(separator: "#")
        guard parts.count == 2, let cardIndex = Int(parts[1]) else { continue }
        let truthURL = truthDir.appendingPathComponent(parts[0] + ".truth.json")
        guard let truthData = try? Data(contentsOf: truthURL),
            let truth = try? JSONDecoder().decode(TruthFile.self, from: truthData),
            cardIndex < truth.cards.count
        else { continue }
        let card = truth.cards[cardIndex]
        let page = try JSONDecoder().decode(
            RecognizedPage.self, from: Data(contentsOf: pagesDir.appendingPathComponent(file)))
        pageKey = squash(page.text)
        let result = extractor.explain(page)
        let f = result.fields
        for field in FieldName.cardText {
            let key = field.key
            let want = card[field]
            count(
                key, predicted: [norm(f[field]?.value)].compactMap { $0 },
                truth: [norm(want)].compactMap { $0 }, file: image)
            if let got = f[field] {
                calibration.append((got.confidence, norm(got.value) == norm(want)))
                if norm(got.value) != norm(want), env["CARDSCAN_EXTRACT_CAL"] != nil {
                    print(
                        "CALMISS \(key) \(got.confidence) \(got.value) | \(want ?? "nil") | \(got.evidence ?? "")"
                    )
                }
            }
        }
        count(
            "phone.e164", predicted: f.phones.map { $0.e164 ?? $0.value },
            truth: card.phones.map { $0.e164 ?? $0.value }, file: image)
        count(
            "phone.kind", predicted: f.phones.map { "\($0.e164 ?? $0.value) \($0.kind)" },
            truth: card.phones.map { "\($0.e164 ?? $0.value) \($0.kind)" }, file: image)
        count("phone.value", predicted: f.phones.map(\.value), truth: card.phones.map(\.value), file: image)
        count(
            "emails", predicted: f.emails.map(\.value), truth: card.emails.map { $0.lowercased() },
            file: image)
        func site(_ s: String) -> String {
            var t = s.lowercased()
            for p in ["https://", "http://", "www."] where t.hasPrefix(p) { t.removeFirst(p.count) }
            if t.hasPrefix("www.") { t.removeFirst(4) }
            while t.hasSuffix("/") { t.removeLast() }
            return t
        }
        count(
            "websites", predicted: f.websites.map { site($0.value) }, truth: card.websites.map { site($0) },
            file: image)
        if verbose {
            print("---- \(image) regions \(result.regions)")
            for l in result.lines {
                print(
                    "   \(l.field ?? "-") | \(l.text) | \(Int(l.fontSize)) | \(l.scores.sorted { $0.key < $1.key }.map { "\($0.key.prefix(4))=\($0.value)" }.joined(separator: " "))"
                )
            }
        }
    }
    for (lo, hi) in [(0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01)] {
        let bucket = calibration.filter { $0.0 >= lo && $0.0 < hi }
        let right = bucket.filter(\.1).count
        print(
            String(
                format: "CAL %.2f-%.2f: %3d fields, %.2f right", lo, hi, bucket.count,
                bucket.isEmpty ? 0 : Double(right) / Double(bucket.count)))
    }
    for key in tp.keys.sorted() + fn.keys.filter({ tp[$0] == nil }).sorted() {
        let t = Double(tp[key] ?? 0)
        let p = Double(fp[key] ?? 0)
        let n = Double(fn[key] ?? 0)
        let precision = t + p > 0 ? t / (t + p) : 1
        let recall = t + n > 0 ? t / (t + n) : 1
        let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
        print(
            String(
                format: "F1 %-12@ %.3f  (P %.3f R %.3f  tp %d fp %d fn %d)", key as NSString, f1, precision,
                recall, Int(t), Int(p), Int(n)))
    }
}
