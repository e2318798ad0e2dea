import CardModel
import Foundation

extension TesseractRecognizer {
    /// Reads again, as one word, the lines of a Chinese reading shaped as a Chinese name whose
    /// given name holds a character no given name uses (`ChineseNames`): `chi_tra` reads a bold
    /// name's 宇 as 字 or 所, 芬 as 分 or 卻 (the generator's Taiwanese cards: five of the 40
    /// names of 6221-6420). So are lines of three characters that would be such a name but for a
    /// first character that is no surname (羅 read as 纖), in type no smaller than the card's
    /// median line; their reading must keep the given name.
    /// The line is cropped alone and read in single-word mode with the script model, as it is and
    /// scaled as unsure lines are (`OCRParameters.UnsureLines`); the first reading that is a name
    /// of known characters replaces the line. `pix` is the card image `page` was read from.
    func rereadChineseNames(_ page: RecognizedPage, of pix: PixImage) throws -> RecognizedPage {
        guard let model = Self.scriptModel(of: page), model.hasPrefix("chi_"),
            let reader = scriptEngine(model)
        else { return page }
        var result = page
        let median = Self.medianLineHeight(page) ?? 0
        for (index, line) in page.lines.enumerated() {
            // A name whose given name holds a character no name uses, or whose surname was
            // misread into none (then only a reading that keeps the given name mends it).
            let misreadGiven = ChineseNames.parts(of: line.text).map {
                !ChineseNames.knowsGivenCharacters($0.given)
            }
            // A scrap of small type beside a logo can be three such characters too ("熙品和"): a
            // name without its surname is read again only in the card's body type or larger.
            let keptGiven =
                Double(line.box.height) >= median ? ChineseNames.givenAfterUnknownSurname(line.text) : nil
            guard misreadGiven == true || keptGiven != nil, let box = Self.lineCrop(line.box, in: pix)
            else { continue }
            let scales = [1, options.parameters.unsureLines.scale(forLineHeight: line.box.height)]
            for scale in scales.enumerated().filter({ $0.offset == 0 || $0.element > 1 }).map(\.element) {
                // Marks at the ends are the crop's margin ("_孫冠宇", "吳淑芬.").
                guard
                    let reading = try readAlone(
                        box, of: pix, with: reader, scale: scale, segmentation: .singleWord),
                    let read = ChineseNames.knownName(Self.withoutEndMarks(reading.text)),
                    keptGiven.map({ $0 == read.given }) ?? true
                else { continue }
                logger.debug(
                    "chinese name reread",
                    metadata: ["languages": "\(model)", "scale": "\(String(format: "%.2f", scale))"])
                result.lines[index].text = read.surname + read.given
                result.lines[index].words = reading.words
                result.lines[index].confidence = reading.confidence
                break
            }
        }
        return result
    }

    /// `text` without the characters other than letters at its ends.
    static func withoutEndMarks(_ text: String) -> String {
        String(text.drop { !$0.isLetter }.reversed().drop { !$0.isLetter }.reversed())
    }
}
