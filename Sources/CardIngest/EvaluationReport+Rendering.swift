import Foundation

extension EvaluationReport {
    /// A plain-text table: one row per field with precision, recall, F1 and counts.
    public func renderTable() -> String {
        func pct(_ value: Double?) -> String {
            guard let value else { return "    -" }
            return String(format: "%5.1f", value * 100)
        }
        var lines: [String] = []
        lines.append("field        precision  recall     F1     tp    fp    fn")
        for field in Self.fields {
            guard let s = scores[field], s.truePositives + s.falsePositives + s.falseNegatives > 0 else { continue }
            lines.append(
                field.padding(toLength: 12, withPad: " ", startingAt: 0)
                    + "     \(pct(s.precision))   \(pct(s.recall))  \(pct(s.f1))"
                    + String(format: "  %5d %5d %5d", s.truePositives, s.falsePositives, s.falseNegatives))
        }
        lines.append("")
        lines.append(
            String(
                format: "cards with every field right: %d/%d (%.1f%%)", cardsAllRight, cardsTotal, allRightShare * 100))
        if phonesMatched > 0 {
            lines.append(
                String(
                    format: "phone kind right on matched phones: %d/%d (%.1f%%)", phoneKindsRight, phonesMatched,
                    Double(phoneKindsRight) / Double(phonesMatched) * 100))
        }
        if byKind.count > 1 {
            lines.append("")
            lines.append("by kind      cards  all right")
            for (kind, tally) in byKind.sorted(by: { $0.key < $1.key }) {
                lines.append(
                    kind.padding(toLength: 12, withPad: " ", startingAt: 0)
                        + String(
                            format: " %5d  %5.1f%%", tally.cards,
                            tally.cards > 0 ? Double(tally.allRight) / Double(tally.cards) * 100 : 0))
            }
        }
        lines.append("")
        lines.append("images: \(images), failed to read: \(failures.count)")
        return lines.joined(separator: "\n")
    }

    /// The report as a JSON object (stable keys, for scripts that track accuracy over time).
    public func json(includeMisses: Bool) throws -> String {
        struct FieldJSON: Encodable {
            let precision: Double?
            let recall: Double?
            let f1: Double?
            let tp: Int
            let fp: Int
            let fn: Int
        }
        struct KindJSON: Encodable {
            let cards: Int
            let all_right: Int
        }
        struct FailureJSON: Encodable {
            let path: String
            let reason: String
        }
        struct ReportJSON: Encodable {
            let images: Int
            let cards: Int
            let cards_all_right: Int
            let all_right_share: Double
            let fields: [String: FieldJSON]
            let phone_kind_accuracy: Double?
            let by_kind: [String: KindJSON]
            let failures: [FailureJSON]
            let misses: [FieldMiss]?
        }
        var fieldsJSON: [String: FieldJSON] = [:]
        for (name, s) in scores {
            fieldsJSON[name] = FieldJSON(
                precision: s.precision, recall: s.recall, f1: s.f1, tp: s.truePositives, fp: s.falsePositives,
                fn: s.falseNegatives)
        }
        let report = ReportJSON(
            images: images, cards: cardsTotal, cards_all_right: cardsAllRight, all_right_share: allRightShare,
            fields: fieldsJSON,
            phone_kind_accuracy: phonesMatched > 0 ? Double(phoneKindsRight) / Double(phonesMatched) : nil,
            by_kind: byKind.mapValues { KindJSON(cards: $0.cards, all_right: $0.allRight) },
            failures: failures.map { FailureJSON(path: $0.path, reason: $0.reason) },
            misses: includeMisses ? misses : nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    /// One line per miss: image, card, field, expected and got (for developers; holds card text).
    public func renderMisses() -> String {
        misses.map { miss in
            let image = (miss.image as NSString).lastPathComponent
            return "\(image)#\(miss.card) \(miss.field): expected \(miss.expected.map { "\"\($0)\"" } ?? "nothing")"
                + ", got \(miss.got.map { "\"\($0)\"" } ?? "nothing")"
        }.joined(separator: "\n")
    }
}
