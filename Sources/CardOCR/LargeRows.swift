import CardModel
import Foundation

extension TesseractRecognizer {
    /// Reads again, as one line, the rows of large type of a Chinese, Japanese or Korean
    /// reading that came out broken (`OCRParameters.LargeRows`).
    ///
    /// Such cards print the name large with wide gaps between its characters ("狩 野  貴 大"),
    /// often under small kana. Sparse-text layout analysis breaks that row into single
    /// characters and drops some ("野" alone), and the script model joined with `eng` reads a
    /// large Han name as Latin ("fet 3 oR" for 高建榮). A line at least `minHeightRatio` times
    /// the height of the reading's median line that is unsure, or a piece of fewer than two of
    /// the script's letters, or a short line (one to four of the script's letters, as a name
    /// prints) beside which the row holds `minUnreadWidth` line heights of ink no line read (or,
    /// of Han alone, whose box is that much wider than its letters fill: `unreadInside`), is
    /// widened over the ink of its row on both sides (up to a gap of `maxGap` line heights, a
    /// line of smaller type or the edge) and read alone with the script model; the reading
    /// replaces the row's large lines when it is all in the script, finds more of its letters
    /// than they did (or as many as several lines held: "小" and "松美絵" become one) and is read
    /// with at least `minConfidence`.
    func rereadLargeRows(_ page: RecognizedPage, of pix: PixImage) throws -> RecognizedPage {
        let rule = options.parameters.largeRows
        guard rule.minHeightRatio > 0, let model = Self.scriptModel(of: page),
            let median = Self.medianLineHeight(page)
        else { return page }
        let grey = pix.depth == 8 ? pix : try pix.grey()
        let pixels = GreyPixels(grey)
        var lines = page.lines
        var dropped = Set<Int>()
        for (index, line) in page.lines.enumerated() where !dropped.contains(index) {
            let h = line.box.height
            func isLarge(_ box: PixelBox) -> Bool { Double(box.height) >= rule.minHeightRatio * median }
            // Broken, or short enough to be a name a character short: the row's ink is
            // measured only for these.
            let broken = rule.isBroken(line)
            guard isLarge(line.box), broken || rule.mayBeShortOfALetter(line) else { continue }
            // The row's large lines: this one and the other large ones on its row.
            let large = page.lines.indices.filter { other in
                !dropped.contains(other) && Self.overlapsRow(page.lines[other].box, line.box)
                    && isLarge(page.lines[other].box)
            }
            guard let span = Self.rowInk(
                of: line.box, large: large, in: page, pixels: pixels, maxGap: rule.maxGap,
                minConfidence: rule.minConfidence)
            else { continue }
            // A name read surely but short of a character: "藤裕子" of 齋藤 裕子, the first or last
            // character standing apart on the row and left out of the line.
            let read = large.map { page.lines[$0].box }
            let readLeft = read.map(\.x).min() ?? line.box.x
            let readRight = read.map { $0.x + $0.width }.max() ?? (line.box.x + line.box.width)
            let beside = Double(max(readLeft - span.x, span.x + span.width - readRight)) / Double(max(1, h))
            let unread = max(beside, Self.unreadInside(line))
            guard broken || rule.leavesInkUnread(line, unreadWidth: unread),
                let single = scriptEngine(model)
            else { continue }
            // Large CJK letters read alone are sensitive to what the crop holds above and
            // below them (a sliver of the kana above, a tight margin): the row is read twice,
            // with its neighbours' margin and cut to its own ink on white, the surer kept.
            let crops = [Self.lineCrop(span, in: pix), Self.inkRows(of: span, pixels: pixels)]
            let attempts = zip(crops, [false, true]).compactMap { crop, white in
                crop.map { (box: $0, whiteBorder: white, segmentation: PageSegmentation.singleLine) }
            }
            guard let (text, words, confidence) = try surestReading(attempts, of: pix, with: single)
            else { continue }
            largeRowRereads += 1
            let before = large.reduce(0) { $0 + Self.nonLatinLetters(in: page.lines[$1].text) }
            let letters = Self.nonLatinLetters(in: text)
            // Latin letters (a Latin wordmark read by the script model) mean the row was not in
            // the script.
            let accepted =
                letters >= 2 && (letters > before || (letters == before && large.count > 1))
                && confidence >= rule.minConfidence
                && !Self.hasLatinLetters(text)
            logger.debug(
                "large row reread",
                metadata: [
                    "languages": "\(model)", "accepted": "\(accepted)", "row.lines": "\(large.count)",
                    "letters.before": "\(before)", "letters.after": "\(letters)",
                    "confidence": "\(String(format: "%.2f", confidence))",
                ])
            guard accepted else { continue }
            lines[index].text = text
            lines[index].words = words
            lines[index].box = span
            lines[index].confidence = confidence
            // The row's other large lines, and the unsure pieces read from its letters, are in it.
            dropped.formUnion(
                page.lines.indices.filter { other in
                    let b = page.lines[other].box
                    return other != index && Self.overlapsRow(b, span)
                        && b.x >= span.x - h / 2 && b.x + b.width <= span.x + span.width + h / 2
                        && (large.contains(other) || page.lines[other].confidence < rule.minConfidence)
                })
        }
        var result = page
        result.lines = lines.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
        return result
    }

