import CLeptonica
import CardModel
import Foundation

/// A point in source-image pixel coordinates.
struct Point: Hashable {
    var x: Double
    var y: Double

    func distance(to other: Point) -> Double { hypot(other.x - x, other.y - y) }
}

/// Where one card lies in the source image: its bounding box and, when found, its four corners
/// (top-left, top-right, bottom-right, bottom-left as seen upright in the image).
struct CardRegion {
    var bbox: PixelBox
    var corners: [Point]?
    /// True when the region is the whole image because no card was found or finding was off.
    var isWholeImage: Bool
    /// A photo read as a whole image that shows one card on a darker desk
    /// (`OCRParameters.CardOnPhoto`): it is read cropped to that card, at its scale, with the desk
    /// filled with the card's paper tone. Nil for every other region.
    var focus: Focus? = nil
    /// A card whose lit part was found first, a shadow's sharp edge crossing it: its paper is
    /// evened out before the other steps judge its tone.
    var crossedByShadow = false

    /// True when the image is read cropped (a found card, or a photo's focused card); false for
    /// a whole image read as it is (no card found, or finding off).
    var isCropped: Bool { !isWholeImage || focus != nil }

    /// The one card a photo read whole is cropped to.
    struct Focus {
        /// The card's corners in source pixels (TL, TR, BR, BL).
        var corners: [Point]
        /// The grey tone of the card's paper: the fill outside it.
        var paper: Int
        /// How far the read area reaches beyond the corners (a share of the distance from the
        /// card's centre): the found edge is not exact.
        var margin: Double

        /// The corners moved out by the margin.
        var grownCorners: [Point] { CardFinder.grown(corners, by: margin) }

        /// The card's long side in source pixels, from its corners.
        var longSide: Double { CardRegion.longSide(of: corners) }
    }

    /// A photo read as a whole image, but at the scale of the one card found on it, cropped to
    /// that card with room to spare (twice the margin).
    static func focused(on focus: Focus, in pix: PixImage) -> CardRegion {
        let grown = CardFinder.grown(focus.corners, by: 2 * focus.margin)
        let x = max(0, Int(grown.map(\.x).min()!.rounded(.down)))
        let y = max(0, Int(grown.map(\.y).min()!.rounded(.down)))
        let maxX = min(pix.width, Int(grown.map(\.x).max()!.rounded(.up)))
        let maxY = min(pix.height, Int(grown.map(\.y).max()!.rounded(.up)))
        return CardRegion(
            bbox: PixelBox(x: x, y: y, width: maxX - x, height: maxY - y), corners: nil, isWholeImage: true,
            focus: focus)
    }

    static func whole(_ pix: PixImage) -> CardRegion {
        CardRegion(
            bbox: PixelBox(x: 0, y: 0, width: pix.width, height: pix.height), corners: nil, isWholeImage: true
        )
    }

    /// The skew of a quadrilateral's top and bottom edges (TL, TR, BR, BL), averaged: the degrees
    /// to turn it clockwise to level them (a card turned counter-clockwise rises to the right).
    static func edgeSkew(of c: [Point]) -> Double {
        let top = atan2(c[1].y - c[0].y, c[1].x - c[0].x)
        let bottom = atan2(c[2].y - c[3].y, c[2].x - c[3].x)
        return -(top + bottom) / 2 * 180 / .pi
    }

    /// The card's long side in source pixels: from its edges when the corners are known.
    var longSide: Double {
        guard let c = corners, c.count == 4 else { return Double(max(bbox.width, bbox.height)) }
        return Self.longSide(of: c)
    }

    /// The longer of a quadrilateral's mean opposite sides (TL, TR, BR, BL).
    static func longSide(of c: [Point]) -> Double {
        let horizontal = (c[0].distance(to: c[1]) + c[3].distance(to: c[2])) / 2
        let vertical = (c[0].distance(to: c[3]) + c[1].distance(to: c[2])) / 2
        return max(horizontal, vertical)
    }
}

