@testable import CardExtraction
import CardModel
import CardPhone

/// The extractor under test, with the real libphonenumber.
let extractor = FieldExtractor(phoneNumbers: LibPhoneNumber())

/// Extracts from literal OCR text (one line per line, synthetic geometry).
func extract(_ text: String, languages: String = "eng") -> CardFields {
    extractor.extract(from: RecognizedPage.plainText(text, languages: languages))
}

/// The fields of a card made of hand-placed lines, on a 1050 x 600 page (3.5 x 2 in at 300 DPI).
func extract(lines: [RecognizedLine]) -> CardFields {
    extractor.extract(from: RecognizedPage(width: 1050, height: 600, lines: lines))
}

/// The scoring features of the first of `lines` (hand-placed, as `extract(lines:)` places them),
/// read alone or with the card's other lines as its context.
func features(_ lines: [RecognizedLine]) -> [String: Double] {
    extractor.explain(RecognizedPage(width: 1050, height: 600, lines: lines)).lines.first?.features ?? [:]
}

/// A line at the box OCR gave it (x, y, width, height), for pages copied from a reading.
func at(
    _ text: String, _ x: Int, _ y: Int, _ w: Int, _ h: Int, _ confidence: Double = 0.9
) -> RecognizedLine {
    RecognizedLine(text: text, box: PixelBox(x: x, y: y, width: w, height: h), confidence: confidence)
}

/// A line with hand-built geometry for layout tests.
func line(_ text: String, y: Int, height: Int, x: Int = 40, block: Int = 0, confidence: Double = 0.9) -> RecognizedLine {
    RecognizedLine(
        text: text, box: PixelBox(x: x, y: y, width: text.count * height / 2, height: height),
        confidence: confidence,
        block: block, paragraph: block)
}

/// A word at the box OCR gave it (x, y, width, height), for lines built from words.
func word(_ text: String, _ x: Int, _ y: Int, _ w: Int, _ h: Int) -> RecognizedWord {
    RecognizedWord(text: text, box: PixelBox(x: x, y: y, width: w, height: h), confidence: 0.96)
}

/// A line of `words` as OCR groups them: its text their texts, its box their boxes' union.
func line(of words: [RecognizedWord]) -> RecognizedLine {
    let x = words.map(\.box.x).min()!
    let y = words.map(\.box.y).min()!
    let box = PixelBox(
        x: x, y: y, width: words.map(\.box.maxX).max()! - x, height: words.map(\.box.maxY).max()! - y)
    return RecognizedLine(
        text: words.map(\.text).joined(separator: " "), box: box, confidence: 0.96, words: words)
}

/// A segment of `text` alone on its line, in 20 px type: the input of the line rules
/// (`LineScorer.isJunk`, the segment repairs).
func segment(_ text: String, width: Int = 60) -> Segment {
    Segment(
        text: text, label: nil, labelText: nil, line: 0, part: 0,
        box: PixelBox(x: 0, y: 0, width: width, height: 20), confidence: 0.9, block: 0, paragraph: 0,
        size: 20)
}
