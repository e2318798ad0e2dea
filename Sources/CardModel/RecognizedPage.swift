import Foundation

/// One word as the OCR engine read it.
public struct RecognizedWord: Hashable, Sendable, Codable {
    public var text: String
    /// Box in the coordinates of the recognized (preprocessed) card image.
    public var box: PixelBox
    /// Engine confidence scaled to 0...1.
    public var confidence: Double

    public init(text: String, box: PixelBox, confidence: Double) {
        self.text = text
        self.box = box
        self.confidence = confidence
    }
}

/// One text line as the OCR engine grouped it, with the block and paragraph it belongs to.
public struct RecognizedLine: Hashable, Sendable, Codable {
    public var text: String
    public var box: PixelBox
    /// Mean word confidence, 0...1.
    public var confidence: Double
    public var words: [RecognizedWord]
    /// Index of the layout block (Tesseract's RIL_BLOCK) this line belongs to.
    public var block: Int
    /// Index of the paragraph within the whole page (not within the block).
    public var paragraph: Int

    public init(
        text: String, box: PixelBox, confidence: Double, words: [RecognizedWord] = [],
        block: Int = 0, paragraph: Int = 0
    ) {
        self.text = text
        self.box = box
        self.confidence = confidence
        self.words = words
        self.block = block
        self.paragraph = paragraph
    }
}

/// A machine-readable code found on a card (a QR code), decoded.
public struct DecodedCode: Hashable, Sendable, Codable {
    /// The symbology as the decoder names it, such as `QR-Code`.
    public var symbology: String
    /// The decoded text (UTF-8), such as a vCard, a MeCard or a URL.
    public var payload: String

    public init(symbology: String, payload: String) {
        self.symbology = symbology
        self.payload = payload
    }
}

/// The OCR result for one card: its lines in reading order, and the size of the image read.
///
/// JSON: `codes` is written only when a code was found, and read as empty when absent (a
/// compatible extension of pages saved before codes were decoded).
public struct RecognizedPage: Hashable, Sendable, Codable {
    public var width: Int
    public var height: Int
    public var lines: [RecognizedLine]
    /// The Tesseract language string used, such as `eng` or `chi_sim+eng`.
    public var languages: String
    /// QR codes decoded on the card, in the decoder's order; empty when none was found.
    public var codes: [DecodedCode]

    public init(
        width: Int, height: Int, lines: [RecognizedLine], languages: String = "eng",
        codes: [DecodedCode] = []
    ) {
        self.width = width
        self.height = height
        self.lines = lines
        self.languages = languages
        self.codes = codes
    }

    enum CodingKeys: String, CodingKey { case width, height, lines, languages, codes }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        width = try c.decode(Int.self, forKey: .width)
        height = try c.decode(Int.self, forKey: .height)
        lines = try c.decode([RecognizedLine].self, forKey: .lines)
        languages = try c.decode(String.self, forKey: .languages)
        codes = try c.decodeIfPresent([DecodedCode].self, forKey: .codes) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(width, forKey: .width)
        try c.encode(height, forKey: .height)
        try c.encode(lines, forKey: .lines)
        try c.encode(languages, forKey: .languages)
        if !codes.isEmpty { try c.encode(codes, forKey: .codes) }
    }

    /// All recognized text, one line per line.
    public var text: String { lines.map(\.text).joined(separator: "\n") }

    /// Mean line confidence weighted by the number of characters, 0...1 (0 for an empty page).
    public var meanConfidence: Double {
        let total = lines.reduce(0) { $0 + $1.text.count }
        guard total > 0 else { return 0 }
        return lines.reduce(0.0) { $0 + $1.confidence * Double($1.text.count) } / Double(total)
    }

    /// Builds a page from plain text, one line per text line, with synthetic geometry.
    ///
    /// Used by tests and by extraction of text that has no layout. Lines are 40 px high and
    /// stacked top to bottom; blank lines start a new block.
    public static func plainText(_ text: String, languages: String = "eng") -> RecognizedPage {
        var lines: [RecognizedLine] = []
        var y = 20
        var block = 0
        var paragraph = 0
        var previousBlank = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                if !previousBlank && !lines.isEmpty {
                    block += 1
                    paragraph += 1
                }
                previousBlank = true
                y += 40
                continue
            }
            previousBlank = false
            let width = max(1, line.count * 20)
            let box = PixelBox(x: 20, y: y, width: width, height: 40)
            var x = 20
            let words = line.split(separator: " ").map { word -> RecognizedWord in
                let w = RecognizedWord(
                    text: String(word), box: PixelBox(x: x, y: y, width: word.count * 20, height: 40),
                    confidence: 0.9)
                x += (word.count + 1) * 20
                return w
            }
            lines.append(
                RecognizedLine(
                    text: line, box: box, confidence: 0.9, words: words, block: block, paragraph: paragraph))
            y += 50
        }
        return RecognizedPage(width: 1050, height: max(600, y + 20), lines: lines, languages: languages)
    }
}