    /// The first model of a Chinese, Japanese or Korean reading (`chi_tra` of `chi_tra+eng`);
    /// nil for a Latin-script reading.
    static func scriptModel(of page: RecognizedPage) -> String? {
        guard let model = page.languages.split(separator: "+").first.map(String.init), model != "eng",
            !ScriptModels.latinScriptModels.contains(model)
        else { return nil }
        return model
    }

    /// The median box height of a reading's lines of two letters or digits or more; nil when it
    /// has none.
    static func medianLineHeight(_ page: RecognizedPage) -> Double? {
        let heights = page.lines.filter { alphanumericCount($0.text) >= 2 }.map(\.box.height).sorted()
        return heights.isEmpty ? nil : Double(heights[heights.count / 2])
    }

    /// Line heights of a line's own box that its letters do not fill, for lines of Han alone:
    /// Han letters are about as wide as the line is high, so a box wider than its letters fill
    /// holds one OCR dropped ("藤裕子" read from 齋藤 裕子 across the whole row; the gap in a
    /// name counts too, and a dropped letter is read only when the reading finds more). 0 for
    /// other lines: kana are narrower, and a Latin card read with a CJK model has Latin letters.
    static func unreadInside(_ line: RecognizedLine) -> Double {
        let hanOnly = line.text.unicodeScalars.allSatisfy { $0 == " " || ContactText.isHan($0) }
        guard hanOnly, line.box.height > 0 else { return 0 }
        let letters = Double(nonLatinLetters(in: line.text))
        return max(0, Double(line.box.width) / Double(line.box.height) - letters)
    }

