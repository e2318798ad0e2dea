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
    /// Closing that merges letters and lines into text clusters; clusters are then grouped by
    /// the card size the page implies.
    static let clusterBrick: Int32 = 9
    /// An upright box in working pixels, for clipping shapes to the image.
    struct Frame {
        var minX, minY, maxX, maxY: Double
    }

    /// A card running off a corner of the image is one that fills the frame: its box covers
    /// this much of the image (a smaller bright corner is a wall or paper behind the desk), and
    /// at most `maxCornerCardArea` (more is the page itself).
    static let minCornerCardArea = 0.25
    static let maxCornerCardArea = 0.9
    /// A card's sides must be at least this fraction of the page's short side.
    static let minSideFraction = 0.12
    /// How many times its area a lit part of a card crossed by a shadow may grow (`inShadow`).
    static let shadowedCardGrowth = 3.0

    /// The cards on a page, found on its grey tones; when those show none and the page is in
    /// colour, found again on its darkest colour channel (`darkestChannel`, nil for a grey page;
    /// made only then, and the caller may keep it for the `colour` stage). White paper is bright in all three
    /// channels and a beige desk, wood, fabric or a hand is not, so a white card that is barely
    /// lighter than its background in grey (a card on light wood photographed at an angle: realcards
    /// tune) stands out there. Only bright cards count on that channel: a coloured card is dark in
    /// it, and is found on grey tones or read whole as before.
    static func find(
        in grey: PixImage, darkestChannel: () throws -> PixImage?, onPhoto: OCRParameters.CardOnPhoto = .off,
        debug: DebugImages
    ) throws -> [CardRegion] {
        let regions = try find(in: grey, onPhoto: onPhoto, debug: debug)
        guard regions.count == 1, !regions[0].isCropped, let paper = try darkestChannel() else {
            return regions
        }
        let again = try find(
            in: paper, onPhoto: onPhoto, debug: debug, darkCards: false, stage: "find-cards-paper")
        return again.count == 1 && !again[0].isCropped ? regions : again
    }

    /// The cards on a grey page (`darkCards`: also cards darker than their background).
    static func find(
        in grey: PixImage, onPhoto: OCRParameters.CardOnPhoto = .off, debug: DebugImages,
        darkCards: Bool = true, stage: String = "find-cards-input"
    ) throws -> [CardRegion] {
        let long = Double(max(grey.width, grey.height))
        let factor = min(1, workingLongSide / long)
        let small = factor < 1 ? try grey.scaled(by: factor) : try grey.clone()
        if debug.isEnabled { debug.write(small, card: nil, stage: stage) }
        let pixels = GreyPixels(small)
        let border = pixels.borderStatistics()

        var boxes: [Component]
        if border.median >= 170 && border.spread <= 14 {
            // A uniform light background (scanner lid, white table, or the card itself).
            boxes = try onLightBackground(small, pixels: pixels, border: border)
        } else {
            // A dark or textured background: the bright card is the foreground (OCR_FACTS recipe).
            // When the background is as bright as the card in places (mottled textures, light
            // wood), one component covers the page: threshold again on the bright part.
            // Bright streaks of wood or fabric that touch the card join it: open harder.
            let histogram = try Histogram(small)
            let first = histogram.otsu(in: 0...255)
            let second = histogram.otsu(in: first...255)
            let attempts: [(threshold: Int, open: Int32, darkCard: Bool)] = [
                (first, brick, false), (first, 3 * brick, false), (second, brick, false),
                (second, 3 * brick, false),
                (first, brick, true),  // a dark card on a lighter background
            ]
            boxes = []
            for attempt in attempts where boxes.isEmpty && (darkCards || !attempt.darkCard) {
                boxes = try brightCards(
                    small, threshold: attempt.threshold, open: attempt.open, darkCard: attempt.darkCard)
                if !attempt.darkCard {
                    boxes = try boxes.map { try inShadow($0, small, threshold: attempt.threshold) ?? $0 }
                }
            }
        }
        // A card-shaped image (1.45-2:1; pages are 1.29-1.41:1 and photos 1.33:1) is a card
        // unless a card fills much of it: logos, bands and text blocks inside a card must not
        // be taken for cards (lowdpi 101 was read from a 220x81 block).
        let aspect = Double(max(small.width, small.height)) / Double(max(min(small.width, small.height), 1))
        let scale = 1 / factor
        if (1.45...2.0).contains(aspect), !boxes.contains(where: { $0.areaFraction >= 0.4 }) {
            // Unless it is a phone photo in 16:9 with one card on a darker desk: then that card
            // is read, with the desk around it filled with its paper (`CardOnPhoto`).
            if boxes.count == 1, let corners = boxes[0].corners {
                let paper = pixels.median(in: boxes[0].box)
                if onPhoto.focuses(paper: paper, border: border.bright) {
                    let source = corners.map { Point(x: ($0.x + 0.5) * scale, y: ($0.y + 0.5) * scale) }
                    let focus = CardRegion.Focus(corners: source, paper: paper, margin: onPhoto.margin)
                    return [CardRegion.focused(on: focus, in: grey)]
                }
            }
            return [CardRegion.whole(grey)]
        }
        guard !boxes.isEmpty else { return [CardRegion.whole(grey)] }

        let regions = boxes.map { c -> CardRegion in
            let x = max(0, Int((Double(c.box.x) * scale).rounded(.down)))
            let y = max(0, Int((Double(c.box.y) * scale).rounded(.down)))
            let maxX = min(grey.width, Int((Double(c.box.maxX) * scale).rounded(.up)))
            let maxY = min(grey.height, Int((Double(c.box.maxY) * scale).rounded(.up)))
            let corners = c.corners?.map { Point(x: ($0.x + 0.5) * scale, y: ($0.y + 0.5) * scale) }
            return CardRegion(
                bbox: PixelBox(x: x, y: y, width: maxX - x, height: maxY - y), corners: corners,
                isWholeImage: false, crossedByShadow: c.crossedByShadow)
        }
        return readingOrder(regions)
    }

    /// Bright card-shaped components at `threshold` (a band lost in a dark background restored),
    /// or dark ones when `darkCard`.
    static func brightCards(_ small: PixImage, threshold: Int, open: Int32, darkCard: Bool) throws
        -> [Component]
    {
        let dark = try small.binarized(threshold: threshold)
        let foreground = darkCard ? dark : try PixImage("pixInvert") { pixInvert(nil, dark.pointer) }
        let pixels = GreyPixels(small)
        return try components(foreground, close: brick, open: open).compactMap { c in
            if c.isCard(page: small) {
                // A band lost on one long side can leave a shape card-like enough (178-photo:
                // 2.1:1 once its top band was lost on a dark desk): the band's light text tells
                // which side it was on.
                guard !darkCard, c.aspect >= 1.8, let side = c.lightTextSide(pixels),
                    let grown = c.withLostBandRestored(page: small, side: side, minAspect: 1.8),
                    let corners = grown.corners, CardFinder.isPlausibleCard(corners)
                else { return c }
                return grown
            }
            // A grown quadrilateral must still look like a card seen in a photo; when the band
            // was lost on a short side, growing the long sides makes a shape no card has.
            guard let grown = c.withLostBandRestored(page: small), let corners = grown.corners,
                // Growing both long sides (the band's side unknown) leaves a squarer shape.
                CardFinder.isPlausibleCard(corners, aspect: 1.0...2.3)
            else { return nil }
            return grown
        }
    }

    /// The whole card when a shadow cut part of it off at `threshold` (160-photo: the lower
    /// right in shadow): the component is not a solid quadrilateral (a cut corner, or a shape
    /// grown for a lost band), and a lower threshold finds a solid one around its centre with
    /// a whole card's shape (1.4-1.85:1; a card that lost its band stays longer, 061-photo)
    /// and a size a shadow can hide (smaller ones are a card's parts, 242-flatbed). The
    /// highest such threshold, so the least desk joins. Nil when none does.
    ///
    /// A solid quadrilateral without a card's proportions (outside 1.45-1.85:1) may be the lit
    /// part of a card that a straight shadow edge crosses: then the whole card around it, up to
    /// `shadowedCardGrowth` times its area, is taken the same way.
    static func inShadow(_ c: Component, _ small: PixImage, threshold: Int) throws -> Component? {
        guard let corners = c.corners, !c.isSolidQuad || !(1.45...1.85).contains(c.aspect) else { return nil }
        let area = polygonArea(corners)
        let growth = c.isSolidQuad ? shadowedCardGrowth : 1.8
        let margin = 0.02 * Double(max(small.width, small.height))
        func holds(_ d: Component) -> Bool {
            !c.isSolidQuad
                || corners.allSatisfy {
                    (Double(d.box.x) - margin...Double(d.box.maxX) + margin).contains($0.x)
                        && (Double(d.box.y) - margin...Double(d.box.maxY) + margin).contains($0.y)
                }
        }
        let centre = Point(x: corners.map(\.x).reduce(0, +) / 4, y: corners.map(\.y).reduce(0, +) / 4)
        for lower in stride(from: threshold - 15, through: max(threshold - 60, 20), by: -15) {
            let mask = try small.binarized(threshold: lower)
            let bright = try PixImage("pixInvert") { pixInvert(nil, mask.pointer) }
            for d in try components(bright, close: brick, open: 3 * brick) {
                guard d.isSolidQuad, d.isCard(page: small), let dc = d.corners,
                    (Double(d.box.x)...Double(d.box.maxX)).contains(centre.x),
                    (Double(d.box.y)...Double(d.box.maxY)).contains(centre.y),
                    (0.75 * area...growth * area).contains(polygonArea(dc)), (1.4...1.85).contains(d.aspect),
                    holds(d)
                else { continue }
                var whole = d
                whole.crossedByShadow = c.isSolidQuad
                return whole
            }
        }
        return nil
    }

    /// Cards on a uniform light background: everything that differs from the background tone
    /// is card (paper of another tone, text, the scanner's edge shadow). Cards whose paper has
    /// the background's tone show only their text: those are found as text clusters.
    static func onLightBackground(_ small: PixImage, pixels: GreyPixels, border: GreyPixels.Statistics) throws
        -> [Component]
    {
        let tone = border.median
        let delta = max(6, border.spread + 2)
        let darker = try small.binarized(threshold: tone - delta)
        var differs = darker
        if tone + delta < 255 {
            let notBrighter = try small.binarized(threshold: tone + delta + 1)
            let brighter = try PixImage("pixInvert") { pixInvert(nil, notBrighter.pointer) }
            differs = try PixImage("pixOr") { pixOr(nil, darker.pointer, brighter.pointer) }
        }
        // Everything here must carry ink: shading of the lid (a lighting gradient, a darker
        // corner) differs from the border's tone too, but holds no text.
        func hasInk(_ box: PixelBox) -> Bool {
            let ink = pixels.count(in: box) { Int($0) < tone - 50 || (tone < 205 && Int($0) > tone + 50) }
            return ink >= 20 && Double(ink) >= 0.002 * Double(box.area)
        }
        var cards = try components(differs, close: brick, open: 0).filter {
            $0.isCard(page: small) && $0.bordersTouched == 0 && hasInk($0.box)
        }

        // Cards whose paper has the background's tone show only their text (and the scanner's
        // edge shadow). Look for them only on a portrait page (scanner bed): elsewhere such an
        // image is a card with margins (a clean render or a loose crop), read whole. Pages are
        // 1.29:1 (Letter) to 1.41:1 (A4); a vertical card is 1.55:1 or more.
        let portraitPage = (1.2...1.48).contains(Double(small.height) / Double(max(small.width, 1)))
        guard portraitPage else { return cards }

        // Text clusters outside the cards found so far.
        let rest = try PixImage("pixCopy") { pixCopy(nil, differs.pointer) }
        for card in cards {
            _ = pixRasterop(
                rest.pointer, Int32(card.box.x), Int32(card.box.y), Int32(card.box.width),
                Int32(card.box.height),
                Int32(PIX_CLR), nil, 0, 0)
        }
        // The card size on this page: A4 is 11.7 in long, Letter 11 in; a card is at most
        // 3.58 x 2.17 in (91 x 55 mm).
        let dpi = Double(small.height) / 11.4
        let cardLong = 3.58 * dpi * 1.08
        let cardShort = 2.17 * dpi * 1.08
        func fitsOneCard(_ b: PixelBox) -> Bool {
            Double(max(b.width, b.height)) <= cardLong && Double(min(b.width, b.height)) <= cardShort
        }
        let clusters = try components(rest, close: clusterBrick, open: 0, shapes: false)
            .filter { $0.box.area >= 16 }
            .sorted { $0.box.area > $1.box.area }
        var groups: [PixelBox] = []
        for cluster in clusters {
            if let i = groups.firstIndex(where: { fitsOneCard($0.union(cluster.box)) }) {
                groups[i] = groups[i].union(cluster.box)
            } else {
                groups.append(cluster.box)
            }
        }
        // Cards do not overlap: groups that do are one card whose parts (a band, a logo,
        // text) together exceeded the size estimate.
        var merged = true
        while merged {
            merged = false
            outer: for i in groups.indices {
                for j in groups.indices where j > i && groups[i].intersection(groups[j]) != nil {
                    groups[i] = groups[i].union(groups[j])
                    groups.remove(at: j)
                    merged = true
                    break outer
                }
            }
        }
        let pageArea = Double(small.width * small.height)
        let found = cards
        for group in groups where Double(min(group.width, group.height)) >= 0.35 * cardShort && hasInk(group)
        {
            guard !found.contains(where: { $0.box.intersection(group) != nil }) else { continue }
            // Text sits inside the card's margins: grow the box towards the card's size, by at
            // most a typical margin (a cluster that includes the edge shadow is already whole).
            let landscape = group.width >= group.height
            let (fullW, fullH) =
                landscape ? (cardLong / 1.08, cardShort / 1.08) : (cardShort / 1.08, cardLong / 1.08)
            let mx = Int(min(max(0, (fullW - Double(group.width)) / 2), 0.1 * cardShort))
            let my = Int(min(max(0, (fullH - Double(group.height)) / 2), 0.1 * cardShort))
            let x = max(0, group.x - mx)
            let y = max(0, group.y - my)
            let box = PixelBox(
                x: x, y: y, width: min(small.width, group.maxX + mx) - x,
                height: min(small.height, group.maxY + my) - y)
            cards.append(
                Component(
                    box: box, areaFraction: Double(box.area) / pageArea, corners: nil, bordersTouched: 0))
        }
        return cards
    }

    /// True when four corners (TL, TR, BR, BL) can be a card photographed at an angle: a convex
    /// quadrilateral whose corners are 55-125 degrees, whose opposite sides differ by less than
    /// 1.45x (perspective shortens the far edge; TestImages photos by up to 0.8x) and whose mean
    /// sides are 1.2-2.3:1 (85x55 mm is 1.55:1, 3.5x2 in 1.75:1, widened by foreshortening).
    /// A quadrilateral that fails is not warped to: a wrong warp loses the whole card, while
    /// the card's box with deskew only loses some perspective.
    static func isPlausibleCard(_ c: [Point], aspect: ClosedRange<Double> = 1.2...2.3) -> Bool {
        guard c.count == 4 else { return false }
        var sign = 0.0
        for i in 0..<4 {
            let a = c[(i + 3) % 4]
            let b = c[i]
            let d = c[(i + 1) % 4]
            let u = Point(x: a.x - b.x, y: a.y - b.y)
            let v = Point(x: d.x - b.x, y: d.y - b.y)
            let lengths = hypot(u.x, u.y) * hypot(v.x, v.y)
            guard lengths > 0 else { return false }
            let cross = u.x * v.y - u.y * v.x
            // Convex: every corner turns the same way.
            if sign == 0 { sign = cross < 0 ? -1 : 1 } else if cross * sign <= 0 { return false }
            let angle = acos(max(-1, min(1, (u.x * v.x + u.y * v.y) / lengths))) * 180 / .pi
            guard (55...125).contains(angle) else { return false }
        }
        let top = c[0].distance(to: c[1])
        let bottom = c[3].distance(to: c[2])
        let left = c[0].distance(to: c[3])
        let right = c[1].distance(to: c[2])
        guard max(top, bottom) <= 1.45 * min(top, bottom), max(left, right) <= 1.45 * min(left, right) else {
            return false
        }
        let horizontal = (top + bottom) / 2
        let vertical = (left + right) / 2
        return aspect.contains(max(horizontal, vertical) / max(min(horizontal, vertical), 1))
    }

    /// `corners` moved away from their centre by `fraction` of the distance (a margin around a
    /// found card for where its edge is not exact).
    static func grown(_ corners: [Point], by fraction: Double) -> [Point] {
        let centre = Point(
            x: corners.map(\.x).reduce(0, +) / Double(corners.count),
            y: corners.map(\.y).reduce(0, +) / Double(corners.count))
        return corners.map {
            Point(
                x: centre.x + ($0.x - centre.x) * (1 + fraction),
                y: centre.y + ($0.y - centre.y) * (1 + fraction))
        }
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
        /// How many image edges the component touches (2 or more: it is the page, not a card).
        var bordersTouched: Int
        /// True when the component fills its extreme points' quadrilateral (no cut corner, no
        /// attached desk): its corners are the card's.
        var isSolidQuad = false
        /// True for a card cut by two edges that meet at a corner of the image (a photo that
        /// fills the frame): its corners are the rectangle around its visible part.
        var runsOffCorner = false
        /// True for a whole card found around its lit part, a shadow's edge crossing it (`inShadow`).
        var crossedByShadow = false

        /// Card-sized, card-shaped (85x55 mm is 1.55:1, 3.5x2 in 1.75:1; perspective and a lost
        /// dark band widen that), and not the page itself.
        func isCard(page: PixImage) -> Bool {
            guard let c = corners, bordersTouched < 2 || runsOffCorner, areaFraction >= 0.03 else {
                return false
            }
            let minSide = CardFinder.minSideFraction * Double(min(page.width, page.height))
            let horizontal = (c[0].distance(to: c[1]) + c[3].distance(to: c[2])) / 2
            let vertical = (c[0].distance(to: c[3]) + c[1].distance(to: c[2])) / 2
            guard min(horizontal, vertical) >= minSide else { return false }
            let aspect = max(horizontal, vertical) / max(min(horizontal, vertical), 1)
            return (1.2...2.3).contains(aspect) && CardFinder.isPlausibleCard(c)
        }
    }

    /// Solid components of a binary mask after closing (and opening, when `open` > 1) with
    /// square bricks of those sizes.
    /// Shapes (corners) are measured only for components that could be cards, and only when
    /// `shapes` is set: textured backgrounds leave hundreds of specks.
    static func components(_ mask: PixImage, close: Int32, open: Int32, shapes: Bool = true) throws
        -> [Component]
    {
        // "pixCloseSafeBrick: ... safe closing: it adds a border so that the result is not
        // affected by the image boundary" (morph.c)
        var solid = try PixImage("pixCloseSafeBrick") { pixCloseSafeBrick(nil, mask.pointer, close, close) }
        if open > 1 {
            let current = solid
            solid = try PixImage("pixOpenBrick") { pixOpenBrick(nil, current.pointer, open, open) }
        }
        if open > brick {
            // Hard opening is for speckled textures (mottled carpet, bright wood grain): open the
            // raw mask first, so closing cannot weld specks to the card's edge.
            let opened = try PixImage("pixOpenBrick") { pixOpenBrick(nil, mask.pointer, open, open) }
            solid = try PixImage("pixCloseSafeBrick") { pixCloseSafeBrick(nil, opened.pointer, close, close) }
        }
        // "pixHolesByFilling: returns pixd, inverted image of all holes" (seedfill.c): the text
        // and logos inside a card; OR them back in to get solid cards.
        let holes = try PixImage("pixHolesByFilling") { pixHolesByFilling(solid.pointer, 4) }
        let filled = try PixImage("pixOr") { pixOr(nil, solid.pointer, holes.pointer) }
        let parts = try ConnectedComponents(filled)

        let pageArea = Double(mask.width * mask.height)
        var result: [Component] = []
        for i in 0..<parts.count {
            guard let box = parts.box(i), box.width >= 4, box.height >= 4 else { continue }
            let (left, right) = (box.x <= 1, box.maxX >= mask.width - 1)
            let (top, bottom) = (box.y <= 1, box.maxY >= mask.height - 1)
            let touched = [left, right, top, bottom].filter { $0 }.count
            let areaFraction = Double(box.area) / pageArea
            // Two edges that meet at a corner of the image: a card running off that corner,
            // unless it covers most of the image (then it is the page).
            let offCorner =
                touched == 2 && left != right
                && (minCornerCardArea...maxCornerCardArea).contains(areaFraction)
            guard shapes, areaFraction >= 0.02, touched < 2 || offCorner,
                Double(min(box.width, box.height)) >= 0.5 * minSideFraction
                    * Double(min(mask.width, mask.height)),
                let component = parts.mask(i)
            else {
                result.append(
                    Component(box: box, areaFraction: areaFraction, corners: nil, bordersTouched: touched))
                continue
            }
            let shape = Shape(component)
            // The shape's points are relative to the component's box.
            func onPage(_ points: [Point]) -> [Point] {
                points.map { Point(x: $0.x + Double(box.x), y: $0.y + Double(box.y)) }
            }
            // A card is a solid quadrilateral: its area matches its corners' polygon.
            var corners: [Point]? = onPage(shape.corners)
            let quad = polygonArea(shape.corners)
            let solid = quad > 0 && (0.93...1.07).contains(Double(shape.area) / quad)
            if !solid, let sides = fourSides(shape.hull), isPlausibleCard(sides),
                (0.8...1.02).contains(Double(shape.area) / polygonArea(sides))
            {
                // A cut corner (a fold, a corner decoration) leaves the four sides straight:
                // their lines meet where the corner was, in perspective (196-photo; the
                // rectangle below is not a perspective shape and bent its text).
                corners = onPage(sides)
            } else if !solid {
                // Extreme points fail when a corner is cut (a dark corner decoration, a
                // shadow): fall back to the smallest rotated rectangle around the component.
                corners = filledRectangle(shape, minFill: 0.88).map(onPage)
            }
            var runsOffCorner = false
            if touched >= 1 {
                // A card that runs off one edge of the image (a photo that fills the frame): the
                // extreme points on the edge are no corners of it, and warping to them bent the
                // text into slants; its smallest turned rectangle is taken instead, and what lies
                // past the edge is read as white. Off a corner, only the rectangle's part inside
                // the image can be filled, and it must be as solid as a found quadrilateral (0.93
                // above): a card on wood joined to a bright streak that runs to the edges fills less.
                // With no such rectangle the shape has no corners to warp to (its extreme points
                // and straight runs end at the edge or at whatever cut it): it is no card, and
                // the photo is read whole, which loses less than a warp to wrong corners (a card
                // cut at the edge and missing its top band was warped into slants and cut off).
                let image = Frame(
                    minX: -Double(box.x), minY: -Double(box.y), maxX: Double(mask.width - box.x),
                    maxY: Double(mask.height - box.y))
                let rectangle =
                    touched == 2
                    ? filledRectangle(shape, within: image, minFill: 0.93)
                    : filledRectangle(shape, minFill: 0.88)
                corners = rectangle.map(onPage)
                runsOffCorner = touched == 2 && rectangle != nil
            }
            result.append(
                Component(
                    box: box, areaFraction: areaFraction, corners: corners, bordersTouched: touched,
                    isSolidQuad: solid, runsOffCorner: runsOffCorner))
        }
        return result
    }

    /// The foreground pixel count and extreme corners of a 1-bpp component mask.
    struct Shape {
        var area = 0
        var corners: [Point] = []
        /// Convex hull of the component (pixel corners of each row's first and last pixel).
        var hull: [Point] = []

        init(_ mask: PixImage) {
            guard let data = pixGetData(mask.pointer) else { return }
            let wpl = Int(pixGetWpl(mask.pointer))
            var tl = (v: Int.max, x: 0, y: 0)
            var br = (v: Int.min, x: 0, y: 0)
            var tr = (v: Int.min, x: 0, y: 0)
            var bl = (v: Int.max, x: 0, y: 0)
            var rowEnds: [Point] = []
            for y in 0..<mask.height {
                let row = data + y * wpl
                var first = -1
                var last = -1
                for x in 0..<mask.width {
                    // 1-bpp pixels are packed MSB first in 32-bit words (pix.h, "Pixel data").
                    guard (row[x >> 5] >> (31 - UInt32(x & 31))) & 1 == 1 else { continue }
                    if first < 0 { first = x }
                    last = x
                    area += 1
                    let sum = x + y
                    let diff = x - y
                    if sum < tl.v { tl = (sum, x, y) }
                    if sum > br.v { br = (sum, x, y) }
                    if diff > tr.v { tr = (diff, x, y) }
                    if diff < bl.v { bl = (diff, x, y) }
                }
                if first >= 0 {
                    rowEnds += [
                        Point(x: Double(first), y: Double(y)), Point(x: Double(first), y: Double(y + 1)),
                        Point(x: Double(last + 1), y: Double(y)),
                        Point(x: Double(last + 1), y: Double(y + 1)),
                    ]
                }
            }
            guard area > 0 else { return }
            corners = [tl, tr, br, bl].map { Point(x: Double($0.x), y: Double($0.y)) }
            hull = convexHull(rowEnds)
        }
    }

    /// Andrew's monotone chain: the convex hull, counter-clockwise in image coordinates.
    static func convexHull(_ points: [Point]) -> [Point] {
        let p = points.sorted { ($0.x, $0.y) < ($1.x, $1.y) }
        guard p.count > 2 else { return p }
        func cross(_ o: Point, _ a: Point, _ b: Point) -> Double {
            (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
        }
        var lower: [Point] = []
        for point in p {
            while lower.count >= 2 && cross(lower[lower.count - 2], lower[lower.count - 1], point) <= 0 {
                lower.removeLast()
            }
            lower.append(point)
        }
        var upper: [Point] = []
        for point in p.reversed() {
            while upper.count >= 2 && cross(upper[upper.count - 2], upper[upper.count - 1], point) <= 0 {
                upper.removeLast()
            }
            upper.append(point)
        }
        return Array(lower.dropLast() + upper.dropLast())
    }

    /// The quadrilateral of a convex hull's four longest straight runs (consecutive hull edges
    /// within 10 degrees of the run's direction), each extended to meet its neighbours: a card
    /// whose corner is cut keeps its four sides. Nil when the runs are not four sides that
    /// cover most of the outline. Corners TL, TR, BR, BL.
    static func fourSides(_ hull: [Point]) -> [Point]? {
        let n = hull.count
        guard n >= 4 else { return nil }
        func direction(_ i: Int) -> Double {
            let (a, b) = (hull[i % n], hull[(i + 1) % n])
            return atan2(b.y - a.y, b.x - a.x)
        }
        func turn(_ a: Double, _ b: Double) -> Double {
            var d = abs(a - b).truncatingRemainder(dividingBy: 2 * .pi)
            if d > .pi { d = 2 * .pi - d }
            return d
        }
        // Start at the sharpest corner, so no run is split at the start.
        let start =
            (0..<n).max {
                turn(direction($0 + n - 1), direction($0)) < turn(direction($1 + n - 1), direction($1))
            } ?? 0
        var runs: [(from: Point, to: Point)] = []
        for k in 0..<n {
            let i = start + k
            let (a, b) = (hull[i % n], hull[(i + 1) % n])
            if let last = runs.last,
                turn(atan2(last.to.y - last.from.y, last.to.x - last.from.x), direction(i)) < 10 * .pi / 180
                    || a.distance(to: b) < 2
            {
                runs[runs.count - 1].to = b
            } else {
                runs.append((a, b))
            }
        }
        guard runs.count >= 4 else { return nil }
        let perimeter = runs.reduce(0.0) { $0 + $1.from.distance(to: $1.to) }
        let longest = runs.indices.sorted {
            runs[$0].from.distance(to: runs[$0].to) > runs[$1].from.distance(to: runs[$1].to)
        }
        .prefix(4).sorted()
        let sides = longest.map { runs[$0] }
        guard sides.reduce(0.0, { $0 + $1.from.distance(to: $1.to) }) >= 0.8 * perimeter else { return nil }
        var corners: [Point] = []
        for i in 0..<4 {
            let (p, q) = (sides[i], sides[(i + 1) % 4])
            let d1 = Point(x: p.to.x - p.from.x, y: p.to.y - p.from.y)
            let d2 = Point(x: q.to.x - q.from.x, y: q.to.y - q.from.y)
            let denominator = d1.x * d2.y - d1.y * d2.x
            guard abs(denominator) > 1e-6 else { return nil }
            let t = ((q.from.x - p.from.x) * d2.y - (q.from.y - p.from.y) * d2.x) / denominator
            corners.append(Point(x: p.from.x + t * d1.x, y: p.from.y + t * d1.y))
        }
        return uprightOrder(corners)
    }

    /// The smallest turned rectangle around `shape` (a component's visible part) when the shape
    /// fills at least `minFill` of it, else nil. With `image` (the image's bounds, for a card cut
    /// by two edges) only the rectangle's part inside the image counts, and the smallest such
    /// part is the one turned as the card is (an upright box around a turned card holds desk).
    static func filledRectangle(_ shape: Shape, within image: Frame? = nil, minFill: Double) -> [Point]? {
        let rectangle = minimumAreaRectangle(shape.hull, within: image)
        let area = polygonArea(image.map { clipped(rectangle, to: $0) } ?? rectangle)
        return area > 0 && Double(shape.area) / area >= minFill ? rectangle : nil
    }

    /// A convex polygon clipped to an upright box (Sutherland-Hodgman, one side at a time).
    static func clipped(_ polygon: [Point], to box: Frame) -> [Point] {
        var points = polygon
        // Where the segment a-b crosses the vertical line at x, or the horizontal one at y.
        func atX(_ x: Double) -> (Point, Point) -> Point {
            { a, b in Point(x: x, y: a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x)) }
        }
        func atY(_ y: Double) -> (Point, Point) -> Point {
            { a, b in Point(x: a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y), y: y) }
        }
        let sides: [(inside: (Point) -> Bool, cross: (Point, Point) -> Point)] = [
            ({ $0.x >= box.minX }, atX(box.minX)), ({ $0.x <= box.maxX }, atX(box.maxX)),
            ({ $0.y >= box.minY }, atY(box.minY)), ({ $0.y <= box.maxY }, atY(box.maxY)),
        ]
        for side in sides {
            guard !points.isEmpty else { break }
            var kept: [Point] = []
            for (i, current) in points.enumerated() {
                let previous = points[(i + points.count - 1) % points.count]
                switch (side.inside(previous), side.inside(current)) {
                case (true, true): kept.append(current)
                case (true, false): kept.append(side.cross(previous, current))
                case (false, true): kept += [side.cross(previous, current), current]
                case (false, false): break
                }
            }
            points = kept
        }
        return points
    }

    /// Four corners ordered as seen upright: top-left is the corner nearest the origin along
    /// x + y, then clockwise around the centre (y grows downwards).
    static func uprightOrder(_ corners: [Point]) -> [Point] {
        let cx = corners.map(\.x).reduce(0, +) / 4
        let cy = corners.map(\.y).reduce(0, +) / 4
        let clockwise = corners.sorted { atan2($0.y - cy, $0.x - cx) < atan2($1.y - cy, $1.x - cx) }
        let start =
            clockwise.indices.min { clockwise[$0].x + clockwise[$0].y < clockwise[$1].x + clockwise[$1].y }
            ?? 0
        return (0..<4).map { clockwise[(start + $0) % 4] }
    }

    /// The smallest-area rectangle containing a convex polygon (one side lies on a hull edge),
    /// as corners TL, TR, BR, BL; with `within`, the smallest area inside that box.
    static func minimumAreaRectangle(_ hull: [Point], within box: Frame? = nil) -> [Point] {
        guard hull.count >= 3 else { return [] }
        var best: (area: Double, corners: [Point]) = (.infinity, [])
        for i in hull.indices {
            let a = hull[i]
            let b = hull[(i + 1) % hull.count]
            let length = a.distance(to: b)
            guard length > 0 else { continue }
            let u = Point(x: (b.x - a.x) / length, y: (b.y - a.y) / length)
            let v = Point(x: -u.y, y: u.x)
            var (minU, maxU, minV, maxV) = (
                Double.infinity, -Double.infinity, Double.infinity, -Double.infinity
            )
            for p in hull {
                let pu = p.x * u.x + p.y * u.y
                let pv = p.x * v.x + p.y * v.y
                (minU, maxU, minV, maxV) = (min(minU, pu), max(maxU, pu), min(minV, pv), max(maxV, pv))
            }
            let corners = {
                [(minU, minV), (maxU, minV), (maxU, maxV), (minU, maxV)].map { pu, pv in
                    Point(x: pu * u.x + pv * v.x, y: pu * u.y + pv * v.y)
                }
            }
            // Corners are made only for a rectangle that may win (and to clip it).
            let area = box.map { polygonArea(clipped(corners(), to: $0)) } ?? (maxU - minU) * (maxV - minV)
            if area < best.area { best = (area, corners()) }
        }
        guard best.corners.count == 4 else { return [] }
        return uprightOrder(best.corners)
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

/// The pixel values of an 8-bit image, copied out row by row.
struct GreyPixels {
    let width: Int
    let height: Int
    var values: [UInt8]

    init(_ pix: PixImage) {
        width = pix.width
        height = pix.height
        values = [UInt8](repeating: 255, count: width * height)
        guard pix.depth == 8, let data = pixGetData(pix.pointer) else { return }
        let wpl = Int(pixGetWpl(pix.pointer))
        let w = width
        values.withUnsafeMutableBufferPointer { out in
            for y in 0..<height {
                let row = UnsafeRawPointer(data + y * wpl).assumingMemoryBound(to: UInt8.self)
                for x in 0..<w {
                    // 8-bpp pixels are stored in 32-bit words, most significant byte first: on a
                    // little-endian machine byte n of a row is at n ^ 3 (GET_DATA_BYTE, arrayaccess.h).
                    #if _endian(little)
                        out[y * w + x] = row[x ^ 3]
                    #else
                        out[y * w + x] = row[x]
                    #endif
                }
            }
        }
    }

    /// How many pixels inside `box` satisfy `predicate`.
    func count(in box: PixelBox, where predicate: (UInt8) -> Bool) -> Int {
        var n = 0
        for y in max(0, box.y)..<min(height, box.maxY) {
            for x in max(0, box.x)..<min(width, box.maxX) where predicate(values[y * width + x]) { n += 1 }
        }
        return n
    }

    struct Statistics {
        var median: Int
        /// 90th minus 10th percentile.
        var spread: Int
        /// 90th percentile.
        var bright: Int = 255
    }

    /// The median tone of the middle half of `box` (a card's paper, most of it).
    func median(in box: PixelBox) -> Int {
        var counts = [Int](repeating: 0, count: 256)
        let x0 = max(0, box.x + box.width / 4)
        let x1 = min(width, box.x + 3 * box.width / 4)
        let y0 = max(0, box.y + box.height / 4)
        let y1 = min(height, box.y + 3 * box.height / 4)
        guard x1 > x0, y1 > y0 else { return 0 }
        for y in y0..<y1 {
            for x in x0..<x1 { counts[Int(values[y * width + x])] += 1 }
        }
        let total = (x1 - x0) * (y1 - y0)
        var seen = 0
        for (v, c) in counts.enumerated() {
            seen += c
            if 2 * seen >= total { return v }
        }
        return 255
    }

    /// The tone of the image's outer strip (2% of the short side): the background of a page.
    func borderStatistics() -> Statistics {
        let strip = max(2, min(width, height) / 50)
        var counts = [Int](repeating: 0, count: 256)
        for y in 0..<height {
            let edgeRow = y < strip || y >= height - strip
            for x in 0..<width where edgeRow || x < strip || x >= width - strip {
                counts[Int(values[y * width + x])] += 1
            }
        }
        let total = counts.reduce(0, +)
        func percentile(_ p: Double) -> Int {
            var seen = 0
            for (v, c) in counts.enumerated() {
                seen += c
                if Double(seen) >= p * Double(total) { return v }
            }
            return 255
        }
        return Statistics(
            median: percentile(0.5), spread: percentile(0.9) - percentile(0.1), bright: percentile(0.9))
    }
}

/// A card with a dark full-bleed band on a dark background loses the band and looks too
/// long for a card (OCR_FACTS: "an aspect-ratio check on the crop catches it"). Which long
/// side had the band is not known: grow both long sides to a card's 1.6:1, so the band is
/// inside the crop (with a strip of background on the other side). The strips' tones do not
/// tell: the card's drop shadow darkens the desk beside it as much as a band (061-photo).
extension CardFinder.Component {
    /// Long side over short side of the corners' quadrilateral (0 without corners).
    var aspect: Double {
        guard let c = corners else { return 0 }
        let horizontal = (c[0].distance(to: c[1]) + c[3].distance(to: c[2])) / 2
        let vertical = (c[0].distance(to: c[3]) + c[1].distance(to: c[2])) / 2
        return max(horizontal, vertical) / max(min(horizontal, vertical), 1)
    }

    /// Which long side (0: top or left, 1: bottom or right) has a dark band with light text
    /// just outside it, the depth a 1.6:1 card would add; nil when neither or both do.
    /// Light text is many pixels far brighter than the strip's median; a desk's grain or a
    /// drop shadow has few (061-photo's shadow side has none).
    func lightTextSide(_ pixels: GreyPixels) -> Int? {
        guard let c = corners else { return nil }
        let horizontal = (c[0].distance(to: c[1]) + c[3].distance(to: c[2])) / 2
        let vertical = (c[0].distance(to: c[3]) + c[1].distance(to: c[2])) / 2
        let long = max(horizontal, vertical)
        let short = min(horizontal, vertical)
        let depth = long / 1.6 - short
        guard depth >= 4 else { return nil }
        let (sideA, sideB) = horizontal >= vertical ? ([0, 1], [3, 2]) : ([0, 3], [1, 2])
        func mid(_ s: [Int]) -> Point {
            Point(x: (c[s[0]].x + c[s[1]].x) / 2, y: (c[s[0]].y + c[s[1]].y) / 2)
        }
        let (midA, midB) = (mid(sideA), mid(sideB))
        let length = max(midA.distance(to: midB), 1)
        // Outward normal of side A (side B's is its opposite).
        let n = Point(x: (midA.x - midB.x) / length, y: (midA.y - midB.y) / length)
        func hasLightText(_ side: [Int], outward: Point) -> Bool {
            var values: [Int] = []
            let (a, b) = (c[side[0]], c[side[1]])
            let steps = Int(a.distance(to: b))
            // Skip the card's edge (2 px) and the side's ends (a corner's blur).
            for i in stride(from: steps / 10, to: steps - steps / 10, by: 1) {
                let f = Double(i) / Double(max(steps, 1))
                let base = Point(x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f)
                for t in stride(from: 3.0, to: depth, by: 1.0) {
                    let x = Int(base.x + outward.x * t)
                    let y = Int(base.y + outward.y * t)
                    guard x >= 0, y >= 0, x < pixels.width, y < pixels.height else { continue }
                    values.append(Int(pixels.values[y * pixels.width + x]))
                }
            }
            guard values.count >= 100 else { return false }
            let median = values.sorted()[values.count / 2]
            let light = values.filter { $0 > median + 80 }.count
            return median < 150 && Double(light) >= 0.015 * Double(values.count)
        }
        let a = hasLightText(sideA, outward: n)
        let b = hasLightText(sideB, outward: Point(x: -n.x, y: -n.y))
        return a == b ? nil : (a ? 0 : 1)
    }

    /// The quadrilateral grown to 1.6:1 on both long sides, or on `side` alone (0: top or
    /// left, 1: bottom or right), when its long sides are `minAspect`-3.4 times its short ones.
    func withLostBandRestored(page: PixImage, side: Int? = nil, minAspect: Double = 2.0)
        -> CardFinder.Component?
    {
        guard let c = corners, bordersTouched < 2 else { return nil }
        let horizontal = (c[0].distance(to: c[1]) + c[3].distance(to: c[2])) / 2
        let vertical = (c[0].distance(to: c[3]) + c[1].distance(to: c[2])) / 2
        let long = max(horizontal, vertical)
        let short = min(horizontal, vertical)
        let minSide = CardFinder.minSideFraction * Double(min(page.width, page.height))
        guard long >= 2 * minSide, short >= minSide / 2, (minAspect...3.4).contains(long / max(short, 1))
        else {
            return nil
        }
        let grow = long / 1.6 - short
        let (growA, growB) = side.map { $0 == 0 ? (grow, 0) : (0, grow) } ?? (grow, grow)
        // Pairs of corners on the two long sides, and the direction from one side to the other.
        let (sideA, sideB) = horizontal >= vertical ? ([0, 1], [3, 2]) : ([0, 3], [1, 2])
        let midA = Point(x: (c[sideA[0]].x + c[sideA[1]].x) / 2, y: (c[sideA[0]].y + c[sideA[1]].y) / 2)
        let midB = Point(x: (c[sideB[0]].x + c[sideB[1]].x) / 2, y: (c[sideB[0]].y + c[sideB[1]].y) / 2)
        let length = max(midA.distance(to: midB), 1)
        let n = Point(x: (midB.x - midA.x) / length, y: (midB.y - midA.y) / length)
        var grown = c
        func clamp(_ p: Point) -> Point {
            Point(x: min(max(p.x, 0), Double(page.width - 1)), y: min(max(p.y, 0), Double(page.height - 1)))
        }
        for i in sideA { grown[i] = clamp(Point(x: c[i].x - n.x * growA, y: c[i].y - n.y * growA)) }
        for i in sideB { grown[i] = clamp(Point(x: c[i].x + n.x * growB, y: c[i].y + n.y * growB)) }
        let minX = Int(grown.map(\.x).min() ?? 0)
        let minY = Int(grown.map(\.y).min() ?? 0)
        let maxX = Int((grown.map(\.x).max() ?? 0).rounded(.up)) + 1
        let maxY = Int((grown.map(\.y).max() ?? 0).rounded(.up)) + 1
        let box = PixelBox(
            x: minX, y: minY, width: min(page.width, maxX) - minX, height: min(page.height, maxY) - minY)
        return CardFinder.Component(
            box: box, areaFraction: Double(box.area) / Double(page.width * page.height), corners: grown,
            bordersTouched: bordersTouched)
    }
}
