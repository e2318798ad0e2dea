import CardModel
import Foundation

extension TesseractRecognizer {
    /// Reads again, extended, the lines whose ink goes on past their end: Tesseract's layout
    /// analysis sometimes ends a line early where its type turns thin or faint ("Tel/Fax: 3" of
    /// "Tel/Fax: 3123-0800" in light digits on an inverted band). A line is extended to the
    /// right over the ink that follows it on its row (up to a gap, another line or the edge),
    /// read again alone, and the longer reading replaces it when it starts with what the line
    /// said and its words are sure enough (`OCRParameters.CutLines`).
    func rereadCutLines(_ page: RecognizedPage, of pix: PixImage, with engine: TesseractEngine) throws -> RecognizedPage {
        let rule = options.parameters.cutLines
        guard rule.minInk > 0, !page.lines.isEmpty else { return page }
        let grey = pix.depth == 8 ? pix : try pix.grey()
        let pixels = GreyPixels(grey)
        var result = page
        var absorbed = Set<Int>()
        for (index, line) in page.lines.enumerated() where !absorbed.contains(index) {
            let firstAlphanumerics = Self.alphanumericCount(line.text)
            guard firstAlphanumerics >= 3, line.box.height >= 8 else { continue }
            guard let end = Self.inkEnd(after: line.box, index: index, in: page, pixels: pixels, rule: rule) else { continue }
            let extended = PixelBox(x: line.box.x, y: line.box.y, width: end - line.box.x, height: line.box.height)
            guard let box = Self.lineCrop(extended, in: pix) else { continue }
            let reading = try readAlone(box, of: pix, with: engine)
            cutLineRereads += 1
            guard let (text, words, confidence) = reading else { continue }
            let kept = rule.keeps(
                first: line.text, second: text, words: words, end: line.box.x + line.box.width,
                height: line.box.height)
            logger.debug(
                "cut line reread",
                metadata: [
                    "kept": "\(kept)", "alphanumerics.before": "\(firstAlphanumerics)",
                    "alphanumerics.after": "\(Self.alphanumericCount(text))",
                ])
            guard kept else { continue }
            absorbed.formUnion(
                page.lines.indices.filter { other in
                    other != index && Self.isFragment(page.lines[other])
                        && page.lines[other].box.x >= line.box.x + line.box.width - line.box.height / 2
                        && page.lines[other].box.x + page.lines[other].box.width <= end + line.box.height / 2
                        && Self.overlapsRow(page.lines[other].box, line.box)
                })
            result.lines[index].text = text
            result.lines[index].words = words
            result.lines[index].box = extended
            result.lines[index].confidence = confidence
        }
        // Fragments read from the ink a line now covers are part of that line.
        result.lines = result.lines.enumerated().filter { !absorbed.contains($0.offset) }.map(\.element)
        return result
    }

    /// Pixels darker than this count as ink (the card image is cleaned to a white paper; faint
    /// type stays mid-grey).
    static let darkLevel: UInt8 = 160

    /// Whether `box` (a column or a row of pixels) holds ink: two or more pixels darker than
    /// `darkLevel`, so one speck does not count.
    static func hasInk(_ box: PixelBox, pixels: GreyPixels) -> Bool {
        inkCount(box, pixels: pixels) >= 2
    }

    /// The pixels of `box` darker than `darkLevel`.
    static func inkCount(_ box: PixelBox, pixels: GreyPixels) -> Int {
        pixels.count(in: box) { $0 < darkLevel }
    }

    /// A line too small to be one of its own: fewer than three letters or digits ("[a]" read
    /// from the faint rest of a line). A smaller line beside a large one is a line of its own
    /// (an e-mail printed beside a name).
    static func isFragment(_ line: RecognizedLine) -> Bool {
        alphanumericCount(line.text) < 3
    }

    /// Whether two boxes share a row: they overlap by half the smaller height.
    static func overlapsRow(_ a: PixelBox, _ b: PixelBox) -> Bool {
        let overlap = min(a.y + a.height, b.y + b.height) - max(a.y, b.y)
        return Double(overlap) >= 0.5 * Double(min(a.height, b.height))
    }

    /// Where the ink that follows a line on its row ends (x, exclusive), or nil when the line
    /// is not followed by ink: the stretch of two line heights right after it holds less than
    /// `minInk` dark pixels (middle of the row only, so neighbouring lines' ascenders and
    /// descenders do not count), or another line starts there.
    static func inkEnd(after box: PixelBox, index: Int, in page: RecognizedPage, pixels: GreyPixels, rule: OCRParameters.CutLines) -> Int? {
        let h = box.height
        let top = box.y + h / 5
        let bottom = min(pixels.height, box.y + box.height - h / 5)
        guard bottom > top else { return nil }
        // Other lines reaching into the middle of the row bound the extension (the ink there
        // is theirs: an e-mail printed beside a name); a fragment (fewer than three letters or
        // digits) is part of the ink.
        let limit = page.lines.indices.filter { other in
            guard other != index, !isFragment(page.lines[other]) else { return false }
            let b = page.lines[other].box
            return b.y < bottom && b.y + b.height > top && b.x + b.width > box.x + box.width
        }.map { min(pixels.width, max(box.x + box.width, page.lines[$0].box.x)) }.min() ?? pixels.width
        let start = box.x + box.width + max(2, h / 4)
        let probeEnd = min(limit, start + 2 * h)
        guard probeEnd - start >= h else { return nil }
        func column(_ x: Int) -> PixelBox { PixelBox(x: x, y: top, width: 1, height: bottom - top) }
        var dark = 0
        for x in start..<probeEnd { dark += inkCount(column(x), pixels: pixels) }
        guard Double(dark) >= rule.minInk * Double((probeEnd - start) * (bottom - top)) else { return nil }
        // Follow the ink to the right until a gap wider than `maxGap` line heights.
        var lastInk = start
        var x = start
        let gap = Int(rule.maxGap * Double(h))
        while x < limit, x - lastInk <= gap {
            if hasInk(column(x), pixels: pixels) { lastInk = x }
            x += 1
        }
        return min(pixels.width, lastInk + 1)
    }
}