/// The per-card preprocessing steps, each a `PreprocessStage` that can be skipped.
struct CardSteps {
    /// Tesseract's sweet spot (OCR_FACTS: 150-DPI input loses a lot).
    static let targetDPI = 300
    /// A business card's long side in inches (ISO 7810 ID-1 is 3.37 in, US cards 3.5 in).
    static let cardLongSideInches = 3.5
    /// A4 and Letter pages' long side, for a page read whole.
    static let pageLongSideInches = 11.4
    /// The resolutions scanners write: a header outside them (72, 96) is a default that says
    /// nothing, and a portrait image too small to be a page at the lowest of them is a photo.
    static let scanResolutions = 150...1200

    let options: OCROptions
    let debug: DebugImages
    let card: Int
    /// True when the card is read as the whole image it is in (no card found, finding off): its
    /// skew sweep may see the desk and the card's edges, not only type (`OCRParameters.TextSkew`).
    let wholeImage: Bool
    /// The slope of the edges of the card a photo read whole is cropped to (`CardRegion.focus`),
    /// as a skew: the skew when the type's own sweep is unsure (the desk's fill and the card's
    /// dark edges outweigh sparse type). Nil for every other region.
    var edgeSkew: Double? = nil

    /// Crops the card, scales it to ~300 DPI, straightens its perspective and cleans its
    /// background: everything before deskew. Returns the image and the rotation (degrees,
    /// clockwise) that the perspective correction removed. `enlarge` multiplies the scale (a
    /// second reading of small text, `PreprocessStage.enlarge`).
    func prepare(_ region: CardRegion, from grey: PixImage, enlarge: Double = 1) throws -> (PixImage, Double) {
        var skew = 0.0
        var pix = region.isCropped ? try grey.cropped(to: region.bbox) : try grey.clone()
        if region.isCropped { debug.write(pix, card: card, stage: "crop") }

        let factor = (options.runs(.scale) ? scaleFactor(region, source: grey) : 1) * enlarge
        // Corners relative to the crop, in source pixels.
        let local = region.corners?.map {
            Point(x: $0.x - Double(region.bbox.x), y: $0.y - Double(region.bbox.y))
        }
        if let local, options.runs(.perspective), Perspective.needsCorrection(local) {
            // One interpolation instead of two: the warp also scales to ~300 DPI. Scaling first
            // and warping after blurred small text (photo e-mails found 80% against 95% without
            // the warp).
            pix = try Perspective.rectify(pix, corners: local, scale: factor)
            // The top edge's slope: a card turned counter-clockwise rises to the right.
            skew = -atan2(local[1].y - local[0].y, local[1].x - local[0].x) * 180 / .pi
            debug.write(pix, card: card, stage: PreprocessStage.perspective.rawValue)
        } else {
            if abs(factor - 1) > 0.08 {
                pix = try pix.scaled(by: factor)
                debug.write(pix, card: card, stage: PreprocessStage.scale.rawValue)
            }
            if let local {
                try Perspective.whitenOutside(
                    local.map { Point(x: $0.x * factor, y: $0.y * factor) }, of: pix)
            }
        }
        if let focus = region.focus {
            // The paper's own tone, not white: Tesseract's global threshold would split pure white
            // from the paper and read the card as dark.
            try Perspective.whitenOutside(
                focus.grownCorners.map {
                    Point(
                        x: ($0.x - Double(region.bbox.x)) * factor,
                        y: ($0.y - Double(region.bbox.y)) * factor)
                },
                of: pix, tone: focus.paper)
            debug.write(pix, card: card, stage: "focus")
        }

        if options.runs(.background), region.crossedByShadow {
            // "pixBackgroundNormFlex: ... adaptation flexibly to a quickly varying background"
            // (adaptmap.c): the shadow's edge is sharp, the tile normalisation of `clean` is not.
            // Its limits: tiles of 3-10 pixels, smoothing 1-3; 7, 7, 1, 1, 10 are the values of
            // Leptonica's own test of it (adaptnorm_reg.c), set, not fitted.
            // A failure leaves the card as it was.
            let source = pix
            if let even = try? PixImage("pixBackgroundNormFlex", {
                pixBackgroundNormFlex(source.pointer, 7, 7, 1, 1, 10)
            }) {
                pix = even
            }
            debug.write(pix, card: card, stage: "shadow")
        }
        if options.runs(.background),
            try Background.isDarkPaper(pix, lift: options.parameters.darkBands.lightLift)
        {
            // Light text on dark paper: Tesseract reads dark text on light paper best, and the
            // background and skew steps assume it.
            pix = try PixImage("pixInvert") { pixInvert(nil, pix.pointer) }
            debug.write(pix, card: card, stage: "invert")
        }
        if options.runs(.background), try Background.isUneven(pix) {
            // Cleaning maps a dark band's tone to white, and its light text with it.
            if let inverted = try DarkBands.inverted(
                pix, rule: options.parameters.darkBands, wholeImage: region.isWholeImage)
            {
                pix = inverted
                debug.write(pix, card: card, stage: "invert-bands")
            }
            pix = try Background.clean(pix)
            debug.write(pix, card: card, stage: PreprocessStage.background.rawValue)
        }
        return (pix, skew)
    }

