import Foundation
import CardModel

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

    /// Reading unsure lines again, one at a time and larger (`PreprocessStage.reread`).
    ///
    /// Tesseract reads a whole card in sparse-text mode at one scale; a line it was unsure of
    /// (a wordmark in a display face, small print in a photo, a line beside a logo) often reads
    /// better cropped out alone (single-line mode) and scaled up to a text height where its
    /// model is surest. After the card's reading, each line of three or more letters or digits
    /// whose mean word confidence is below `maxLineConfidence` is cropped from the card image,
    /// scaled so its box is `targetHeight` pixels high (at most `maxScale` times, never
    /// smaller) and read again; the new reading replaces the line when its mean confidence is
    /// at least `minGain` higher and it keeps 60% of the letters and digits. E-mail and web
    /// lines have their own second reading and are left alone.
    public struct UnsureLines: Codable, Hashable, Sendable {
        /// Lines read with less mean word confidence are read again; 0 switches it off.
        public var maxLineConfidence: Double
        public var targetHeight: Double
        public var maxScale: Double
        public var minGain: Double

        public init(maxLineConfidence: Double, targetHeight: Double, maxScale: Double, minGain: Double) {
            self.maxLineConfidence = maxLineConfidence
            self.targetHeight = targetHeight
            self.maxScale = maxScale
            self.minGain = minGain
        }

        /// Switched off: what a parameters file without `unsure_lines` means.
        public static let off = UnsureLines(maxLineConfidence: 0, targetHeight: 48, maxScale: 3, minGain: 0.05)

        /// Whether a line with this mean word confidence is read again.
        public func rereads(confidence: Double) -> Bool { confidence < maxLineConfidence }

        /// The scale for a line box `height` pixels high: up to the target height, within the cap.
        public func scale(forLineHeight height: Int) -> Double {
            guard height > 0 else { return 1 }
            return min(maxScale, max(1, targetHeight / Double(height)))
        }

        /// Whether a second reading (`confidence`, `alphanumerics` letters and digits) replaces
        /// the first (`firstConfidence`, `firstAlphanumerics`).
        public func keeps(
            confidence: Double, alphanumerics: Int, over firstConfidence: Double, firstAlphanumerics: Int
        ) -> Bool {
            confidence >= firstConfidence + minGain && Double(alphanumerics) >= 0.6 * Double(firstAlphanumerics)
        }

        enum CodingKeys: String, CodingKey {
            case maxLineConfidence = "max_line_confidence"
            case targetHeight = "target_height"
            case maxScale = "max_scale"
            case minGain = "min_gain"
        }
    }

    /// Lines that end before their ink does, read again extended over it (stage `extend`).
    public struct CutLines: Codable, Hashable, Sendable {
        /// Share of dark pixels in the two line heights after a line's end from which the line
        /// counts as cut short; 0 switches the stage off.
        public var minInk: Double
        /// The extension follows the ink until a gap of this many line heights.
        public var maxGap: Double
        /// Mean word confidence the longer reading needs.
        public var minConfidence: Double

        public init(minInk: Double, maxGap: Double, minConfidence: Double) {
            self.minInk = minInk
            self.maxGap = maxGap
            self.minConfidence = minConfidence
        }

        /// Switched off: what a parameters file without `cut_lines` means.
        public static let off = CutLines(minInk: 0, maxGap: 1.2, minConfidence: 0.6)

        /// Whether the extended reading `second` (with its `words`) replaces the line's `first`
        /// one, which ended at `end` (x) in type `height` pixels high: it says more letters or
        /// digits, begins with what the line said (one letter or digit in eight may
        /// differ), and every word it adds after the old end is sure (`minConfidence`) and holds
        /// two or more letters or digits: an icon or the card's edge read as "7", "b}" or "——"
        /// after a line is no extension.
        public func keeps(first: String, second: String, words: [RecognizedWord], end: Int, height: Int) -> Bool {
            func alphanumerics(_ s: String) -> [Character] {
                s.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init)
            }
            let a = alphanumerics(first)
            let b = alphanumerics(second)
            guard b.count > a.count, !words.isEmpty else { return false }
            let added = words.filter { $0.box.x >= end - height / 4 }
            guard added.allSatisfy({ $0.confidence >= minConfidence && alphanumerics($0.text).count >= 2 }) else {
                return false
            }
            let allowed = a.count / 8
            return ContactNormalizer.editDistance(a, Array(b.prefix(a.count)), limit: allowed) <= allowed
        }

        enum CodingKeys: String, CodingKey {
            case minInk = "min_ink"
            case maxGap = "max_gap"
            case minConfidence = "min_confidence"
        }
    }

    /// Reading a card again from its darkest colour channel (stage `colour`).
    ///
    /// Tesseract gets luminance grey, in which coloured ink on white paper can be faint (a light
    /// blue, orange or green line is a light grey), while in the darkest of the three channels
    /// it is nearly black. Read that way every card, it loses on others: a coloured wordmark,
    /// panel or card turns dark with its text. So only a card whose reading was unsure (mean
    /// confidence of its letters and digits below `maxMeanConfidence`) and whose ink is
    /// coloured on neutral paper (`InkColour`) is read again from the darkest channel, and that
    /// reading is kept when its mean confidence is at least `minGain` times the first's.
    public struct ColouredInk: Codable, Hashable, Sendable {
        /// A first reading this sure (mean confidence of its letters and digits) is kept as it
        /// is; 0 switches the stage off.
        public var maxMeanConfidence: Double
        /// The second reading is kept when its mean confidence is at least this many times the
        /// first's.
        public var minGain: Double
        /// Share of the ink that must be coloured.
        public var minColouredInk: Double
        /// Most of the image that may be coloured (more is a coloured card or panel, not text).
        public var maxColouredPixels: Double
        /// Most of the image that may be ink (more is a panel or a dark card).
        public var maxInk: Double
        /// Chroma (max - min channel, 0-255) from which a pixel counts as coloured.
        public var inkChroma: Double
        /// The paper's median chroma must stay below this (neutral paper).
        public var maxPaperChroma: Double
        /// Ink is this much darker than the paper (luminance, 0-255).
        public var inkDepth: Double
        /// A whole image (no card found) counts only when its border's median luminance is
        /// within this of the paper's: the card fills the photo.
        public var borderDepth: Double
        /// Coloured paper: a card printed in light type on paper at least this saturated (the
        /// median chroma of its commonest tone, 0-255; `InkColour.paper`) is read again, as
        /// unsure readings of coloured ink are, from the darkest channel, which turns its paper
        /// dark and leaves its type light (white on red: red is dark in blue and green; in
        /// luminance it is a mid grey). 0 leaves coloured paper alone.
        public var minPaperChroma: Double

        public init(
            maxMeanConfidence: Double, minGain: Double, minColouredInk: Double, maxColouredPixels: Double,
            maxInk: Double, inkChroma: Double, maxPaperChroma: Double, inkDepth: Double, borderDepth: Double,
            minPaperChroma: Double = 0
        ) {
            self.maxMeanConfidence = maxMeanConfidence
            self.minGain = minGain
            self.minColouredInk = minColouredInk
            self.maxColouredPixels = maxColouredPixels
            self.maxInk = maxInk
            self.inkChroma = inkChroma
            self.maxPaperChroma = maxPaperChroma
            self.inkDepth = inkDepth
            self.borderDepth = borderDepth
            self.minPaperChroma = minPaperChroma
        }

        /// A file written before `min_paper_chroma` existed leaves coloured paper alone.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                maxMeanConfidence: try c.decode(Double.self, forKey: .maxMeanConfidence),
                minGain: try c.decode(Double.self, forKey: .minGain),
                minColouredInk: try c.decode(Double.self, forKey: .minColouredInk),
                maxColouredPixels: try c.decode(Double.self, forKey: .maxColouredPixels),
                maxInk: try c.decode(Double.self, forKey: .maxInk),
                inkChroma: try c.decode(Double.self, forKey: .inkChroma),
                maxPaperChroma: try c.decode(Double.self, forKey: .maxPaperChroma),
                inkDepth: try c.decode(Double.self, forKey: .inkDepth),
                borderDepth: try c.decode(Double.self, forKey: .borderDepth),
                minPaperChroma: try c.decodeIfPresent(Double.self, forKey: .minPaperChroma) ?? 0)
        }

        /// Whether a card on paper of this colour is read again from one colour channel.
        public func rereads(paperChroma: Double) -> Bool {
            minPaperChroma > 0 && paperChroma >= minPaperChroma
        }

        /// Switched off: what a parameters file without `coloured_ink` means.
        public static let off = ColouredInk(
            maxMeanConfidence: 0, minGain: 1.05, minColouredInk: 0.3, maxColouredPixels: 0.1, maxInk: 0.25,
            inkChroma: 50, maxPaperChroma: 25, inkDepth: 60, borderDepth: 40)

        /// Whether a card whose first reading has this mean confidence is looked at again.
        public func rereads(confidence: Double) -> Bool { confidence < maxMeanConfidence }

        /// Whether the darkest-channel reading (`confidence`) replaces the first (`first`).
        public func keeps(confidence: Double, over first: Double) -> Bool { confidence > minGain * first }

        enum CodingKeys: String, CodingKey {
            case maxMeanConfidence = "max_mean_confidence"
            case minGain = "min_gain"
            case minColouredInk = "min_coloured_ink"
            case maxColouredPixels = "max_coloured_pixels"
            case maxInk = "max_ink"
            case inkChroma = "ink_chroma"
            case maxPaperChroma = "max_paper_chroma"
            case inkDepth = "ink_depth"
            case borderDepth = "border_depth"
            case minPaperChroma = "min_paper_chroma"
        }
    }

    /// Light text on bands darker than the card's paper, inverted before background cleaning
    /// (`DarkBands`, part of stage `background`).
    ///
    /// On a copy of the card reduced to 256 pixels, a median filter gives each place its paper
    /// tone whatever the text's polarity. A 4-connected region whose tone is below
    /// `maxBandTone` times the card's paper tone (`maxBandToneWholeImage` when no card was found
    /// and the whole image is read: there the table or fabric around the card is darker than
    /// its paper too), that covers between `minArea` and `maxArea` of the image, spans
    /// `minSpan` of its width or height, and holds more pixels `lightLift` lighter than its
    /// tone (light text) than darker ones, is inverted.
    public struct LightOnDark: Codable, Hashable, Sendable {
        public var maxBandTone: Double
        public var maxBandToneWholeImage: Double
        public var minArea: Double
        public var maxArea: Double
        public var minSpan: Double
        public var lightLift: Double

        public init(
            maxBandTone: Double, maxBandToneWholeImage: Double, minArea: Double, maxArea: Double,
            minSpan: Double, lightLift: Double
        ) {
            self.maxBandTone = maxBandTone
            self.maxBandToneWholeImage = maxBandToneWholeImage
            self.minArea = minArea
            self.maxArea = maxArea
            self.minSpan = minSpan
            self.lightLift = lightLift
        }

        /// The limits set by hand before they were fitted: what a parameters file without
        /// `dark_bands` means.
        public static let handSet = LightOnDark(
            maxBandTone: 0.65, maxBandToneWholeImage: 0.65, minArea: 0.015, maxArea: 0.7, minSpan: 0.35,
            lightLift: 40)

        /// The tone (0-255) below which a place counts as band, for paper of tone `paper`.
        public func bandLimit(paper: Int, wholeImage: Bool) -> Int {
            Int(Double(paper) * (wholeImage ? maxBandToneWholeImage : maxBandTone))
        }

        enum CodingKeys: String, CodingKey {
            case maxBandTone = "max_band_tone"
            case maxBandToneWholeImage = "max_band_tone_whole_image"
            case minArea = "min_area"
            case maxArea = "max_area"
            case minSpan = "min_span"
            case lightLift = "light_lift"
        }
    }

    /// A phone photo in 16:9 or 9:16 showing one card on a darker desk (stage `find-cards`).
    ///
    /// Such a photo is card-shaped, so a card found on it may be a logo or a text block of a
    /// close crop, and the photo used to be read whole: wood or fabric read as text cost time
    /// (hundreds of "lines" on a fabric photo) and put strokes among the card's lines. When the
    /// one card found is brighter than the photo's border (the median of its middle half at least
    /// `minPaperLift` grey levels above the border's 90th percentile: a close crop's border is
    /// the card's own paper), the photo is read cropped to that card, at the card's scale, with
    /// everything beyond `margin` of its corners filled with its paper tone; it still counts as a
    /// photo read whole for the `enlarge` stage.
    public struct CardOnPhoto: Codable, Hashable, Sendable {
        /// Grey levels the card's paper must lie above the border's bright tenth; 0 switches it
        /// off (the photo is read whole).
        public var minPaperLift: Double
        /// The read area reaches this share of the distance from the card's centre beyond its
        /// corners (the found edge is not exact).
        public var margin: Double

        public init(minPaperLift: Double, margin: Double) {
            self.minPaperLift = minPaperLift
            self.margin = margin
        }

        /// Switched off: what a parameters file without `card_on_photo` means.
        public static let off = CardOnPhoto(minPaperLift: 0, margin: 0.03)

        /// Whether a card with this paper tone, on a photo whose border's bright tenth has tone
        /// `border`, is read alone.
        public func focuses(paper: Int, border: Int) -> Bool {
            minPaperLift > 0 && Double(paper) >= Double(border) + minPaperLift
        }

        enum CodingKeys: String, CodingKey {
            case minPaperLift = "min_paper_lift"
            case margin
        }
    }

    /// Rows of large type of a Chinese, Japanese or Korean reading read again as one line
    /// (`TesseractRecognizer.rereadLargeRows`): a line at least `minHeightRatio` times the
    /// height of the reading's median line that looks broken (unsure, or a piece of fewer than
    /// two of the script's letters without Latin ones) is widened over its row's ink (gaps up to
    /// `maxGap` line heights) and read alone with the script model; kept when all in the script,
    /// with more of its letters, read with at least `minConfidence`.
    public struct LargeRows: Codable, Hashable, Sendable {
        /// 0 switches it off.
        public var minHeightRatio: Double
        public var maxGap: Double
        public var minConfidence: Double
        /// Line heights of ink beside a short, surely read large line that no line read, or of a
        /// Han line's own box that its letters do not fill, from which the row is read again (a
        /// name's character standing apart or dropped); 0 switches that off, and a file without
        /// `min_unread_width` means 0.
        public var minUnreadWidth: Double

        public init(
            minHeightRatio: Double, maxGap: Double, minConfidence: Double, minUnreadWidth: Double = 0
        ) {
            self.minHeightRatio = minHeightRatio
            self.maxGap = maxGap
            self.minConfidence = minConfidence
            self.minUnreadWidth = minUnreadWidth
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            minHeightRatio = try container.decode(Double.self, forKey: .minHeightRatio)
            maxGap = try container.decode(Double.self, forKey: .maxGap)
            minConfidence = try container.decode(Double.self, forKey: .minConfidence)
            minUnreadWidth = try container.decodeIfPresent(Double.self, forKey: .minUnreadWidth) ?? 0
        }

        /// Switched off: what a parameters file without `large_rows` means.
        public static let off = LargeRows(minHeightRatio: 0, maxGap: 2.5, minConfidence: 0.6)

        /// Whether a large line read surely may be a name short of a letter, to be read again
        /// when its row holds `minUnreadWidth` line heights of ink no line read: one to four of
        /// the script's letters, as a name prints (no digits: an address or number row is no
        /// name; a Latin wordmark is none of the script's). Never while `minUnreadWidth` is 0.
        func mayBeShortOfALetter(_ line: RecognizedLine) -> Bool {
            minUnreadWidth > 0
                && (1...4).contains(TesseractRecognizer.nonLatinLetters(in: line.text))
                && !line.text.contains(where: \.isNumber)
        }

        /// Whether a large line read surely leaves ink of its row unread: it may be a name short
        /// of a letter (`mayBeShortOfALetter`) and `unreadWidth` line heights of ink stand
        /// beside it.
        func leavesInkUnread(_ line: RecognizedLine, unreadWidth: Double) -> Bool {
            mayBeShortOfALetter(line) && unreadWidth >= minUnreadWidth
        }

        /// Whether a large line looks broken: unsure, or a piece of fewer than two letters of
        /// the script (a Latin line read surely is a wordmark, not a broken name).
        func isBroken(_ line: RecognizedLine) -> Bool {
            line.confidence < minConfidence
                || (TesseractRecognizer.nonLatinLetters(in: line.text) < 2
                    && !line.text.contains(where: { $0.isASCII && $0.isLetter }))
        }

        enum CodingKeys: String, CodingKey {
            case minHeightRatio = "min_height_ratio"
            case maxGap = "max_gap"
            case minConfidence = "min_confidence"
            case minUnreadWidth = "min_unread_width"
        }
    }

    /// Rows of type of a Chinese, Japanese or Korean reading that no line covers, read alone
    /// (`TesseractRecognizer.readUnreadRows`): Tesseract rejects a name printed in large bold Han
    /// beside small lines as a noise row (許 淑 芬 over 執行長 read as nothing), and drops some
    /// short rows of the card's own type (a title of two characters). Ink
    /// shapes at least `minHeightRatio` times the reading's median line height that no line
    /// covers make a row; a line of their size on the row within `maxJoinGap` of their heights
    /// joins it (狩野 of 狩野 貴大); the row's reading is kept when read with at least
    /// `minConfidence` and it holds more of the script's letters than the lines it replaces.
    public struct UnreadRows: Codable, Hashable, Sendable {
        /// 0 switches it off.
        public var minHeightRatio: Double
        public var minConfidence: Double
        public var maxJoinGap: Double

        public init(minHeightRatio: Double, minConfidence: Double, maxJoinGap: Double) {
            self.minHeightRatio = minHeightRatio
            self.minConfidence = minConfidence
            self.maxJoinGap = maxJoinGap
        }

        /// Switched off: what a parameters file without `unread_rows` means.
        public static let off = UnreadRows(minHeightRatio: 0, minConfidence: 0.8, maxJoinGap: 1.5)

        enum CodingKeys: String, CodingKey {
            case minHeightRatio = "min_height_ratio"
            case minConfidence = "min_confidence"
            case maxJoinGap = "max_join_gap"
        }
    }

    /// A page whose one found card reads as a part of a card (stage `find-cards`): the finder
    /// took a part for the card (one panel of a two-tone card, a logo's box, the lit part of a
    /// card a shadow crosses).
    ///
    /// A reading with fewer than `maxLetters` letters is almost nothing: the page is read again
    /// whole, as with finding off, and the surer reading (`TesseractRecognizer.score`) kept.
    /// Otherwise, when at least `minCutLines` of its lines run into the crop's left or right
    /// edge (a card has margins), the found card's box is grown by `grow` of its long side on
    /// every side and read again without its corners; that reading is kept when it is surer
    /// and holds `minGain` times the letters and digits (the same text read again differently
    /// is no gain: a close crop has nothing beyond its edges). A line runs into a side when its
    /// box comes within 3 pixels of it, or within `edgeMargin` of its own height with ink between
    /// it and the side: a glyph the crop cut in half is often not read, so the line's box starts
    /// a little inside (`TesseractRecognizer.cutLineCount`).
    public struct PoorCrop: Codable, Hashable, Sendable {
        /// 0 switches the letter rule off.
        public var maxLetters: Double
        /// 0 switches the cut-lines rule off, and a file without `min_cut_lines` means 0.
        public var minCutLines: Double
        /// A file without `grow` means 0 (the box read again as found) and without `min_gain` 1.
        public var grow: Double
        public var minGain: Double
        /// A file without `edge_margin` means 0: only lines within 3 pixels of a side count.
        public var edgeMargin: Double

        public init(
            maxLetters: Double, minCutLines: Double = 0, grow: Double = 0, minGain: Double = 1,
            edgeMargin: Double = 0
        ) {
            self.maxLetters = maxLetters
            self.minCutLines = minCutLines
            self.grow = grow
            self.minGain = minGain
            self.edgeMargin = edgeMargin
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            maxLetters = try container.decode(Double.self, forKey: .maxLetters)
            minCutLines = try container.decodeIfPresent(Double.self, forKey: .minCutLines) ?? 0
            grow = try container.decodeIfPresent(Double.self, forKey: .grow) ?? 0
            minGain = try container.decodeIfPresent(Double.self, forKey: .minGain) ?? 1
            edgeMargin = try container.decodeIfPresent(Double.self, forKey: .edgeMargin) ?? 0
        }

        /// Switched off: what a parameters file without `poor_crop` means.
        public static let off = PoorCrop(maxLetters: 0)

        /// Whether a found card's reading with `letters` letters is read whole again.
        public func readsWhole(letters: Int) -> Bool { Double(letters) < maxLetters }

        /// Whether a found card's reading with `cutLines` lines cut by the crop's sides is read
        /// again over the card's box grown.
        public func grows(cutLines: Int) -> Bool { minCutLines > 0 && Double(cutLines) >= minCutLines }

        /// How near a side of the crop (pixels) a line `height` pixels tall counts as run into it.
        public func edgeDistance(lineHeight height: Int) -> Int {
            max(3, Int((edgeMargin * Double(height)).rounded()))
        }

        /// `box` grown by `grow` of its long side on every side, within `pix`.
        func grown(_ box: PixelBox, within pix: PixImage) -> PixelBox {
            let g = Int((grow * Double(max(box.width, box.height))).rounded())
            let x = max(0, box.x - g)
            let y = max(0, box.y - g)
            return PixelBox(
                x: x, y: y, width: min(pix.width, box.x + box.width + g) - x,
                height: min(pix.height, box.y + box.height + g) - y)
        }

        /// Whether a second reading with `alphanumerics` letters and digits gains enough over
        /// the first one's `first`.
        public func gains(_ alphanumerics: Int, over first: Int) -> Bool {
            Double(alphanumerics) >= minGain * Double(first)
        }

        enum CodingKeys: String, CodingKey {
            case maxLetters = "max_letters"
            case minCutLines = "min_cut_lines"
            case grow
            case minGain = "min_gain"
            case edgeMargin = "edge_margin"
        }
    }

    /// The skew of a card read as the whole image it is in, from its type alone
    /// (`CardSteps.deskew`): where the sweep over the whole binarized image is unsure (a dark
    /// desk and the card's edges outweigh the lines of type), it is swept again over the dark
    /// components no taller than `maxTextHeight` of the image's shorter side. Where the sweep
    /// over the whole image is sure but the type's own sweep differs from it by
    /// `minDisagreement` degrees or more (the desk's edges outweighed the type), the card is read
    /// at both angles and the surer reading kept (`CardSteps.typeSkew`).
    public struct TextSkew: Codable, Hashable, Sendable {
        /// A share of the image's shorter side; 0 switches the second sweep off.
        public var maxTextHeight: Double
        /// Degrees; 0 switches the second reading off.
        public var minDisagreement: Double

        public init(maxTextHeight: Double, minDisagreement: Double = 0) {
            self.maxTextHeight = maxTextHeight
            self.minDisagreement = minDisagreement
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            maxTextHeight = try container.decode(Double.self, forKey: .maxTextHeight)
            minDisagreement = try container.decodeIfPresent(Double.self, forKey: .minDisagreement) ?? 0
        }

        /// Switched off: what a parameters file without `text_skew` means.
        public static let off = TextSkew(maxTextHeight: 0)

        /// The tallest component that counts as type in `pix`, in pixels.
        func maxComponentHeight(in pix: PixImage) -> Int {
            max(1, Int((maxTextHeight * Double(min(pix.width, pix.height))).rounded()))
        }

        enum CodingKeys: String, CodingKey {
            case maxTextHeight = "max_text_height"
            case minDisagreement = "min_disagreement"
        }
    }

    public var smallText: SmallText
    public var unsureLines: UnsureLines
    public var cutLines: CutLines
    public var colouredInk: ColouredInk
    public var darkBands: LightOnDark
    public var cardOnPhoto: CardOnPhoto
    public var largeRows: LargeRows
    public var textSkew: TextSkew
    public var poorCrop: PoorCrop
    public var unreadRows: UnreadRows

    public init(
        smallText: SmallText, unsureLines: UnsureLines = .off, cutLines: CutLines = .off,
        colouredInk: ColouredInk = .off, darkBands: LightOnDark = .handSet, cardOnPhoto: CardOnPhoto = .off,
        largeRows: LargeRows = .off, textSkew: TextSkew = .off, poorCrop: PoorCrop = .off,
        unreadRows: UnreadRows = .off
    ) {
        self.smallText = smallText
        self.unsureLines = unsureLines
        self.cutLines = cutLines
        self.colouredInk = colouredInk
        self.darkBands = darkBands
        self.cardOnPhoto = cardOnPhoto
        self.largeRows = largeRows
        self.textSkew = textSkew
        self.poorCrop = poorCrop
        self.unreadRows = unreadRows
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        smallText = try container.decode(SmallText.self, forKey: .smallText)
        // Files written before a stage existed leave it off.
        unsureLines = try container.decodeIfPresent(UnsureLines.self, forKey: .unsureLines) ?? .off
        cutLines = try container.decodeIfPresent(CutLines.self, forKey: .cutLines) ?? .off
        colouredInk = try container.decodeIfPresent(ColouredInk.self, forKey: .colouredInk) ?? .off
        // The dark-band limits predate the file: without them, the hand-set ones.
        darkBands = try container.decodeIfPresent(LightOnDark.self, forKey: .darkBands) ?? .handSet
        cardOnPhoto = try container.decodeIfPresent(CardOnPhoto.self, forKey: .cardOnPhoto) ?? .off
        largeRows = try container.decodeIfPresent(LargeRows.self, forKey: .largeRows) ?? .off
        textSkew = try container.decodeIfPresent(TextSkew.self, forKey: .textSkew) ?? .off
        poorCrop = try container.decodeIfPresent(PoorCrop.self, forKey: .poorCrop) ?? .off
        unreadRows = try container.decodeIfPresent(UnreadRows.self, forKey: .unreadRows) ?? .off
    }

    enum CodingKeys: String, CodingKey {
        case smallText = "small_text"
        case unsureLines = "unsure_lines"
        case cutLines = "cut_lines"
        case colouredInk = "coloured_ink"
        case darkBands = "dark_bands"
        case cardOnPhoto = "card_on_photo"
        case largeRows = "large_rows"
        case textSkew = "text_skew"
        case poorCrop = "poor_crop"
        case unreadRows = "unread_rows"
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
