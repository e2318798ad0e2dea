import CLeptonica
import Foundation

/// Light text on dark bands (a company name in white on a coloured strip, phones on a grey
/// panel): background cleaning maps a band's tone to white and its light text with it, so
/// such bands are inverted first, where the text becomes dark on light like the rest.
///
/// Found on a copy reduced to `workingLongSide`: a median filter gives each place its paper
/// tone whatever the text's polarity (text covers less than half of any window); regions
/// clearly darker than the card's paper, larger than a text line, whose other pixels are
/// mostly lighter than their tone (light text, not dark text in a shadow), are inverted. The
/// limits are `OCRParameters.LightOnDark` (models/ocr/parameters.json `dark_bands`).
enum DarkBands {
    static let workingLongSide = 256.0
    /// Median window in working pixels (~0.15 in on a card): wider than a text stroke, so the
    /// median is the paper's tone, and a step edge keeps its place under a median filter.
    static let window: Int32 = 9

    /// How many pixels of a working copy of `pix` stand out from their place's paper tone
    /// (its median) by more than `lift`, lighter and darker.
    static func outliers(_ pix: PixImage, lift: Double) throws -> (light: Int, dark: Int) {
        let factor = min(1, workingLongSide / Double(max(pix.width, pix.height, 1)))
        let small = try pix.scaled(by: factor)
        guard small.width > Int(window) * 2, small.height > Int(window) * 2 else { return (0, 0) }
        let median = try PixImage("pixRankFilterGray") {
            pixRankFilterGray(small.pointer, window, window, 0.5)
        }
        let tone = GreyPixels(median).values
        let values = GreyPixels(small).values
        guard tone.count == values.count else { return (0, 0) }
        var (light, dark) = (0, 0)
        let step = Int(lift)
        for (v, t) in zip(values, tone) {
            if Int(v) > Int(t) + step { light += 1 } else if Int(v) < Int(t) - step { dark += 1 }
        }
        return (light, dark)
    }

    /// The image with its light-on-dark regions inverted, or nil when it has none. `wholeImage`:
    /// no card was found and `pix` is the whole image, background around the card included.
    static func inverted(
        _ pix: PixImage, rule: OCRParameters.LightOnDark, wholeImage: Bool
    ) throws -> PixImage? {
        let factor = min(1, workingLongSide / Double(max(pix.width, pix.height, 1)))
        let small = try pix.scaled(by: factor)
        guard small.width > Int(window) * 2, small.height > Int(window) * 2 else { return nil }
        // "pixRankFilterGray: wf, hf: width and height of filter; each is >= 1; rank: in
        // [0.0 ... 1.0]" (rank.c); 0.5 is the median.
        let median = try PixImage("pixRankFilterGray") { pixRankFilterGray(small.pointer, window, window, 0.5) }
        let tone = GreyPixels(median)
        let values = GreyPixels(small)
        let (w, h) = (tone.width, tone.height)
        guard values.width == w, values.height == h, w * h > 0 else { return nil }
        let sorted = tone.values.sorted()
        let paper = Int(sorted[sorted.count * 9 / 10])
        // A band is well below the paper. On a found card (its own tone measured) the fitted
        // limit takes mid-grey panels; a whole photo keeps the stricter one, since its table or
        // fabric is darker than the card, and lighting gradients in TestImages photos leave
        // the paper within ~25% of its brightest tone.
        let darkLimit = rule.bandLimit(paper: paper, wholeImage: wholeImage)
        guard paper >= 100 else { return nil }

        var label = [Int32](repeating: -1, count: w * h)
        var keep = [Bool](repeating: false, count: w * h)
        var any = false
        var stack: [Int] = []
        for start in 0..<(w * h) where label[start] < 0 && Int(tone.values[start]) < darkLimit {
            // One 4-connected dark region.
            var members: [Int] = []
            label[start] = 0
            stack.append(start)
            while let p = stack.popLast() {
                members.append(p)
                let (x, y) = (p % w, p / w)
                for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)]
                where nx >= 0 && ny >= 0 && nx < w && ny < h {
                    let q = ny * w + nx
                    if label[q] < 0 && Int(tone.values[q]) < darkLimit {
                        label[q] = 0
                        stack.append(q)
                    }
                }
            }
            // Larger than a line of text, smaller than the card (dark paper is inverted whole).
            guard Double(members.count) >= rule.minArea * Double(w * h),
                Double(members.count) <= rule.maxArea * Double(w * h)
            else { continue }
            // A band spans a good part of the card; a dark logo with light letters in it is
            // smaller (TestImages 259-photo read "Ra" from its inverted "RE" logo).
            var (minX, minY, maxX, maxY) = (w, h, 0, 0)
            for p in members {
                (minX, maxX) = (min(minX, p % w), max(maxX, p % w))
                (minY, maxY) = (min(minY, p / w), max(maxY, p / w))
            }
            guard Double(maxX - minX + 1) >= rule.minSpan * Double(w)
                || Double(maxY - minY + 1) >= rule.minSpan * Double(h)
            else { continue }
            var light = 0
            var dark = 0
            let lift = Int(rule.lightLift)
            for p in members {
                let v = Int(values.values[p])
                let t = Int(tone.values[p])
                if v > t + lift { light += 1 } else if v < t - lift { dark += 1 }
            }
            guard light >= max(6, members.count / 100), light > 2 * dark else { continue }
            for p in members { keep[p] = true }
            any = true
        }
        guard any else { return nil }

        // The mask at working size (black = invert), brought to full size and thresholded.
        let mask = try PixImage("pixCreate") { pixCreate(Int32(w), Int32(h), 8) }
        try leptonica("pixSetAll") { pixSetAll(mask.pointer) }
        for p in 0..<(w * h) where keep[p] {
            _ = pixSetPixel(mask.pointer, Int32(p % w), Int32(p / w), 0)
        }
        let large = try PixImage("pixScaleToSize") {
            pixScaleToSize(mask.pointer, Int32(pix.width), Int32(pix.height))
        }
        let binary = try large.binarized(threshold: 128)
        let negative = try PixImage("pixInvert") { pixInvert(nil, pix.pointer) }
        let result = try PixImage("pixCopy") { pixCopy(nil, pix.pointer) }
        // "pixCombineMasked: pixd = pixs where pixm is 1; ... pixm 1 bpp, same size" (blend.c)
        try leptonica("pixCombineMasked") { pixCombineMasked(result.pointer, negative.pointer, binary.pointer) }
        return result
    }
}
