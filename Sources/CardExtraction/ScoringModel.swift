import Foundation

/// The named evidence found on one line: a value per feature (1 for "present") and, for the
/// features a reviewer should see, the reason text shown beside the chosen value.
public struct Features: Sendable, Hashable {
    public private(set) var values: [String: Double] = [:]
    public private(set) var reasons: [String: String] = [:]

    public init() {}

    mutating func set(_ name: String, _ value: Double = 1, reason: String? = nil) {
        values[name] = value
        if let reason { reasons[name] = reason }
    }

    public subscript(name: String) -> Double { values[name] ?? 0 }
}

/// The weights that turn a line's features into a score per field, and the tables that turn
/// the extractor's raw confidences into calibrated ones.
///
/// Fitted from labelled cards by `scripts/fit-scoring` and kept in
/// `models/scoring/weights.json` with what they were fitted on; the copy compiled into the
/// binary is `Generated/GeneratedScoringModel.swift` (a test keeps the two equal). A line's
/// score for a field is `bias + Σ weight × feature`: the log-odds that the line is that field,
/// so 0 is the point where taking the line beats leaving the field empty.
public struct ScoringModel: Sendable, Hashable, Codable {
    /// Weights of one field.
    public struct FieldWeights: Sendable, Hashable, Codable {
        public var bias: Double
        public var weights: [String: Double]
    }

    /// A monotone map from the extractor's raw confidence to the share of such values that are
    /// right, fitted out of fold by `scripts/fit-scoring` (which picks the form and the weight of
    /// generated cards by leave-one-source-out calibration error on the real tuning cards).
    public enum Calibration: Sendable, Hashable, Codable {
        /// Platt scaling on the raw confidence's log-odds: `σ(intercept + slope × logit(raw))`.
        /// JSON `{"intercept": a, "slope": b}`.
        case logistic(intercept: Double, slope: Double)
        /// Isotonic regression's steps: points (raw, calibrated) sorted by raw, interpolated
        /// linearly between them and flat outside. JSON `{"raw": [...], "calibrated": [...]}`.
        case table(raw: [Double], calibrated: [Double])

        public func apply(_ x: Double) -> Double {
            switch self {
            case .logistic(let intercept, let slope):
                let p = min(max(x, 0.001), 0.999)
                return 1 / (1 + exp(-(intercept + slope * log(p / (1 - p)))))
            case .table(let raw, let calibrated):
                guard let first = raw.first, let last = raw.last, raw.count == calibrated.count else { return x }
                if x <= first { return calibrated[0] }
                if x >= last { return calibrated[calibrated.count - 1] }
                var lo = 0
                var hi = raw.count - 1
                while hi - lo > 1 {
                    let mid = (lo + hi) / 2
                    if raw[mid] <= x { lo = mid } else { hi = mid }
                }
                let span = raw[hi] - raw[lo]
                let t = span > 0 ? (x - raw[lo]) / span : 0
                return calibrated[lo] + t * (calibrated[hi] - calibrated[lo])
            }
        }

