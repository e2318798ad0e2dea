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
        if unreadableFields > 0 {
            lines.append("fields the labels could not read (cut off; not scored): \(unreadableFields)")
        }
        return lines.joined(separator: "\n")
    }

    /// The report as a JSON object (stable keys, for scripts that track accuracy over time).
    public func json(includeMisses: Bool, splits: [String: EvaluationReport] = [:]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(jsonValue(includeMisses: includeMisses, splits: splits)), as: UTF8.self)
    }

    /// The JSON object, with one nested report per split (`splits.tune`, `splits.check`).
    func jsonValue(includeMisses: Bool, splits: [String: EvaluationReport]) -> some Encodable {
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
            let unreadable_fields: Int
            let cards: Int
            let cards_all_right: Int
            let all_right_share: Double
            let fields: [String: FieldJSON]
            let phone_kind_accuracy: Double?
            let by_kind: [String: KindJSON]
            let failures: [FailureJSON]
            let misses: [FieldMiss]?
            let reliability: Reliability
            let loss_sources: [String: LossSource]
            let splits: [String: ReportJSON]?
        }
        func make(_ r: EvaluationReport, splits: [String: ReportJSON]?) -> ReportJSON {
        var fieldsJSON: [String: FieldJSON] = [:]
        for (name, s) in r.scores {
            fieldsJSON[name] = FieldJSON(
                precision: s.precision, recall: s.recall, f1: s.f1, tp: s.truePositives, fp: s.falsePositives,
                fn: s.falseNegatives)
        }
        return ReportJSON(
            images: r.images, unreadable_fields: r.unreadableFields, cards: r.cardsTotal, cards_all_right: r.cardsAllRight, all_right_share: r.allRightShare,
            fields: fieldsJSON,
            phone_kind_accuracy: r.phonesMatched > 0 ? Double(r.phoneKindsRight) / Double(r.phonesMatched) : nil,
            by_kind: r.byKind.mapValues { KindJSON(cards: $0.cards, all_right: $0.allRight) },
            failures: r.failures.map { FailureJSON(path: $0.path, reason: $0.reason) },
            misses: includeMisses ? r.misses : nil, reliability: r.reliability, loss_sources: r.lossSources,
            splits: splits)
        }
        let nested = splits.mapValues { make($0, splits: nil) }
        return make(self, splits: nested.isEmpty ? nil : nested)
    }

    /// One line per miss: image, card, field, expected and got, and for a missed value whether
    /// the OCR text held it (for developers; holds card text).
    public func renderMisses() -> String {
        misses.map { miss in
            let image = (miss.image as NSString).lastPathComponent
            return "\(image)#\(miss.card) \(miss.field): expected \(miss.expected.map { "\"\($0)\"" } ?? "nothing")"
                + ", got \(miss.got.map { "\"\($0)\"" } ?? "nothing")"
                + (miss.inOCRText.map { $0 ? "  [in OCR text]" : "  [not in OCR text]" } ?? "")
        }.joined(separator: "\n")
    }
}

/// How well confidences match the share of values that are right.
public struct Reliability: Sendable, Hashable, Codable {
    /// One confidence bucket: its bounds, how many values fell in it, their mean confidence and
    /// the share of them that were right.
    public struct Bucket: Sendable, Hashable, Codable {
        public var lower: Double
        public var upper: Double
        public var count: Int
        public var meanConfidence: Double
        public var shareRight: Double
    }

    public var buckets: [Bucket]
    /// Expected calibration error: the count-weighted mean of |share right - mean confidence|.
    public var expectedCalibrationError: Double
    /// Values with confidence >= 0.9, and the share of them that were right.
    public var highCount: Int
    public var highShareRight: Double?
    /// The same per field: where the confident values that are wrong come from.
    public var highByField: [String: High]

    /// Values of one field with confidence >= 0.9, and the share of them that were right.
    public struct High: Sendable, Hashable, Codable {
        public var count: Int
        public var shareRight: Double
    }

    /// Bucket edges: tenths below 0.9, then 0.9-0.95 and 0.95-1 where review decisions are made.
    public static let edges: [Double] = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0000001]

    public init(_ observations: [ConfidenceObservation]) {
        var buckets: [Bucket] = []
        var ece = 0.0
        for (lower, upper) in zip(Self.edges, Self.edges.dropFirst()) {
            let inside = observations.filter { $0.confidence >= lower && $0.confidence < upper }
            guard !inside.isEmpty else { continue }
            let mean = inside.map(\.confidence).reduce(0, +) / Double(inside.count)
            let right = Double(inside.filter(\.right).count) / Double(inside.count)
            buckets.append(
                Bucket(lower: lower, upper: min(1, upper), count: inside.count, meanConfidence: mean, shareRight: right))
            ece += Double(inside.count) / Double(observations.count) * abs(right - mean)
        }
        self.buckets = buckets
        expectedCalibrationError = observations.isEmpty ? 0 : ece
        let high = observations.filter { $0.confidence >= 0.9 }
        highCount = high.count
        highShareRight = high.isEmpty ? nil : Double(high.filter(\.right).count) / Double(high.count)
        highByField = Dictionary(grouping: high, by: \.field).mapValues { values in
            High(count: values.count, shareRight: Double(values.filter(\.right).count) / Double(values.count))
        }
    }

    /// The table `eval` prints.
    public func render() -> String {
        var lines = ["confidence    values  mean conf  share right"]
        for b in buckets {
            lines.append(
                String(
                    format: "%.2f-%.2f   %7d     %5.3f       %5.3f", b.lower, b.upper, b.count, b.meanConfidence,
                    b.shareRight))
        }
        var summary = String(format: "expected calibration error: %.3f", expectedCalibrationError)
        if let highShareRight {
            summary += String(format: "; confidence >= 0.9: %d values, %.1f%% right", highCount, highShareRight * 100)
        }
        lines.append(summary)
        if !highByField.isEmpty {
            let byField = highByField.sorted { $0.key < $1.key }.map { field, high in
                "\(field) \(high.count) (" + String(format: "%.1f%%", high.shareRight * 100) + ")"
            }
            lines.append("confidence >= 0.9 by field: " + byField.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}

extension EvaluationReport {
    /// The reliability of every returned value's confidence.
    public var reliability: Reliability { Reliability(observations) }

    /// Where each field's misses come from: OCR (the text lacks the value) or extraction.
    public func renderLossSources() -> String {
        var lines = ["field        expected  found  missed: text in OCR (extraction)  not in OCR text (OCR)"]
        for field in Self.fields {
            guard let l = lossSources[field], l.expected > 0 else { continue }
            lines.append(
                field.padding(toLength: 12, withPad: " ", startingAt: 0)
                    + String(
                        format: " %8d  %5d  %32d  %21d", l.expected, l.found, l.missedInText, l.missedNotInText))
        }
        let total = lossSources.values.reduce(into: LossSource()) {
            $0.expected += $1.expected
            $0.found += $1.found
            $0.missedInText += $1.missedInText
            $0.missedNotInText += $1.missedNotInText
        }
        let missed = total.missedInText + total.missedNotInText
        if missed > 0 {
            lines.append(
                String(
                    format: "of %d missed values, %.0f%% were in the OCR text (extraction lost them), %.0f%% were not (OCR lost them)",
                    missed, Double(total.missedInText) / Double(missed) * 100,
                    Double(total.missedNotInText) / Double(missed) * 100))
        }
        return lines.joined(separator: "\n")
    }
}