    /// The box of a large line widened over the ink of its row on both sides: columns with ink
    /// in the middle of the row, up to a gap of `maxGap` line heights, a line of smaller type on
    /// the row (its ink is its own) or the image's edge. `large` are the row's lines of the same
    /// size, whose ink and height are part of it. Nil when the row has no middle.
    static func rowInk(
        of box: PixelBox, large: [Int], in page: RecognizedPage, pixels: GreyPixels, maxGap: Double,
        minConfidence: Double
    ) -> PixelBox? {
        let h = box.height
        let top = box.y + h / 5
        let bottom = min(pixels.height, box.y + box.height - h / 5)
        guard bottom > top else { return nil }
        // Lines of smaller type bound the row; unsure ones are pieces of its large letters
        // ("-EB." read from part of 貴).
        let others = page.lines.indices.filter { other in
            guard !large.contains(other), page.lines[other].confidence >= minConfidence else { return false }
            let b = page.lines[other].box
            return b.y < bottom && b.y + b.height > top
        }.map { page.lines[$0].box }
        let leftLimit = others.filter { $0.x + $0.width <= box.x }.map { $0.x + $0.width }.max() ?? 0
        let rightLimit = others.filter { $0.x >= box.x + box.width }.map(\.x).min() ?? pixels.width
        func hasInk(_ x: Int) -> Bool {
            Self.hasInk(PixelBox(x: x, y: top, width: 1, height: bottom - top), pixels: pixels)
        }
        let gap = Int(maxGap * Double(h))
        var left = box.x
        var x = box.x - 1
        while x >= leftLimit, left - x <= gap {
            if hasInk(x) { left = x }
            x -= 1
        }
        var right = box.x + box.width
        x = right
        while x < rightLimit, x - right <= gap {
            if hasInk(x) { right = x + 1 }
            x += 1
        }
        // The large lines already found on the row belong to it even across a wider gap.
        var rowTop = box.y
        var rowBottom = box.y + box.height
        for member in large {
            let b = page.lines[member].box
            left = min(left, b.x)
            right = max(right, b.x + b.width)
            rowTop = min(rowTop, b.y)
            rowBottom = max(rowBottom, b.y + b.height)
        }
        return PixelBox(x: left, y: rowTop, width: right - left, height: rowBottom - rowTop)
    }

    /// The surest of several readings of crops of `pix`, each read alone (`readAlone`) without
    /// the marks at its ends; nil when none reads a word.
    func surestReading(
        _ attempts: [(box: PixelBox, whiteBorder: Bool, segmentation: PageSegmentation)], of pix: PixImage,
        with engine: TesseractEngine
    ) throws -> (text: String, words: [RecognizedWord], confidence: Double)? {
        var best: (text: String, words: [RecognizedWord], confidence: Double)?
        for attempt in attempts {
            guard
                let reading = try readAlone(
                    attempt.box, of: pix, with: engine, whiteBorder: attempt.whiteBorder,
                    segmentation: attempt.segmentation
                ).flatMap(Self.trimmingMarks)
            else { continue }
            if reading.confidence > (best?.confidence ?? -1) { best = reading }
        }
        return best
    }

    /// A row's reading without the marks at its ends ("|", "。": ink of the crop's margin);
    /// nil when nothing else is left.
    static func trimmingMarks(_ reading: (text: String, words: [RecognizedWord], confidence: Double))
        -> (text: String, words: [RecognizedWord], confidence: Double)?
    {
        var words = reading.words
        while let first = words.first, !first.text.contains(where: \.isLetter) { words.removeFirst() }
        while let last = words.last, !last.text.contains(where: \.isLetter) { words.removeLast() }
        guard words.count < reading.words.count else { return reading }
        guard !words.isEmpty else { return nil }
        let confidence = words.reduce(0) { $0 + $1.confidence } / Double(words.count)
        return (words.map(\.text).joined(separator: " "), words, confidence)
    }

    /// The rows of `span` that hold its ink: grown up and down from its middle until a row
    /// without ink (the kana printed above a name stay out); nil when too thin to read.
    static func inkRows(of span: PixelBox, pixels: GreyPixels) -> PixelBox? {
        let x0 = max(0, span.x)
        let x1 = min(pixels.width, span.x + span.width)
        guard x1 > x0 else { return nil }
        func hasInk(_ y: Int) -> Bool {
            Self.hasInk(PixelBox(x: x0, y: y, width: x1 - x0, height: 1), pixels: pixels)
        }
        var top = min(pixels.height - 1, span.y + span.height / 2)
        while top > 0, hasInk(top - 1) { top -= 1 }
        var bottom = top
        while bottom < pixels.height, hasInk(bottom) { bottom += 1 }
        guard bottom - top >= max(8, span.height / 3) else { return nil }
        return PixelBox(x: x0, y: top, width: x1 - x0, height: bottom - top)
    }
}
