import CardModel
import Foundation

extension TesseractRecognizer {
    /// Reads the lines `page` was unsure of again, each cropped out alone and scaled up
    /// (`OCRParameters.UnsureLines`), with the engine that read the page; a new reading replaces
    /// a line only when it is surer. `pix` is the card image `page` was read from.
    func rereadUnsureLines(_ page: RecognizedPage, of pix: PixImage, with engine: TesseractEngine) throws -> RecognizedPage {
        let rule = options.parameters.unsureLines
        var result = page
        for (index, line) in page.lines.enumerated()
        where rule.rereads(confidence: line.confidence) && !Self.looksLikeAddress(line.text) {
            let alphanumerics = Self.alphanumericCount(line.text)
            guard alphanumerics >= 3, let box = Self.lineCrop(line.box, in: pix) else { continue }
            let scale = rule.scale(forLineHeight: line.box.height)
            let reading = try readAlone(box, of: pix, with: engine, scale: scale)
            unsureLineRereads += 1
            guard let (text, words, confidence) = reading else { continue }
            let kept = rule.keeps(
                confidence: confidence, alphanumerics: Self.alphanumericCount(text),
                over: line.confidence, firstAlphanumerics: alphanumerics)
            logger.debug(
                "unsure line reread",
                metadata: [
                    "scale": "\(String(format: "%.2f", scale))", "kept": "\(kept)",
                    "confidence.before": "\(String(format: "%.2f", line.confidence))",
                    "confidence.after": "\(String(format: "%.2f", confidence))",
                ])
            guard kept else { continue }
            result.lines[index].text = text
            result.lines[index].words = words
            result.lines[index].confidence = confidence
        }
        return result
    }

    /// Reads the crop `box` of `pix` alone in single-line mode (or `segmentation`), scaled by
    /// `scale` first and, with `whiteBorder`, set on white: its text, its words in card
    /// coordinates and their mean confidence; nil when it reads no word.
    func readAlone(
        _ box: PixelBox, of pix: PixImage, with engine: TesseractEngine, scale: Double = 1,
        whiteBorder: Bool = false, segmentation: PageSegmentation = .singleLine
    ) throws -> (text: String, words: [RecognizedWord], confidence: Double)? {
        var crop = try pix.cropped(to: box)
        if scale > 1 { crop = try crop.scaled(by: scale) }
        let border = whiteBorder ? max(8, crop.height / 3) : 0
        if border > 0 { crop = try crop.bordered(by: border) }
        let read = try engine.recognize(
            crop, resolution: CardSteps.targetDPI, segmentation: segmentation, deadline: deadline)
        let shift = Int((Double(border) / scale).rounded())
        let origin = PixelBox(x: box.x - shift, y: box.y - shift, width: box.width, height: box.height)
        let words = Self.placed(read.lines.flatMap(\.words), from: origin, scale: scale)
        guard !words.isEmpty else { return nil }
        let text = read.lines.map(\.text).joined(separator: " ")
        return (text, words, words.reduce(0) { $0 + $1.confidence } / Double(words.count))
    }

    /// The crop that re-reads a line alone: a margin of half the line height sideways and a
    /// fifth above and below (more takes in the neighbouring lines' ascenders and descenders,
    /// read as extra text), within the image; nil when nothing is left.
    static func lineCrop(_ line: PixelBox, in pix: PixImage) -> PixelBox? {
        let padX = max(8, line.height / 2)
        let padY = max(4, line.height / 5)
        let x = max(0, line.x - padX)
        let y = max(0, line.y - padY)
        let box = PixelBox(
            x: x, y: y, width: min(pix.width, line.x + line.width + padX) - x,
            height: min(pix.height, line.y + line.height + padY) - y)
        return box.width > 0 && box.height > 0 ? box : nil
    }

    /// Words read from a crop at `box` of the card, scaled by `scale`, in card coordinates.
    static func placed(_ words: [RecognizedWord], from box: PixelBox, scale: Double = 1) -> [RecognizedWord] {
        words.map { word in
            var moved = word
            moved.box = PixelBox(
                x: box.x + Int((Double(word.box.x) / scale).rounded()),
                y: box.y + Int((Double(word.box.y) / scale).rounded()),
                width: Int((Double(word.box.width) / scale).rounded()),
                height: Int((Double(word.box.height) / scale).rounded()))
            return moved
        }
    }
}