        private enum CodingKeys: String, CodingKey {
            case intercept, slope, raw, calibrated
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            if c.contains(.slope) {
                self = .logistic(
                    intercept: try c.decode(Double.self, forKey: .intercept),
                    slope: try c.decode(Double.self, forKey: .slope))
            } else {
                self = .table(
                    raw: try c.decode([Double].self, forKey: .raw),
                    calibrated: try c.decode([Double].self, forKey: .calibrated))
            }
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .logistic(let intercept, let slope):
                try c.encode(intercept, forKey: .intercept)
                try c.encode(slope, forKey: .slope)
            case .table(let raw, let calibrated):
                try c.encode(raw, forKey: .raw)
                try c.encode(calibrated, forKey: .calibrated)
            }
        }
    }

    /// How the address finder grows a run of address lines from the lines' address log-odds
    /// (`fields.address`): a line at `seed` or above starts a run, one at `continue` or above
    /// (or below a line ending in a comma, or beside a run's line, down to `floor`) goes on.
    public struct AddressRun: Sendable, Hashable, Codable {
        public var seed: Double
        public var `continue`: Double
        public var floor: Double
    }

    /// How much the measured type sizes of lines printed in one type differ: ratios of one line's
    /// size over its neighbour's, both ways, among the lines of one printed address (one type on
    /// nearly every card) on the tuning cards. `same` holds the central 95% of them (two lines in
    /// the same type: a wrapped company name or title), `similar` the central 99% (a company's
    /// legal-form line under its name, an address line beside the run). A capital or ascender
    /// line measures a little taller than a lower-case one in the same type ("Ixna" 25 px /
    /// "Family Health Care" 26 px). Fitted by `scripts/fit-scoring --only-type-sizes`.
    public struct TypeSizes: Sendable, Hashable, Codable {
        public var same: [Double]
        public var similar: [Double]

        /// Ratios of two lines in the same type.
        public var sameType: ClosedRange<Double> { same[0]...same[1] }
        /// Ratios of two lines in a similar type.
        public var similarType: ClosedRange<Double> { similar[0]...similar[1] }

        enum CodingKeys: String, CodingKey {
            case same, similar
        }

        /// Each band is `[lower, upper]` with lower <= upper: a file that says otherwise is
        /// refused when it is read (`--weights`), not when a card is extracted.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            same = try c.decode([Double].self, forKey: .same)
            similar = try c.decode([Double].self, forKey: .similar)
            for (key, band) in [(CodingKeys.same, same), (.similar, similar)]
            where band.count != 2 || !(band[0] <= band[1]) {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: c,
                    debugDescription: "expected [lower, upper] with lower <= upper, got \(band)")
            }
        }
    }

    /// What the weights were fitted on, and how (shown by `cardscan eval`).
    public var fittedOn: String
    /// Per text field (`name`, `title`, `department`, `company`), and `address`: the log-odds
    /// that a line is part of the address.
    public var fields: [String: FieldWeights]
    /// Thresholds of the address finder on the `address` log-odds.
    public var addressRun: AddressRun
    /// Layout bonuses of the joint assignment: a title directly below the name, a department
    /// directly below the title.
    public var nameAboveTitle: Double
    public var titleAboveDepartment: Double
    /// Per output field (`name`, ..., `phones`, `emails`, `websites`): raw -> calibrated
    /// confidence. A field without a table keeps its raw confidence.
    public var calibration: [String: Calibration]
    /// A line whose every field score is below this fits no field: titles and departments
    /// printed on two lines take such a line as their continuation (TitleLines). nil means 0.
    /// Log-odds are stricter than the hand-set scores were, so the fitted model sets it lower.
    public var fitsNoFieldBelow: Double?
    /// Confidence of a QR code's URL on another domain than the card's printed emails and
    /// websites, or on a card that prints none: the share of such websites that were right on
    /// the tuning cards (Laplace smoothed). nil keeps a coded value's 0.95.
    public var urlCodeElsewhere: Double?
    /// Type-size ratios that count as one type, or a similar one.
    public var typeSizes: TypeSizes
    /// The most space between two lines of one printed stack (a wrapped company name or title, a
    /// seniority above its role), in the upper line's heights: the 99th percentile of the gaps
    /// between neighbouring lines of printed addresses on the tuning cards. Fitted by
    /// `scripts/fit-scoring --only-line-gap`; nil means one line height.
    public var lineGap: Double?
    /// The widest gap, in line heights, at which two lines of one row are one word that OCR cut
    /// in two (`SplitRows`): below nearly every word space between sure words of the tuning
    /// cards. Fitted by `scripts/fit-scoring --only-split-row-gap`; nil joins no lines.
    public var splitRowGap: Double?
    /// Below this OCR confidence a "9" that opens a line before a number or a capitalised word is
    /// the pin icon, not a house number: the lowest confidence of a one- or two-digit house number
    /// opening an address line on the tuning cards. Fitted by `scripts/fit-scoring
    /// --only-pin-digit-below`; nil keeps every such 9.
    public var pinDigitBelow: Double?

    enum CodingKeys: String, CodingKey {
        case fittedOn = "fitted_on"
        case fields
        case nameAboveTitle = "name_above_title"
        case titleAboveDepartment = "title_above_department"
        case calibration
        case fitsNoFieldBelow = "fits_no_field_below"
        case addressRun = "address_run"
        case urlCodeElsewhere = "url_code_elsewhere"
        case typeSizes = "type_sizes"
        case lineGap = "line_gap"
        case splitRowGap = "split_row_gap"
        case pinDigitBelow = "pin_digit_below"
    }

    /// The model compiled into the binary (models/scoring/weights.json).
    public static let standard: ScoringModel = {
        do {
            return try ScoringModel.decode(Data(GeneratedScoringModel.json.utf8))
        } catch {
            // The freshness test decodes the same text: a broken file never reaches a release.
            preconditionFailure("models/scoring/weights.json does not decode: \(error)")
        }
    }()

    /// Reads a model from JSON (the format of models/scoring/weights.json).
    public static func decode(_ data: Data) throws -> ScoringModel {
        try JSONDecoder().decode(ScoringModel.self, from: data)
    }

    func score(_ field: TextField, _ features: Features) -> Double { score(field.key, features) }

    /// The log-odds that a line is part of the address.
    func addressScore(_ features: Features) -> Double { score("address", features) }

    /// The features that raised the field's score and have a reason to show, with what they added.
    func reasons(_ field: TextField, _ features: Features) -> [(text: String, weight: Double)] {
        reasons(field.key, features)
    }

    /// The reasons of the features that raised the address score, strongest first.
    func addressReasons(_ features: Features) -> [String] { reasons("address", features).map(\.text) }

    private func score(_ key: String, _ features: Features) -> Double {
        guard let w = fields[key] else { return -1 }
        var total = w.bias
        // In name order: a sum in hash order differs in the last bits from run to run, and the
        // joint assignment breaks exact ties by line order.
        for name in features.values.keys.sorted() { total += (w.weights[name] ?? 0) * features[name] }
        return total
    }

    private func reasons(_ key: String, _ features: Features) -> [(text: String, weight: Double)] {
        guard let w = fields[key] else { return [] }
        return features.reasons.compactMap { name, text in
            let added = (w.weights[name] ?? 0) * features[name]
            return added > 0 ? (text, added) : nil
        }.sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.text < $1.text }
    }

    /// The calibrated confidence of a value of `field` (an output key such as `name` or `phones`).
    public func calibrate(_ field: String, _ raw: Double) -> Double {
        guard let table = calibration[field] else { return raw }
        return min(1, max(0, table.apply(raw)))
    }
}
