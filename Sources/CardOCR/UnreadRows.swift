import CardModel
import Foundation

extension TesseractRecognizer {
    /// Reads the rows of type of a Chinese, Japanese or Korean reading that no line covers, each
    /// as one line with the script model alone (`OCRParameters.UnreadRows`).
    ///
    /// Tesseract's layout analysis rejects rows that look like noise, and a name printed in large
    /// bold Han beside small lines is such a row: "許 淑 芬" over 執行長 comes out as nothing, or as
    /// pieces ("二二" read from 國), so `rereadLargeRows`, which mends broken lines, has no line to
    /// mend. Short rows of the card's own type go the same way (a title of two characters, 總監
    /// beside 電子群組). Here the row is found in the card's ink: connected shapes at least
    /// `minHeightRatio` times the reading's median line height whose middle no line of about
    /// their size holds (shapes mostly ink are a logo's, not letters), joined into rows and
    /// widened over the row's ink as `rereadLargeRows` widens a line (`rowInk`: letters of
    /// smaller shapes, 高 and 明, belong to it). A line of the row's own size within `maxJoinGap`
    /// of its height beside it (野 of 狩野 貴大) joins the row. The row is read alone, and its
    /// reading replaces the row's lines and the pieces read from its letters when it holds at
    /// least two of the script's letters, more than those lines, no Latin letter, and is read
    /// with at least `minConfidence` or, on a Chinese reading, is a Chinese name of known
    /// characters (`ChineseNames`).
    func readUnreadRows(_ page: RecognizedPage, of pix: PixImage) throws -> RecognizedPage {
        let rule = options.parameters.unreadRows
        guard rule.minHeightRatio > 0, let model = Self.scriptModel(of: page),
            let median = Self.medianLineHeight(page), let reader = scriptEngine(model)
        else { return page }
        // Cleaned first: a photo's shading would join the type to the paper around it.
        let grey = try Background.clean(pix.depth == 8 ? pix : try pix.grey())
        let components = try ConnectedComponents(try grey.binarized(threshold: Int(Self.darkLevel)))
        let pixels = GreyPixels(grey)
        let shapes = (0..<components.count).compactMap { components.box($0) }.filter { box in
            Self.isLargeType(box, median: median, rule: rule, within: grey)
                && !page.lines.contains {
                    !Self.isPiece($0.box, of: box) && Self.holdsMiddle($0.box, of: box)
                }
                && Double(Self.inkCount(box, pixels: pixels)) <= Self.maxInkShare * Double(box.area)
        }
        let maxGap = options.parameters.largeRows.maxGap
        var result = page
        var read: [PixelBox] = []
        for (row, seed) in Self.rows(of: shapes) {
            guard !read.contains(where: { Self.holdsMiddle($0, of: seed) }),
                let own = Self.rowInk(
                    of: seed, large: [], in: result, pixels: pixels, maxGap: maxGap,
                    minConfidence: rule.minConfidence)
            else { continue }
            let large = result.lines.indices.filter { i in
                let box = result.lines[i].box
                let gap = max(box.x - own.maxX, own.x - box.maxX)
                return !Self.isPiece(box, of: own) && Self.overlapsRow(box, own)
                    && Double(gap) <= rule.maxJoinGap * Double(own.height)
            }
            guard
                let span = large.isEmpty
                    ? own
                    : Self.rowInk(
                        of: seed, large: large, in: result, pixels: pixels, maxGap: maxGap,
                        minConfidence: rule.minConfidence),
                Double(span.width) >= 1.5 * Double(span.height),
                !result.lines.indices.contains(where: { i in
                    !large.contains(i) && !Self.isPiece(result.lines[i].box, of: span)
                        && result.lines[i].box.intersection(span) != nil
                }),
                let crop = Self.lineCrop(span, in: pix)
            else { continue }
            read.append(span)
            unreadRowReads += 1
            // Line finding takes some rows of large bold type for no text even read alone (PSM 7
            // reads 謝雅婷 as nothing; PSM 13, without it, reads it); others read surer with it.
            let attempts = [PageSegmentation.singleLine, .rawLine].map {
                (box: crop, whiteBorder: false, segmentation: $0)
            }
            guard let (text, words, confidence) = try surestReading(attempts, of: pix, with: reader)
            else { continue }
            let before = large.reduce(0) { $0 + Self.nonLatinLetters(in: result.lines[$1].text) }
            let letters = Self.nonLatinLetters(in: text)
            // A Chinese name of known characters is its own evidence: bold Ming type reads less
            // surely than the body (蔡宗翰 at 0.69) and is the row a Chinese card prints largest.
            let name =
                model.hasPrefix("chi_")
                && ChineseNames.knownName(Self.withoutEndMarks(text)) != nil
            let accepted =
                letters >= 2 && letters > before && (confidence >= rule.minConfidence || name)
                && !Self.hasLatinLetters(text) && !Self.isOneLetterRepeated(text)
            logger.debug(
                "unread row read",
                metadata: [
                    "languages": "\(model)", "accepted": "\(accepted)", "row.shapes": "\(row.count)",
                    "row.lines": "\(large.count)", "letters.before": "\(before)",
                    "letters.after": "\(letters)",
                    "confidence": "\(String(format: "%.2f", confidence))",
                ])
            guard accepted else { continue }
            var line = RecognizedLine(text: text, box: span, confidence: confidence, words: words)
            if let first = large.first {
                line.block = result.lines[first].block
                line.paragraph = result.lines[first].paragraph
            }
            // The row's lines and the pieces read from its letters are in the new line.
            let replaced = Set(large).union(
                result.lines.indices.filter {
                    Self.isPiece(result.lines[$0].box, of: span)
                        && Self.holdsMiddle(span, of: result.lines[$0].box)
                })
            result.lines = result.lines.enumerated().filter { !replaced.contains($0.offset) }.map(\.element)
            // In reading order: before the first line whose middle is below the row's.
            let at = result.lines.firstIndex { $0.box.midY > span.midY } ?? result.lines.endIndex
            result.lines.insert(line, at: at)
        }
        return result
    }

