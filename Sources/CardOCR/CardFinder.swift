import CLeptonica
import CardModel
import Foundation

/// Finds the card(s) on a larger page: a desk photo, a scanner bed, several cards on a flatbed.
///
/// The recipe of OCR_FACTS ("Finding cards on a scanner page or photo"), on a reduced copy so
/// it costs a few milliseconds: Otsu threshold so the bright card is foreground, close then
/// open, fill holes (the text), connected components, keep card-sized ones; when one component
/// covers most of the page (a light scanner lid), threshold again on the bright part of the
/// histogram to separate the white card from the lid.
enum CardFinder {
    /// The reduced copy's long side, in pixels (a letter page becomes ~75 DPI, a card ~250 px).
    static let workingLongSide = 800.0
    /// Bricks for closing and opening, in working pixels (OCR_FACTS: ~9x9).
    static let brick: Int32 = 9
    /// A card's sides must be at least this fraction of the page's short side.
    static let minSideFraction = 0.12
    /// A component this large (fraction of the page area) is the page itself, or the card
    /// filling the whole image.
    static let wholePageFraction = 0.8

    static func find(in grey: PixImage, debug: DebugImages) throws -> [CardRegion] {
        let whole = [CardRegion.whole(grey)]
        let long = Double(max(grey.width, grey.height))
        let factor = min(1, workingLongSide / long)
        let small = factor < 1 ? try grey.scaled(by: factor) : try grey.clone()
        let histogram = try Histogram(small)

        let first = histogram.otsu(in: 0...255)
        var found = try components(small, threshold: first)
        if found.isEmpty || found.contains(where: { $0.areaFraction > wholePageFraction }) {
            // A light lid (or the card alone): split the bright part, white card vs grey lid.
            let second = histogram.otsu(in: first...255)
            let again = try components(small, threshold: second)
            if !again.isEmpty, !again.contains(where: { $0.areaFraction > wholePageFraction }) {
                found = again
            } else {
                return whole
            }
        }
        guard !found.isEmpty else { return whole }
        if debug.isEnabled { debug.write(small, card: nil, stage: "find-cards-input") }

        let scale = 1 / factor
        let regions = found.map { c -> CardRegion in
            let x = max(0, Int((Double(c.box.x) * scale).rounded(.down)))
            let y = max(0, Int((Double(c.box.y) * scale).rounded(.down)))
            let maxX = min(grey.width, Int((Double(c.box.maxX) * scale).rounded(.up)))
            let maxY = min(grey.height, Int((Double(c.box.maxY) * scale).rounded(.up)))
            let corners = c.corners?.map { Point(x: ($0.x + 0.5) * scale, y: ($0.y + 0.5) * scale) }
            return CardRegion(
                bbox: PixelBox(x: x, y: y, width: maxX - x, height: maxY - y), corners: corners, isWholeImage: false)
        }
        return readingOrder(regions)
    }

    /// Top to bottom, then left to right within a row (cards whose vertical extents overlap by
    /// half the smaller height are one row): the order of the truth files.
    static func readingOrder(_ regions: [CardRegion]) -> [CardRegion] {
        var rows: [[CardRegion]] = []
        for region in regions.sorted(by: { $0.bbox.y < $1.bbox.y }) {
            if let last = rows.last?.last {
                let overlap = min(last.bbox.maxY, region.bbox.maxY) - max(last.bbox.y, region.bbox.y)
                if Double(overlap) > 0.5 * Double(min(last.bbox.height, region.bbox.height)) {
                    rows[rows.count - 1].append(region)
                    continue
                }
            }
            rows.append([region])
        }
        return rows.flatMap { $0.sorted(by: { $0.bbox.x < $1.bbox.x }) }
    }

    // MARK: - Components

    struct Component {
        var box: PixelBox
        var areaFraction: Double
        /// TL, TR, BR, BL in working pixels, when the component is a clean quadrilateral.
        var corners: [Point]?
    }