    /// The factor that brings the card to ~300 DPI, estimated from its long side (3.5 in). A
    /// whole image that is not card-shaped (no card was found) is a page or a photo: a page
    /// (portrait, 1.2-1.48:1) is A4/Letter, 11.4 in long; in a photo the card spans about 65% of
    /// the long side (TestImages: 55-78%). The header's resolution is used when it is a real
    /// one (150-1200): 72 and 96 are defaults that say nothing. A portrait image under 1710 px
    /// (a page at less than 150 DPI) is a phone photo (3:4 is 1.33:1), not a page: a 750x1000
    /// photo of a card on a laptop was read as a Letter page at 88 DPI and enlarged 3.4 times,
    /// the keys' edges and the card's type read as one.
    func scaleFactor(_ region: CardRegion, source: PixImage) -> Double {
        let long = region.longSide
        let short = Double(min(region.bbox.width, region.bbox.height))
        let aspect = long / max(short, 1)
        var dpi = long / Self.cardLongSideInches
        if let focus = region.focus {
            // The card's own size is known: the photo is read at the card's scale.
            dpi = focus.longSide / Self.cardLongSideInches
        } else if region.isWholeImage, !(1.45...2.0).contains(aspect) {
            let header = Int(pixGetXRes(source.pointer))
            if Self.scanResolutions.contains(header) {
                dpi = Double(header)
            } else if region.bbox.height > region.bbox.width, (1.2...1.48).contains(aspect),
                long / Self.pageLongSideInches >= Double(Self.scanResolutions.lowerBound)
            {
                dpi = long / Self.pageLongSideInches
            } else {
                dpi = 0.65 * long / Self.cardLongSideInches
            }
        }
        return min(max(Double(Self.targetDPI) / dpi, 0.25), 4)
    }

    /// Turns a prepared card by `turn` degrees clockwise (0 leaves it), writes it as
    /// `debugStage` when given, then deskews it when that stage runs. Returns the image and the
    /// skew removed.
    func upright(_ pix: PixImage, turn: Int, debugStage: String?) throws -> (PixImage, Double) {
        let turned = turn == 0 ? pix : try pix.rotatedOrthogonally(clockwise: turn)
        if let debugStage { debug.write(turned, card: card, stage: debugStage) }
        return options.runs(.deskew) ? try deskew(turned) : (turned, 0)
    }

    /// For a photo read whole, the skew of its type alone (the sweep over components no taller
    /// than type) when it differs from `chosen` by `TextSkew.minDisagreement` or more: the
    /// sweep over all ink can follow the desk instead (a laptop's edge turned a level card 7
    /// degrees). 0 when the type's sweep is unsure. Nil when they agree or for other regions.
    func typeSkew(_ pix: PixImage, differingFrom chosen: Double) throws -> Double? {
        let text = options.parameters.textSkew
        guard wholeImage, text.maxTextHeight > 0, text.minDisagreement > 0 else { return nil }
        let angle = try Skew.find(pix, maxComponentHeight: text.maxComponentHeight(in: pix)) ?? 0
        let applied = abs(angle) >= 0.2 ? angle : 0
        return abs(applied - chosen) >= text.minDisagreement ? applied : nil
    }

