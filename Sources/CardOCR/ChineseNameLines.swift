import CardModel
import Foundation

extension TesseractRecognizer {
    /// Reads again, as one word, the lines of a Chinese reading shaped as a Chinese name whose
    /// given name holds a character no given name uses (`ChineseNames`): `chi_tra` reads a bold
    /// name's 宇 as 字 or 所, 芬 as 分 or 卻 (the generator's Taiwanese cards, 11 of 200 names in
    /// 6221-6420). The line is cropped alone and read in single-word mode with the script model,
    /// as it is and scaled as unsure lines are (`OCRParameters.UnsureLines`); the first reading
    /// that is a name of known characters replaces the line. `pix` is the card image `page` was
    /// read from.
    func rereadChineseNames(_ page: RecognizedPage, of pix: PixImage) throws -> RecognizedPage {
        guard let model = Self.scriptModel(of: page), model.hasPrefix("chi_"), let reader = scriptEngine(model)
        else { return page }
        var result = page
        for (index, line) in page.lines.enumerated() {
            guard let parts = ChineseNames.parts(of: line.text), !ChineseNames.knowsGivenCharacters(parts.given),
                let box = Self.lineCrop(line.box, in: pix)
            else { continue }
            let scales = [1, options.parameters.unsureLines.scale(forLineHeight: line.box.height)]
            for scale in scales.enumerated().filter({ $0.offset == 0 || $0.element > 1 }).map(\.element) {
                // Marks at the ends are the crop's margin ("_孫冠宇", "吳淑芬.").
                guard
                    let reading = try readAlone(box, of: pix, with: reader, scale: scale, segmentation: .singleWord),
                    let read = ChineseNames.parts(of: String(reading.text.drop { !$0.isLetter }.reversed().drop { !$0.isLetter }.reversed())),
                    ChineseNames.knowsGivenCharacters(read.given)
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
}