    /// Shapes with more of their box in ink are a logo's block or a picture, not a letter (bold
    /// Han in a soft photo fills up to about 0.6 of its box).
    static let maxInkShare = 0.75

    /// Whether a connected shape is the size of a letter of large type: at least `minHeightRatio`
    /// times the median line height, at most six times it, at most three times as wide as high,
    /// and clear of the image's edges.
    static func isLargeType(
        _ box: PixelBox, median: Double, rule: OCRParameters.UnreadRows, within pix: PixImage
    ) -> Bool {
        let height = Double(box.height)
        return height >= rule.minHeightRatio * median && height <= 6 * median && box.width <= 3 * box.height
            && box.x > 0 && box.y > 0 && box.maxX < pix.width && box.maxY < pix.height
    }

    /// Whether a line's box is less than half as high as `box`: a piece read from its letters.
    static func isPiece(_ line: PixelBox, of box: PixelBox) -> Bool {
        2 * line.height < box.height
    }

    /// Whether `outer` holds the middle of `box`.
    static func holdsMiddle(_ outer: PixelBox, of box: PixelBox) -> Bool {
        outer.x <= Int(box.midX) && Int(box.midX) < outer.maxX && outer.y <= Int(box.midY)
            && Int(box.midY) < outer.maxY
    }

    /// Whether a reading is one of the script's letters three times or more and nothing else:
    /// fabric or wood grain read as a row ("いいいいいいいい"), not a row of type.
    static func isOneLetterRepeated(_ text: String) -> Bool {
        let letters = text.unicodeScalars.filter { $0.value >= 0x250 && $0.properties.isAlphabetic }
        return letters.count >= 3 && Set(letters).count == 1
    }

    /// Whether a reading holds Latin letters, ASCII or full-width (a wordmark read by the script
    /// model): then the row was not in the script.
    static func hasLatinLetters(_ text: String) -> Bool {
        text.unicodeScalars.contains {
            ($0.isASCII && $0.properties.isAlphabetic) || (0xFF21...0xFF5A).contains($0.value)
        }
    }

    /// Shapes grouped into rows, left to right, each with the box that holds them: a shape joins
    /// the first row it shares (`overlapsRow`) when the gap from the row's right end is at most
    /// the taller one's height.
    static func rows(of shapes: [PixelBox]) -> [(shapes: [PixelBox], span: PixelBox)] {
        var rows: [(shapes: [PixelBox], span: PixelBox)] = []
        for shape in shapes.sorted(by: { $0.x < $1.x }) {
            if let i = rows.indices.first(where: {
                overlapsRow(rows[$0].span, shape)
                    && shape.x - rows[$0].span.maxX <= max(rows[$0].span.height, shape.height)
            }) {
                rows[i].shapes.append(shape)
                rows[i].span = rows[i].span.union(shape)
            } else {
                rows.append((shapes: [shape], span: shape))
            }
        }
        return rows
    }
}