    /// Finds the skew over +/-20 degrees and rotates it away.
    ///
    /// `pixFindSkewAndDeskew`/`pixDeskew` search only +/-7 degrees and do nothing below
    /// confidence 3.0, which sparse cards often are; a sweep over +/-12 accepting >= 1.5 fixed
    /// 5- and 7-degree cards (OCR_FACTS: 72% -> 97%, 84% -> 100%). +/-20 covers photographed
    /// cards (turned up to 18 degrees) whose corners were not found: photo 87% -> 88%, no
    /// change elsewhere.
    func deskew(_ pix: PixImage) throws -> (PixImage, Double) {
        let (rotated, angle, _) = try deskewOfferingTypeSkew(pix)
        return (rotated, angle)
    }

    /// `deskew`, and the type's own skew to read the card at as well (`typeSkew`) where the sweep
    /// over all ink was sure and the type's differs. Where that sweep was unsure, the type's
    /// sweep has already decided the angle: it is not run twice.
    func deskewOfferingTypeSkew(_ pix: PixImage) throws -> (PixImage, Double, typeSkew: Double?) {
        let allInk = try Skew.find(pix)
        var angle = allInk
        let text = options.parameters.textSkew
        if angle == nil, wholeImage, text.maxTextHeight > 0 {
            angle = try Skew.find(pix, maxComponentHeight: text.maxComponentHeight(in: pix))
        }
        if angle == nil, let edgeSkew, abs(edgeSkew) <= 20 { angle = edgeSkew }
        let applied = angle.map { abs($0) >= 0.2 ? $0 : 0 } ?? 0
        let offered = allInk == nil ? nil : try typeSkew(pix, differingFrom: applied)
        guard applied != 0 else { return (pix, 0, offered) }
        let rotated = try pix.rotated(degrees: applied)
        debug.write(rotated, card: card, stage: PreprocessStage.deskew.rawValue)
        return (rotated, applied, offered)
    }
}

/// Skew detection on a binarized copy.
enum Skew {
    /// Degrees to rotate (clockwise positive, as `pixRotate` takes it) or nil when unsure.
    /// `maxComponentHeight` (pixels) sweeps only the dark components no taller than that: type,
    /// without the desk, shadows or the card's edges.
    static func find(_ pix: PixImage, maxComponentHeight: Int? = nil) throws -> Double? {
        var threshold: Int32 = 128
        // "pixSplitDistributionFgBg: ... finds the threshold that best splits the histogram into
        // fg and bg" (grayquant.c); factor 2 subsamples for speed.
        if pixSplitDistributionFgBg(pix.pointer, 0.0, 2, &threshold, nil, nil, nil) != 0 { threshold = 128 }
        var binary = try pix.binarized(threshold: Int(threshold))
        if let maxComponentHeight {
            // "pixSelectBySize: ... type: L_SELECT_WIDTH, L_SELECT_HEIGHT, ...; relation:
            // L_SELECT_IF_LT, L_SELECT_IF_GT, L_SELECT_IF_LTE, L_SELECT_IF_GTE" (pix5.c)
            let (type, relation) = (Int32(L_SELECT_HEIGHT), Int32(L_SELECT_IF_LTE))
            binary = try PixImage("pixSelectBySize") {
                pixSelectBySize(binary.pointer, 0, Int32(maxComponentHeight), 8, type, relation, nil)
            }
        }
        var angle: Float = 0
        var confidence: Float = 0
        // "redsweep: sweep reduction factor = 1, 2, 4 or 8; redsearch: binary search reduction
        // factor = 1, 2, 4 or 8; and must not exceed redsweep; sweeprange: half the full range,
        // assumed about 0; in degrees; sweepdelta: angle increment of sweep; in degrees;
        // minbsdelta: min binary search increment angle; in degrees" (skew.c)
        // It also returns 1 when it finds nothing to measure (a blank card): no skew, not an error.
        guard pixFindSkewSweepAndSearch(binary.pointer, &angle, &confidence, 4, 2, 20, 1, 0.01) == 0 else {
            return nil
        }
        return confidence >= 1.5 ? Double(angle) : nil
    }
}

