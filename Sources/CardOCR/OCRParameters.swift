import Foundation

/// Numbers of the reading pipeline that come from measurements on real cards rather than from
/// a card's geometry: kept in `models/ocr/parameters.json` with what they were fitted on
/// (`scripts/fit-ocr-parameters`), compiled in by `scripts/build-scoring-model`.
public struct OCRParameters: Codable, Hashable, Sendable {
    /// Reading a card again larger when its text came out small (`PreprocessStage.enlarge`).
    ///
    /// The card's size, and so its scale, is a guess when no card was found and the whole
    /// image is read (a phone photo the card does not fill): its text can come out far below
    /// the ~8 pt at 300 DPI where Tesseract's accuracy falls. The first reading measures the
    /// text: when the median height of its words (three or more letters or digits) is below
    /// `minWordHeight` pixels and their mean confidence below `maxMeanConfidence`, the image
    /// is prepared again from the source at `targetFactor * minWordHeight / height` times the
    /// scale (at most `maxEnlarge`) and read again; the reading with more confident letters
    /// wins. A found card's scale comes from its size and is not second-guessed.
    public struct SmallText: Codable, Hashable, Sendable {
        public var minWordHeight: Double
        public var maxMeanConfidence: Double
        public var targetFactor: Double
        public var maxEnlarge: Double

        public init(minWordHeight: Double, maxMeanConfidence: Double, targetFactor: Double, maxEnlarge: Double) {
            self.minWordHeight = minWordHeight
            self.maxMeanConfidence = maxMeanConfidence
            self.targetFactor = targetFactor
            self.maxEnlarge = maxEnlarge
        }

        /// The enlargement for a whole-image reading whose words have median height `height`
        /// and mean confidence `confidence`, or nil when it is read well enough.
        public func enlargement(forWordHeight height: Double, confidence: Double) -> Double? {
            guard minWordHeight > 0, height > 0, height < minWordHeight, confidence < maxMeanConfidence else {
                return nil
            }
            return min(maxEnlarge, targetFactor * minWordHeight / height)
        }

        enum CodingKeys: String, CodingKey {
            case minWordHeight = "min_word_height"
            case maxMeanConfidence = "max_mean_confidence"
            case targetFactor = "target_factor"
            case maxEnlarge = "max_enlarge"
        }
    }

    public var smallText: SmallText

    public init(smallText: SmallText) { self.smallText = smallText }

    enum CodingKeys: String, CodingKey {
        case smallText = "small_text"
    }

    /// The parameters compiled into the binary (models/ocr/parameters.json).
    public static let fitted: OCRParameters = {
        do {
            return try OCRParameters.decode(Data(GeneratedOCRParameters.json.utf8))
        } catch {
            // The freshness test decodes the same text: a broken file never reaches a release.
            preconditionFailure("models/ocr/parameters.json does not decode: \(error)")
        }
    }()

    /// Reads parameters from JSON (the format of models/ocr/parameters.json; other keys, such as
    /// the fit's record, are ignored).
    public static func decode(_ data: Data) throws -> OCRParameters {
        try JSONDecoder().decode(OCRParameters.self, from: data)
    }
}
