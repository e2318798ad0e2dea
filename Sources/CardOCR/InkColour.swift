import CLeptonica
import Foundation

/// How much of a card's ink is coloured, for the `colour` stage (`OCRParameters.ColouredInk`).
///
/// Measured on a copy at most 400 pixels across: the paper is the 70th percentile of the
/// luminance, ink whatever is `inkDepth` darker. The share is 0 (not a card with coloured ink)
/// when the paper is not neutral (a coloured card), when coloured pixels are more than
/// `maxColouredPixels` of the image (a coloured panel, logo block or table), when ink covers
/// `maxInk` of it or more (a dark panel or card), or when the image is a whole photo whose
/// border is not the card's paper (fabric or a desk around a card the finder did not take:
/// their colours are no ink).
enum InkColour {
    /// The share of the ink that is coloured, 0...1, under `rule`'s limits; `whole` says the
    /// image is a whole photo rather than a found card.
    static func colouredShare(of rgb: PixImage, whole: Bool, rule: OCRParameters.ColouredInk) throws -> Double
    {
        guard let (luminance, chroma, width) = try tones(of: rgb, maxSide: 400) else { return 0 }
        return share(luminance: luminance, chroma: chroma, width: width, whole: whole, rule: rule)
    }

    /// The measure on per-pixel luminance and chroma (row-major, `width` pixels a row).
    static func share(
        luminance: [Int], chroma: [Int], width: Int, whole: Bool, rule: OCRParameters.ColouredInk
    ) -> Double {
        guard !luminance.isEmpty, width > 0, luminance.count == chroma.count else { return 0 }
        let height = luminance.count / width
        let paper = luminance.sorted()[luminance.count * 7 / 10]
        let paperChroma = luminance.indices.filter { luminance[$0] >= paper }.map { chroma[$0] }.sorted()
        guard !paperChroma.isEmpty, Double(paperChroma[paperChroma.count / 2]) < rule.maxPaperChroma else {
            return 0
        }
        if whole {
            let strip = max(2, min(width, height) / 20)
            var border: [Int] = []
            var borderChroma: [Int] = []
            for y in 0..<height {
                for x in 0..<width where y < strip || y >= height - strip || x < strip || x >= width - strip {
                    border.append(luminance[y * width + x])
                    borderChroma.append(chroma[y * width + x])
                }
            }
            border.sort()
            borderChroma.sort()
            guard !border.isEmpty, Double(border[border.count / 2]) >= Double(paper) - rule.borderDepth,
                Double(borderChroma[borderChroma.count / 2]) < rule.maxPaperChroma
            else { return 0 }
        }
        let total = Double(luminance.count)
        let coloured = chroma.filter { Double($0) > rule.inkChroma }.count
        guard Double(coloured) < rule.maxColouredPixels * total else { return 0 }
        let ink = luminance.indices.filter { Double(luminance[$0]) < Double(paper) - rule.inkDepth }
        // Fewer than 50 ink pixels on a 400-pixel copy is no text to judge.
        guard ink.count >= 50, Double(ink.count) < rule.maxInk * total else { return 0 }
        return Double(ink.filter { Double(chroma[$0]) > rule.inkChroma }.count) / Double(ink.count)
    }
}

extension InkColour {
    /// A card's commonest tone: the pixels within `toneWidth` of the median luminance (on a
    /// copy at most 200 pixels across), their median chroma, and whether its type is lighter
    /// than it (over twice as many pixels `typeLift` lighter than the tone as darker).
    struct Paper: Hashable, Sendable {
        var chroma: Double
        var lightType: Bool
    }

    static let toneWidth = 20
    static let typeLift = 40

    static func paper(of rgb: PixImage) throws -> Paper {
        guard let (luminance, chroma, _) = try tones(of: rgb, maxSide: 200) else {
            return Paper(chroma: 0, lightType: false)
        }
        return paper(luminance: luminance, chroma: chroma)
    }

    /// The measure on per-pixel luminance and chroma.
    static func paper(luminance: [Int], chroma: [Int]) -> Paper {
        guard !luminance.isEmpty, luminance.count == chroma.count else {
            return Paper(chroma: 0, lightType: false)
        }
        let tone = luminance.sorted()[luminance.count / 2]
        let paper = luminance.indices.filter { abs(luminance[$0] - tone) <= toneWidth }
            .map { chroma[$0] }.sorted()
        let lighter = luminance.filter { $0 >= tone + typeLift }.count
        let darker = luminance.filter { $0 <= tone - typeLift }.count
        // Light type stands out clearly: a light card on a coloured desk read whole has about as
        // many pixels lighter than the desk as darker (its own dark type).
        let median = paper.isEmpty ? 0 : Double(paper[paper.count / 2])
        return Paper(chroma: median, lightType: lighter > 2 * darker)
    }
}

extension InkColour {
    /// Per-pixel luminance and chroma (max - min channel) of a copy of `rgb` at most `maxSide`
    /// pixels across, row-major, with the copy's width; nil for a grey or binary image.
    static func tones(
        of rgb: PixImage, maxSide: Double
    ) throws -> (luminance: [Int], chroma: [Int], width: Int)? {
        guard rgb.depth == 32 else { return nil }
        let factor = Float(min(1, maxSide / Double(max(rgb.width, rgb.height, 1))))
        // "pixScale: scales by sx, sy ... for 32 bpp uses linear interpolation (or area map
        // for large reductions)" (scale1.c)
        let small = try PixImage("pixScale") { pixScale(rgb.pointer, factor, factor) }
        guard small.depth == 32 else { return nil }
        let (width, height) = (small.width, small.height)
        var luminance = [Int](repeating: 0, count: width * height)
        var chroma = [Int](repeating: 0, count: width * height)
        // The pixels are read through a raw pointer: `small` must live until the loop is done.
        try withExtendedLifetime(small) {
            guard let data = pixGetData(small.pointer) else {
                throw OCRError.cCallFailed(function: "pixGetData", path: nil)
            }
            let wordsPerLine = Int(pixGetWpl(small.pointer))
            for y in 0..<height {
                let row = UnsafeRawPointer(data + y * wordsPerLine).assumingMemoryBound(to: UInt32.self)
                for x in 0..<width {
                    // A 32 bpp pixel is one word, red in its most significant byte ("L_RED_SHIFT =
                    // 8 * (sizeof(l_uint32) - 1 - COLOR_RED)", pix.h, COLOR_RED = 0).
                    let word = row[x]
                    let red = Int((word >> 24) & 0xff)
                    let green = Int((word >> 16) & 0xff)
                    let blue = Int((word >> 8) & 0xff)
                    luminance[y * width + x] = (299 * red + 587 * green + 114 * blue) / 1000
                    chroma[y * width + x] = max(red, green, blue) - min(red, green, blue)
                }
            }
        }
        return (luminance, chroma, width)
    }
}

extension PixImage {
    /// An 8-bit grey copy of a 32-bit colour image from each pixel's darkest channel.
    func darkestChannel() throws -> PixImage {
        // "pixConvertRGBToGrayMinMax ... type: L_CHOOSE_MIN, L_CHOOSE_MAX ..." (convert.c)
        try PixImage("pixConvertRGBToGrayMinMax") { pixConvertRGBToGrayMinMax(pointer, Int32(L_CHOOSE_MIN)) }
    }

    /// The darkest channel of a colour image; nil for a grey or binary one.
    func darkestChannelIfColour() throws -> PixImage? {
        depth == 32 ? try darkestChannel() : nil
    }
}