/// Background cleaning for shaded photos and grey scanner beds.
enum Background {
    /// True when the paper is dark (light text on dark paper): the median pixel is paper on any
    /// card, since text covers far less than half of it; and what stands out from the paper is
    /// lighter than it more often than darker (light text). A photo whose card was not found and
    /// whose desk lies mostly in a hard shadow has a dark median too, but dark text on its card
    /// and the desk's grain both ways: inverted whole, the shadowed text turned light on grey,
    /// and cleaning took it. `lift`: how far from the local paper a pixel counts as text
    /// (`OCRParameters.LightOnDark.lightLift`, the bands' measure).
    static func isDarkPaper(_ pix: PixImage, lift: Double) throws -> Bool {
        let small = try pix.scaled(by: min(1, 160 / Double(max(pix.width, pix.height, 1))))
        let values = GreyPixels(small).values.sorted()
        guard !values.isEmpty, values[values.count / 2] < 100 else { return false }
        let (light, dark) = try DarkBands.outliers(pix, lift: lift)
        return light > dark
    }

    /// True when the paper's brightness varies across the card (lighting gradient, shadow) or
    /// is not near white, judged from the 90th percentile of 6x4 tiles. Cleaning an even white
    /// card costs recall; measured on TestImages (token recall): always cleaning gave clean 93%
    /// and lowdpi 87%, cleaning only uneven cards 96% and 92%; photos need it (69% without,
    /// 86% with).
    static func isUneven(_ pix: PixImage) throws -> Bool {
        let small = try pix.scaled(by: min(1, 160 / Double(max(pix.width, pix.height, 1))))
        let pixels = GreyPixels(small)
        let (columns, rows) = (6, 4)
        var papers: [Int] = []
        for row in 0..<rows {
            for column in 0..<columns {
                var counts = [Int](repeating: 0, count: 256)
                var total = 0
                for y in (row * pixels.height / rows)..<((row + 1) * pixels.height / rows) {
                    for x in (column * pixels.width / columns)..<((column + 1) * pixels.width / columns) {
                        counts[Int(pixels.values[y * pixels.width + x])] += 1
                        total += 1
                    }
                }
                guard total > 0 else { continue }
                // The tile's paper: its 90th percentile (text is dark and rarely covers 10%).
                var seen = 0
                for (value, count) in counts.enumerated() {
                    seen += count
                    if Double(seen) >= 0.9 * Double(total) {
                        papers.append(value)
                        break
                    }
                }
            }
        }
        // Judge the brightest 60% of tiles: a dark band or logo is design, not shading.
        let paper = papers.sorted().suffix(max(1, papers.count * 3 / 5))
        guard let darkest = paper.first, let brightest = paper.last else { return false }
        return darkest < 200 || brightest - darkest > 12
    }

    static func clean(_ pix: PixImage) throws -> PixImage {
        // "pixCleanBackgroundToWhite: ... does background normalization followed by gamma TRC
        // ... pixs 8 bpp grayscale or 32 bpp rgb; gamma (1.0 for no change); blackval, whiteval:
        // (70, 190 are typical)" (adaptmap.c)
        try PixImage("pixCleanBackgroundToWhite") {
            pixCleanBackgroundToWhite(pix.pointer, nil, nil, 1.0, 70, 190)
        }
    }
}

/// Perspective correction from four corners.
enum Perspective {
    /// True when the corners are far enough from an axis-aligned rectangle to be worth a warp
    /// (more than ~0.5 degree of tilt or 1% of keystone).
    static func needsCorrection(_ c: [Point]) -> Bool {
        guard c.count == 4 else { return false }
        let width = max(c[0].distance(to: c[1]), c[3].distance(to: c[2]), 1)
        let height = max(c[0].distance(to: c[3]), c[1].distance(to: c[2]), 1)
        let dx = max(abs(c[0].x - c[3].x), abs(c[1].x - c[2].x)) / height
        let dy = max(abs(c[0].y - c[1].y), abs(c[3].y - c[2].y)) / width
        return max(dx, dy) > 0.01
    }