    /// Card-sized bright components at `threshold`.
    static func components(_ small: PixImage, threshold: Int) throws -> [Component] {
        // Dark pixels become foreground; invert so the bright card is foreground.
        let dark = try small.binarized(threshold: threshold)
        let bright = try PixImage("pixInvert") { pixInvert(nil, dark.pointer) }
        // "pixCloseSafeBrick: ... safe closing: it adds a border so that the result is not
        // affected by the image boundary" (morph.c)
        let closed = try PixImage("pixCloseSafeBrick") { pixCloseSafeBrick(nil, bright.pointer, brick, brick) }
        let opened = try PixImage("pixOpenBrick") { pixOpenBrick(nil, closed.pointer, brick, brick) }
        // "pixHolesByFilling: returns pixd, inverted image of all holes" (seedfill.c): the text
        // and logos inside a card; OR them back in to get solid cards.
        let holes = try PixImage("pixHolesByFilling") { pixHolesByFilling(opened.pointer, 4) }
        let solid = try PixImage("pixOr") { pixOr(nil, opened.pointer, holes.pointer) }

        let parts = try ConnectedComponents(solid)

        let pageArea = Double(small.width * small.height)
        let minSide = minSideFraction * Double(min(small.width, small.height))
        var result: [Component] = []
        for i in 0..<parts.count {
            guard let box = parts.box(i), Double(min(box.width, box.height)) >= minSide,
                let component = parts.mask(i)
            else { continue }
            let (x, y, w, h) = (box.x, box.y, box.width, box.height)
            let shape = Shape(component)
            // A card is a solid quadrilateral: most of the component lies inside its corners'
            // polygon and the polygon is mostly filled. Otherwise keep only the box.
            var corners = shape.corners.map { Point(x: $0.x + Double(x), y: $0.y + Double(y)) }
            if shape.area > 0 {
                let quad = polygonArea(shape.corners)
                if quad <= 0 || Double(shape.area) / quad < 0.93 || Double(shape.area) / quad > 1.07 { corners = [] }
            }
            result.append(
                Component(
                    box: box, areaFraction: Double(w) * Double(h) / pageArea,
                    corners: corners.count == 4 ? corners : nil))
        }
        return result
    }

    /// The foreground pixel count and extreme corners of a 1-bpp component mask.
    struct Shape {
        var area = 0
        var corners: [Point] = []

        init(_ mask: PixImage) {
            guard let data = pixGetData(mask.pointer) else { return }
            let wpl = Int(pixGetWpl(mask.pointer))
            var tl = (v: Int.max, x: 0, y: 0)
            var br = (v: Int.min, x: 0, y: 0)
            var tr = (v: Int.min, x: 0, y: 0)
            var bl = (v: Int.max, x: 0, y: 0)
            for y in 0..<mask.height {
                let row = data + y * wpl
                for x in 0..<mask.width {
                    // 1-bpp pixels are packed MSB first in 32-bit words (pix.h, "Pixel data").
                    guard (row[x >> 5] >> (31 - UInt32(x & 31))) & 1 == 1 else { continue }
                    area += 1
                    let sum = x + y
                    let diff = x - y
                    if sum < tl.v { tl = (sum, x, y) }
                    if sum > br.v { br = (sum, x, y) }
                    if diff > tr.v { tr = (diff, x, y) }
                    if diff < bl.v { bl = (diff, x, y) }
                }
            }
            guard area > 0 else { return }
            corners = [tl, tr, br, bl].map { Point(x: Double($0.x), y: Double($0.y)) }
        }
    }

    /// Shoelace area of a polygon.
    static func polygonArea(_ p: [Point]) -> Double {
        guard p.count >= 3 else { return 0 }
        var sum = 0.0
        for i in p.indices {
            let a = p[i]
            let b = p[(i + 1) % p.count]
            sum += a.x * b.y - b.x * a.y
        }
        return abs(sum) / 2
    }
}

/// The grey histogram of an 8-bit image, with Otsu's threshold over any sub-range.
struct Histogram {
    var counts: [Double]

    init(_ pix: PixImage) throws {
        let numbers = try NumberArray("pixGetGrayHistogram") { pixGetGrayHistogram(pix.pointer, 1) }
        counts = numbers.values
    }

    /// Otsu's threshold within `range`: the grey value that maximises the between-class
    /// variance; pixels below it are the dark class.
    func otsu(in range: ClosedRange<Int>) -> Int {
        let total = range.reduce(0.0) { $0 + counts[$1] }
        guard total > 0 else { return (range.lowerBound + range.upperBound) / 2 }
        let sum = range.reduce(0.0) { $0 + Double($1) * counts[$1] }
        var weightBelow = 0.0
        var sumBelow = 0.0
        var best = (variance: -1.0, threshold: range.lowerBound)
        for t in range {
            weightBelow += counts[t]
            sumBelow += Double(t) * counts[t]
            let weightAbove = total - weightBelow
            guard weightBelow > 0, weightAbove > 0 else { continue }
            let meanBelow = sumBelow / weightBelow
            let meanAbove = (sum - sumBelow) / weightAbove
            let variance = weightBelow * weightAbove * (meanBelow - meanAbove) * (meanBelow - meanAbove)
            if variance > best.variance { best = (variance, t + 1) }
        }
        return best.threshold
    }
}

/// Owns the boxes and masks of `pixConnComp` (a `BOXA` and a `PIXA`).
final class ConnectedComponents {
    private let boxes: UnsafeMutablePointer<BOXA>
    private let masks: UnsafeMutablePointer<PIXA>

    /// 8-connected components of a 1-bpp image.
    init(_ binary: PixImage) throws {
        var pixa: UnsafeMutablePointer<PIXA>? = nil
        // "pixConnComp: ... ppixa [optional] pixa of each c.c.; connectivity 4 or 8" (conncomp.c)
        guard let boxa = pixConnComp(binary.pointer, &pixa, 8) else {
            throw OCRError.cCallFailed(function: "pixConnComp", path: nil)
        }
        guard let pixa else {
            var b: UnsafeMutablePointer<BOXA>? = boxa
            boxaDestroy(&b)
            throw OCRError.cCallFailed(function: "pixConnComp", path: nil)
        }
        boxes = boxa
        masks = pixa
    }

    deinit {
        var b: UnsafeMutablePointer<BOXA>? = boxes
        boxaDestroy(&b)
        var p: UnsafeMutablePointer<PIXA>? = masks
        pixaDestroy(&p)
    }

    var count: Int { Int(boxaGetCount(boxes)) }

    func box(_ i: Int) -> PixelBox? {
        var x: Int32 = 0
        var y: Int32 = 0
        var w: Int32 = 0
        var h: Int32 = 0
        guard boxaGetBoxGeometry(boxes, Int32(i), &x, &y, &w, &h) == 0 else { return nil }
        return PixelBox(x: Int(x), y: Int(y), width: Int(w), height: Int(h))
    }

    /// The component's own mask, the size of its box (a new reference: L_CLONE).
    func mask(_ i: Int) -> PixImage? {
        pixaGetPix(masks, Int32(i), Int32(L_CLONE)).map(PixImage.init(owning:))
    }
}

/// Owns a Leptonica number array (`NUMA`) long enough to copy its values out.
final class NumberArray {
    private let pointer: UnsafeMutablePointer<NUMA>

    init(_ function: StaticString, _ body: () -> UnsafeMutablePointer<NUMA>?) throws {
        pointer = try nonNull(function, body)
    }

    deinit {
        var p: UnsafeMutablePointer<NUMA>? = pointer
        numaDestroy(&p)
    }

    var values: [Double] {
        (0..<Int(numaGetCount(pointer))).map { i in
            var v: Float = 0
            _ = numaGetFValue(pointer, Int32(i), &v)
            return Double(v)
        }
    }
}