    /// Maps the quadrilateral onto an upright rectangle with the mean edge lengths times `scale`.
    static func rectify(_ pix: PixImage, corners c: [Point], scale: Double) throws -> PixImage {
        let width = (c[0].distance(to: c[1]) + c[3].distance(to: c[2])) / 2 * scale
        let height = (c[0].distance(to: c[3]) + c[1].distance(to: c[2])) / 2 * scale
        // The output of pixProjectivePtaGray has the input's size: work on a canvas large
        // enough for the rectangle, then crop it.
        let canvasW = max(pix.width, Int(width.rounded(.up)))
        let canvasH = max(pix.height, Int(height.rounded(.up)))
        let canvas: PixImage
        if canvasW > pix.width || canvasH > pix.height {
            canvas = try PixImage("pixCreate") { pixCreate(Int32(canvasW), Int32(canvasH), 8) }
            try leptonica("pixSetAll") { pixSetAll(canvas.pointer) }
            try leptonica("pixRasterop") {
                pixRasterop(
                    canvas.pointer, 0, 0, Int32(pix.width), Int32(pix.height), Int32(PIX_SRC), pix.pointer, 0,
                    0)
            }
        } else {
            canvas = pix
        }
        let source = try PointList(c)
        let target = try PointList([
            Point(x: 0, y: 0), Point(x: width - 1, y: 0), Point(x: width - 1, y: height - 1),
            Point(x: 0, y: height - 1),
        ])
        // "ptad: 4 pts of final coordinate space; ptas: 4 pts of initial coordinate space;
        // grayval: 0 to bring in BLACK, 255 for WHITE" (projective.c)
        let warped = try PixImage("pixProjectivePtaGray") {
            pixProjectivePtaGray(canvas.pointer, target.pointer, source.pointer, 255)
        }
        return try warped.cropped(to: PixelBox(x: 0, y: 0, width: Int(width), height: Int(height)))
    }

    /// Paints everything outside the quadrilateral white (desk or scanner lid around a card
    /// that is not straightened), or `tone` when given (a focused card's paper), row by row.
    static func whitenOutside(_ c: [Point], of pix: PixImage, tone: Int? = nil) throws {
        guard c.count == 4 else { return }
        let edges = [(c[0], c[1]), (c[1], c[2]), (c[2], c[3]), (c[3], c[0])]
        func fill(_ x: Int, _ y: Int, _ width: Int) throws {
            guard width > 0 else { return }
            if let tone {
                let row = try LeptonicaBox(PixelBox(x: x, y: y, width: width, height: 1))
                _ = pixSetInRectArbitrary(pix.pointer, row.pointer, UInt32(max(0, min(255, tone))))
            } else {
                _ = pixRasterop(pix.pointer, Int32(x), Int32(y), Int32(width), 1, Int32(PIX_SET), nil, 0, 0)
            }
        }
        for y in 0..<pix.height {
            let fy = Double(y) + 0.5
            var xs: [Double] = []
            for (a, b) in edges where (a.y <= fy && b.y > fy) || (b.y <= fy && a.y > fy) {
                xs.append(a.x + (fy - a.y) / (b.y - a.y) * (b.x - a.x))
            }
            let left = xs.min().map { max(0, min(pix.width, Int($0.rounded()))) } ?? pix.width
            let right = xs.max().map { max(0, min(pix.width, Int($0.rounded()))) } ?? pix.width
            try fill(0, y, left)
            try fill(right, y, pix.width - right)
        }
    }
}

/// Owns a Leptonica point array (`PTA`).
final class PointList {
    let pointer: UnsafeMutablePointer<PTA>

    init(_ points: [Point]) throws {
        guard let p = ptaCreate(Int32(points.count)) else {
            throw OCRError.cCallFailed(function: "ptaCreate", path: nil)
        }
        for point in points { ptaAddPt(p, Float(point.x), Float(point.y)) }
        pointer = p
    }

    deinit {
        var p: UnsafeMutablePointer<PTA>? = pointer
        ptaDestroy(&p)
    }
}
