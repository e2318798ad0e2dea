import CLeptonica
import CardModel
import CardTestSupport
import Foundation
import Logging
import Testing

@testable import CardOCR

// Photographed cards: the card finder's quadrilateral and light text on dark bands.

private let logger = Logger(label: "PhotoTests")

/// The cards CardFinder finds in a TestImages file.
private func regions(_ url: URL, onPhoto: OCRParameters.CardOnPhoto = OCRParameters.fitted.cardOnPhoto) throws
    -> [CardRegion]
{
    let decoded = try ImageDecoder.decode(path: url.path, maxPixels: 100_000_000, applyEXIF: true)
    let debug = DebugImages(directory: nil, path: url.path, logger: logger)
    return try CardFinder.find(
        in: decoded.pix.grey(), darkestChannel: decoded.pix.darkestChannelIfColour, onPhoto: onPhoto,
        debug: debug)
}

private func folded(_ s: String) -> String {
    s.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        .unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }
        .map(String.init).joined()
}

@Suite("Photographed cards")
struct PhotoTests {
    /// An 800x600 photo with a card of half-size `half` turned `degrees` around `centre`: its
    /// `paper` with lines of "text" (short `ink` dashes three rows high, every 24 rows) on a
    /// desk whose pixels `desk(x, y)` gives; `depth` 8 (grey) or 32 (colour).
    static func turnedCard(
        depth: Int32, centre: (x: Double, y: Double), half: (u: Double, v: Double), degrees: Double,
        paper: UInt32, ink: UInt32, desk: (Int, Int) -> UInt32
    ) throws -> PixImage {
        let (width, height) = (800, 600)
        let pix = try PixImage("pixCreate") { pixCreate(Int32(width), Int32(height), depth) }
        let angle = degrees * Double.pi / 180
        for y in 0..<height {
            for x in 0..<width {
                // Card coordinates around the centre, turned.
                let dx = Double(x) - centre.x
                let dy = Double(y) - centre.y
                let u = dx * cos(angle) + dy * sin(angle)
                let v = -dx * sin(angle) + dy * cos(angle)
                var c = desk(x, y)
                if abs(u) < half.u, abs(v) < half.v {
                    c = paper
                    let inText = abs(u) < half.u - 40 && v < half.v - 40
                    if inText, Int(v + half.v) % 24 < 3, Int(u + half.u) % 14 < 9 { c = ink }
                }
                pixSetPixel(pix.pointer, Int32(x), Int32(y), c)
            }
        }
        return pix
    }

    /// An 800x600 photo of a white card (text strokes on it) turned 8 degrees on a striped
    /// beige desk whose wide light stripes are brighter in grey than the card's paper.
    static func whiteCardOnBeigeDesk() throws -> PixImage {
        func colour(_ r: Int, _ g: Int, _ b: Int) -> UInt32 {
            var value: UInt32 = 0
            composeRGBPixel(Int32(r), Int32(g), Int32(b), &value)
            return value
        }
        let (light, dark) = (colour(255, 250, 190), colour(225, 205, 130))
        // A 440x260 card.
        return try turnedCard(
            depth: 32, centre: (400, 300), half: (220, 130), degrees: 8, paper: colour(238, 238, 236),
            ink: colour(40, 40, 40), desk: { x, y in (x + y / 3) % 48 < 34 ? light : dark })
    }

    /// Protects finding a white card on a coloured background on its darkest colour channel:
    /// in grey the desk's light stripes are as bright as the paper and the card is not found.
    @Test func whiteCardOnColouredDeskIsFoundOnTheDarkestChannel() throws {
        let photo = try Self.whiteCardOnBeigeDesk()
        let debug = DebugImages(directory: nil, path: "desk.png", logger: logger)
        let onGrey = try CardFinder.find(in: photo.grey(), debug: debug)
        #expect(onGrey.count == 1 && onGrey[0].isWholeImage)
        let found = try CardFinder.find(
            in: photo.grey(), darkestChannel: photo.darkestChannelIfColour, debug: debug)
        try #require(found.count == 1)
        #expect(!found[0].isWholeImage)
        // The turned 440x260 card spans about 472x319 pixels around the centre.
        let box = found[0].bbox
        #expect(abs(box.midX - 400) < 25 && abs(box.midY - 300) < 25)
        #expect((420...520).contains(box.width) && (270...370).contains(box.height))
    }

    /// An 800x600 grey photo of a 560x340 white card turned `degrees` on a dark desk, centred at
    /// `centreX`, `centreY`: a centre near an edge runs the card off the image.
    static func cardOnDarkDesk(degrees: Double, centreX: Double, centreY: Double = 300) throws -> PixImage {
        try turnedCard(
            depth: 8, centre: (centreX, centreY), half: (280, 170), degrees: degrees, paper: 235, ink: 30,
            desk: { _, _ in 50 })
    }

    /// Protects the corners of a card that runs off one edge of a photo: they follow the card's
    /// own sides (a rectangle turned 5 degrees), not the extreme points on the image edge, to
    /// which the warp bent the text into slants.
    @Test func cardRunningOffAnEdgeKeepsItsAngle() throws {
        let photo = try Self.cardOnDarkDesk(degrees: 5, centreX: 255)
        let debug = DebugImages(directory: nil, path: "edge.png", logger: logger)
        let found = try CardFinder.find(in: photo, debug: debug)
        try #require(found.count == 1)
        let c = try #require(found[0].corners)
        for i in 0..<4 {
            let (a, b, d) = (c[(i + 3) % 4], c[i], c[(i + 1) % 4])
            let cosine =
                ((a.x - b.x) * (d.x - b.x) + (a.y - b.y) * (d.y - b.y))
                / (a.distance(to: b) * d.distance(to: b))
            #expect(abs(acos(cosine) * 180 / .pi - 90) < 2)
        }
        // The top and bottom sides both rise 5 degrees to the left (clockwise turn, y down).
        for (a, b) in [(c[0], c[1]), (c[3], c[2])] {
            #expect(abs(atan2(b.y - a.y, b.x - a.x) * 180 / .pi - 5) < 1.5)
        }
    }

    /// Protects photos whose bright part runs off one edge but is no turned rectangle (a card
    /// whose top band the desk swallowed, cut at the edge): its extreme points and straight runs
    /// are no corners, and the warp to them bent the text and cut the card off; the photo is
    /// read whole instead.
    @Test func shapeRunningOffAnEdgeWithoutCornersIsReadWhole() throws {
        // A bright quadrilateral with no right angle that runs off the bottom edge (the visible
        // part of a real photo's card: its top band and right side lost to the desk).
        let corners: [(Double, Double)] = [(100, 210), (660, 315), (555, 600), (85, 600)]
        func inside(_ x: Double, _ y: Double) -> Bool {
            (0..<4).allSatisfy { i in
                let (a, b) = (corners[i], corners[(i + 1) % 4])
                return (b.0 - a.0) * (y - a.1) - (b.1 - a.1) * (x - a.0) >= 0
            }
        }
        let photo = try PixImage("pixCreate") { pixCreate(800, 600, 8) }
        for y in 0..<600 {
            for x in 0..<800 {
                var c: UInt32 = 50
                if inside(Double(x), Double(y)) {
                    c = 235
                    if (260...560).contains(y), y % 24 < 3, (160...480).contains(x), x % 14 < 9 { c = 30 }
                }
                pixSetPixel(photo.pointer, Int32(x), Int32(y), c)
            }
        }
        let debug = DebugImages(directory: nil, path: "cut.png", logger: logger)
        let found = try CardFinder.find(in: photo, debug: debug)
        #expect(found.count == 1 && found[0].isWholeImage)
    }

    /// Protects reading a card that runs off a corner of a photo as a card: a component that
    /// touches two edges was taken for the page, and the photo was read whole, desk and all.
    @Test func cardRunningOffACornerIsACard() throws {
        let photo = try Self.cardOnDarkDesk(degrees: 4, centreX: 255, centreY: 150)
        let debug = DebugImages(directory: nil, path: "corner.png", logger: logger)
        let found = try CardFinder.find(in: photo, debug: debug)
        try #require(found.count == 1)
        #expect(found[0].isCropped && !found[0].isWholeImage)
        // The card's visible part: from the left and top edges to about x 550 and y 340.
        #expect(found[0].bbox.x <= 2 && found[0].bbox.y <= 2)
        #expect((510...590).contains(found[0].bbox.maxX) && (300...380).contains(found[0].bbox.maxY))
    }

    /// Protects photos with a small bright patch in a corner (a wall, paper behind the desk):
    /// only a card that fills the frame runs off a corner, and the patch is no card.
    @Test func brightPatchInACornerIsNoCard() throws {
        let pix = try PixImage("pixCreate") { pixCreate(800, 600, 8) }
        for y in 0..<600 {
            for x in 0..<800 { pixSetPixel(pix.pointer, Int32(x), Int32(y), x >= 640 && y < 130 ? 235 : 50) }
        }
        let debug = DebugImages(directory: nil, path: "patch.png", logger: logger)
        let found = try CardFinder.find(in: pix, debug: debug)
        #expect(found.count == 1 && found[0].isWholeImage)
    }

    /// Protects the quadrilateral sanity check: card shapes pass, shapes no card has fail.
    @Test func plausibleQuadrilaterals() {
        func quad(_ p: [(Double, Double)]) -> [Point] { p.map { Point(x: $0.0, y: $0.1) } }
        // Upright 1.6:1, and the same turned and foreshortened (far edge 0.8x).
        #expect(CardFinder.isPlausibleCard(quad([(0, 0), (160, 0), (160, 100), (0, 100)])))
        #expect(CardFinder.isPlausibleCard(quad([(20, 10), (180, 40), (160, 130), (30, 100)])))
        // What TestImages/samples/photo.jpg used to warp to: the card's lit half and the desk
        // below it (left side 1.5x the right).
        #expect(
            !CardFinder.isPlausibleCard(
                quad([(171, 320), (759, 217), (660.9, 599), (115.9, 569.1)])))
        // Crossed corners (not convex), a square, a sliver.
        #expect(!CardFinder.isPlausibleCard(quad([(0, 0), (160, 100), (160, 0), (0, 100)])))
        #expect(!CardFinder.isPlausibleCard(quad([(0, 0), (100, 0), (100, 100), (0, 100)])))
        #expect(!CardFinder.isPlausibleCard(quad([(0, 0), (160, 0), (150, 100), (140, 100)])))
    }

    /// Protects corners of a card with a cut corner: the four sides' lines meet where the
    /// corner was, in perspective, rather than a rotated rectangle around the outline.
    @Test func cutCornerIsRestoredFromTheSides() throws {
        func quad(_ p: [(Double, Double)]) -> [Point] { p.map { Point(x: $0.0, y: $0.1) } }
        // A keystoned card (top 160, bottom 180 wide) with its bottom-right corner cut off.
        let hull = quad([(10, 0), (170, 0), (172, 60), (150, 100), (0, 100)])
        let corners = try #require(CardFinder.fourSides(hull))
        let expected = quad([(10, 0), (170, 0), (173.33, 100), (0, 100)])
        for (c, e) in zip(corners, expected) { #expect(c.distance(to: e) < 2) }
        // A solid rectangle has no fifth side to drop; a triangle has no four.
        #expect(CardFinder.fourSides(quad([(0, 0), (100, 0), (0, 100)])) == nil)
    }

    /// Protects the cut-corner warp on a real photo: the e-mail beside the folded corner of
    /// 196-photo is read whole (the rectangle fallback bent it to "zeewind n").
    @Test func cardWithFoldedCornerReadsEmail() throws {
        let s = try #require(TestImages.samples().first { $0.name == "196-photo.jpg" })
        let recognizer = try TesseractRecognizer(options: OCROptions(), logger: logger)
        let read = try #require(try recognizer.recognizeCards(inFileAt: s.url).first)
        let email = try #require(s.truth.cards[0].emails.first)
        // OCR may put a space after the dot ("lotte. vandenberg"); the extractor rejoins it.
        #expect(folded(read.recognized.text).contains(folded(email)))
    }

    /// Protects the fallback: the sample photo no longer warps to a wrong quadrilateral; what
    /// is found is either card-shaped or the whole image.
    @Test func samplePhotoHasNoImplausibleQuadrilateral() throws {
        let url = TestImages.root.appendingPathComponent("samples/photo.jpg")
        for region in try regions(url) {
            if let corners = region.corners { #expect(CardFinder.isPlausibleCard(corners)) }
        }
    }

    /// Protects lost-band restoration on one side: where a dark band on a dark desk was lost
    /// and the rest (2.1-2.3:1) still looked like a card, the crop grows over the band's side
    /// to a card's shape instead of cutting the band (and its company) off.
    @Test(arguments: ["178-photo.jpg", "241-photo.jpg"])
    func bandLostOnOneSideIsRestored(_ name: String) throws {
        let s = try #require(TestImages.samples().first { $0.name == name })
        let found = try regions(s.url)
        let card = try #require(found.first)
        #expect(found.count == 1)
        let corners = try #require(card.corners)
        #expect(CardFinder.isPlausibleCard(corners))
        // The truth box holds the whole card, band included: the crop must cover most of it.
        let truth = try #require(s.truth.cards[0].bbox)
        let overlap = try #require(card.bbox.intersection(truth))
        #expect(Double(overlap.area) >= 0.9 * Double(truth.area))
    }

    /// Protects shadow handling: a card whose lower part lies in a shadow darker than the
    /// Otsu threshold is found whole, so the contacts printed in the shadow are read.
    @Test func cardInShadowIsFoundWhole() throws {
        let s = try #require(TestImages.samples().first { $0.name == "160-photo.jpg" })
        let found = try regions(s.url)
        let card = try #require(found.first)
        let corners = try #require(card.corners)
        // A whole card's shape, not the lit part grown as if it had lost a band.
        let horizontal = (corners[0].distance(to: corners[1]) + corners[3].distance(to: corners[2])) / 2
        let vertical = (corners[0].distance(to: corners[3]) + corners[1].distance(to: corners[2])) / 2
        #expect((1.4...1.85).contains(max(horizontal, vertical) / min(horizontal, vertical)))
        let recognizer = try TesseractRecognizer(options: OCROptions(), logger: logger)
        let read = try #require(try recognizer.recognizeCards(inFileAt: s.url).first)
        let email = try #require(s.truth.cards[0].emails.first)
        #expect(folded(read.recognized.text).contains(folded(email)))
    }

    /// A card half in a hard shadow on a dark desk: the lit half alone is a solid quadrilateral
    /// too long for a card, so the finder looks for the whole card at lower thresholds and marks
    /// it `crossedByShadow`; a lit card of a card's proportions is not grown.
    @Test func litPartOfACardInAHardShadowGrowsToTheCard() throws {
        // The shadow's edge runs across the card at row `edge`: above it, the lit part is 500 x
        // 240, 2.08:1.
        func photo(shadowFrom edge: Int) throws -> PixImage {
            let pix = try PixImage("pixCreate") { pixCreate(800, 600, 8) }
            for y in 0..<600 {
                for x in 0..<800 {
                    let onCard = (150..<650).contains(x) && (150..<460).contains(y)
                    let lit = y < edge
                    pixSetPixel(pix.pointer, Int32(x), Int32(y), onCard ? (lit ? 230 : 110) : (lit ? 40 : 15))
                }
            }
            return pix
        }
        let debug = DebugImages(directory: nil, path: "shadow.png", logger: logger)
        let found = try CardFinder.find(in: photo(shadowFrom: 390), debug: debug)
        try #require(found.count == 1)
        #expect(found[0].crossedByShadow)
        #expect(found[0].bbox.y <= 160 && found[0].bbox.maxY >= 450)
        let lit = try CardFinder.find(in: photo(shadowFrom: 600), debug: debug)
        try #require(lit.count == 1)
        #expect(!lit[0].crossedByShadow)
    }

    /// Protects reading a photo whose card a hard shadow crosses (318-brazilian: its name, title
    /// and contacts lie in the shadow): the card is found whole, its paper evened out, and the
    /// e-mail in the shadow is read.
    @Test func cardCrossedByAHardShadowIsRead() throws {
        let s = try #require(TestImages.samples().first { $0.name == "318-brazilian.jpg" })
        let found = try regions(s.url)
        #expect(found.count == 1 && found[0].crossedByShadow)
        let recognizer = try TesseractRecognizer(options: OCROptions(), logger: logger)
        let read = try #require(try recognizer.recognizeCards(inFileAt: s.url).first)
        let email = try #require(s.truth.cards[0].emails.first)
        #expect(folded(read.recognized.text).contains(folded(email)))
    }

    /// Protects the sample photo's warp: its card, half in shadow, is found whole and
    /// straightened, so the name is read (it was "ARA MENSAN" from the unwarped image).
    @Test func samplePhotoReadsName() throws {
        let url = TestImages.root.appendingPathComponent("samples/photo.jpg")
        let truth = try JSONDecoder().decode(
            TruthFile.self,
            from: Data(contentsOf: url.deletingPathExtension().appendingPathExtension("truth.json")))
        let recognizer = try TesseractRecognizer(options: OCROptions(), logger: logger)
        let read = try #require(try recognizer.recognizeCards(inFileAt: url).first)
        let name = try #require(truth.cards[0].name)
        #expect(folded(read.recognized.text).contains(folded(name)))
    }

    /// Protects dark bands: the company set in white on a dark band of a photographed card is
    /// read (background cleaning alone turned band and text white).
    @Test func lightTextOnDarkBandReads() throws {
        let s = try #require(TestImages.samples().first { $0.name == "061-photo.jpg" })
        let recognizer = try TesseractRecognizer(options: OCROptions(), logger: logger)
        let card = try #require(try recognizer.recognizeCards(inFileAt: s.url).first)
        let company = try #require(s.truth.cards[0].company)
        #expect(folded(card.recognized.text).contains(folded(company)))
    }

    /// Protects reading a 9:16 phone photo's one card alone: the card (under 40% of the photo)
    /// is found on the dark desk and the photo is read cropped to it, at its scale, instead of
    /// whole with the desk (`CardOnPhoto`); switched off, the photo is read whole as before.
    @Test func cardOnPhonePhotoIsReadAlone() throws {
        let s = try #require(TestImages.samples().first { $0.name == "320-vietnamese.jpg" })
        let truth = try #require(s.truth.cards[0].bbox)
        let found = try regions(s.url)
        let card = try #require(found.first)
        #expect(found.count == 1)
        // Still a photo read whole for the `enlarge` stage, but cropped to the card.
        #expect(card.isWholeImage)
        let focus = try #require(card.focus)
        #expect(focus.corners.count == 4)
        let overlap = try #require(card.bbox.intersection(truth))
        #expect(Double(overlap.area) >= 0.95 * Double(truth.area))
        #expect(Double(card.bbox.area) <= 1.6 * Double(truth.area))
        #expect(focus.paper > 150)

        let whole = try regions(s.url, onPhoto: .off)
        #expect(whole.count == 1 && whole[0].isWholeImage && whole[0].focus == nil)
        #expect(whole[0].bbox.area > 3 * truth.area)

        let recognizer = try TesseractRecognizer(options: OCROptions(), logger: logger)
        let read = try #require(try recognizer.recognizeCards(inFileAt: s.url).first)
        #expect(read.bbox == card.bbox)
        let email = try #require(s.truth.cards[0].emails.first)
        #expect(folded(read.recognized.text).contains(folded(email)))
    }

    /// Protects close crops: a card-shaped scan whose border is the card's own paper is read
    /// whole, never cropped to a block inside it (lowdpi 101 was read from a 220x81 block).
    @Test func closeCropIsNotFocused() throws {
        let url = TestImages.cardsDirectory.appendingPathComponent("101-lowdpi.png")
        let found = try regions(url)
        #expect(found.count == 1 && found[0].isWholeImage && found[0].focus == nil)
    }

    /// Protects the rule's numbers: the paper must lie `min_paper_lift` above the border's
    /// bright tenth; 0 switches the rule off; a file without the section leaves it off.
    @Test func cardOnPhotoRule() throws {
        let rule = OCRParameters.CardOnPhoto(minPaperLift: 25, margin: 0.03)
        #expect(rule.focuses(paper: 200, border: 170))
        #expect(!rule.focuses(paper: 190, border: 170))
        #expect(!OCRParameters.CardOnPhoto.off.focuses(paper: 255, border: 0))
        let smallText =
            #"{"min_word_height": 22, "max_mean_confidence": 0.8, "target_factor": 1.4, "max_enlarge": 2.5}"#
        let old = try OCRParameters.decode(Data(#"{"small_text": \#(smallText)}"#.utf8))
        #expect(old.cardOnPhoto == .off)
        #expect(OCRParameters.fitted.cardOnPhoto.minPaperLift > 0)
    }

    /// Protects the fill around a focused card: the paper's tone, not white (Tesseract's global
    /// threshold splits pure white from the paper and reads the card as dark).
    @Test func outsideIsFilledWithThePaperTone() throws {
        let pix = try PixImage("pixCreate") { pixCreate(100, 60, 8) }
        let corners = [Point(x: 20, y: 10), Point(x: 80, y: 10), Point(x: 80, y: 50), Point(x: 20, y: 50)]
        try Perspective.whitenOutside(corners, of: pix, tone: 210)
        var value: UInt32 = 0
        pixGetPixel(pix.pointer, 5, 5, &value)
        #expect(value == 210)
        pixGetPixel(pix.pointer, 50, 30, &value)
        #expect(value == 0)
        try Perspective.whitenOutside(corners, of: pix)
        pixGetPixel(pix.pointer, 5, 5, &value)
        #expect(value == 255)
    }

    /// An 800x600 photo read whole: four rows of "text" turned 8 degrees clockwise on white,
    /// under 14 large dark blobs (desk, shadows, logo), placed by a fixed linear congruential
    /// sequence. The sweep over the whole image finds the angle at confidence 1.44, below the
    /// 1.5 it needs.
    static func fewLinesUnderDarkBlobs() throws -> PixImage {
        let pix = try PixImage("pixCreate") { pixCreate(800, 600, 8) }
        var state: UInt64 = 6
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 33) / Double(1 << 31)
        }
        let blobs = (0..<14).map { _ in (x: next() * 800, y: next() * 600, radius: 40 + next() * 90) }
        let angle = 8 * Double.pi / 180
        for y in 0..<600 {
            for x in 0..<800 {
                let (dx, dy) = (Double(x) - 400, Double(y) - 300)
                let u = dx * cos(angle) + dy * sin(angle)
                let row = Int(-dx * sin(angle) + dy * cos(angle) + 40)
                var tone: UInt32 = 235
                if u > -100, u < 300, (0..<120).contains(row), row % 30 < 14, Int(u) % 16 < 11 { tone = 30 }
                let (px, py) = (Double(x), Double(y))
                if blobs.contains(where: { hypot(px - $0.x, py - $0.y) < $0.radius }) { tone = 25 }
                pixSetPixel(pix.pointer, Int32(x), Int32(y), tone)
            }
        }
        return pix
    }

    /// Protects the skew of a photo read whole from its type alone: the desk and shadows
    /// outweighed the few lines of a card whose finder found nothing, the sweep was unsure, and
    /// the card was read 8-10 degrees askew (a card on a dark desk, read whole: no name, title
    /// or e-mail). The sweep over the components no taller than type finds the angle; a card
    /// found and cropped keeps the one sweep.
    @Test func photoReadWholeIsDeskewedByItsType() throws {
        let photo = try Self.fewLinesUnderDarkBlobs()
        #expect(try Skew.find(photo) == nil)
        let debug = DebugImages(directory: nil, path: "blobs.png", logger: logger)
        let whole = CardSteps(options: OCROptions(), debug: debug, card: 0, wholeImage: true)
        let (_, angle) = try whole.deskew(photo)
        #expect(abs(angle + 8) < 0.5)
        let cropped = CardSteps(options: OCROptions(), debug: debug, card: 0, wholeImage: false)
        #expect(try cropped.deskew(photo).1 == 0)
        // A parameters file without `text_skew` leaves the second sweep off.
        let smallText =
            #"{"min_word_height": 22, "max_mean_confidence": 0.8, "target_factor": 1.4, "max_enlarge": 2.5}"#
        #expect(try OCRParameters.decode(Data(#"{"small_text": \#(smallText)}"#.utf8)).textSkew == .off)
        #expect(OCRParameters.fitted.textSkew.maxTextHeight > 0)
    }

    /// Protects the scale of a portrait phone photo read whole: 3:4 (1.33:1) is also the shape of
    /// an A4 or Letter page, but a 750x1000 image would be a page at 88 DPI, far below what
    /// scanners write. It was enlarged 3.4 times as a page (a card on a laptop, the tuning
    /// half's copies at 1000 px); it is now read as a photo, the card about 65% of its long
    /// side. A page-sized image of that shape is still a page.
    @Test func smallPortraitPhotoIsNoPage() throws {
        let debug = DebugImages(directory: nil, path: "portrait.jpg", logger: logger)
        let steps = CardSteps(options: OCROptions(), debug: debug, card: 0, wholeImage: true)
        let photo = try PixImage("pixCreate") { pixCreate(750, 1000, 8) }
        let factor = steps.scaleFactor(.whole(photo), source: photo)
        #expect(abs(factor - 300 / (0.65 * 1000 / 3.5)) < 0.01)
        let page = try PixImage("pixCreate") { pixCreate(1900, 2500, 8) }
        #expect(abs(steps.scaleFactor(.whole(page), source: page) - 300 / (2500 / 11.4)) < 0.01)
    }

    /// Protects the second reading of a photo read whole at its type's skew: the sweep over all
    /// its ink followed the desk (a laptop's edges turned a level card 7 degrees, and its
    /// reading was lost). Where the type's own sweep differs by `min_disagreement` or more it
    /// is offered; where they agree, or for a found card, nothing is.
    @Test func typeSkewIsOfferedWhereTheDeskDisagrees() throws {
        let photo = try Self.fewLinesUnderDarkBlobs()
        let debug = DebugImages(directory: nil, path: "blobs.png", logger: logger)
        let whole = CardSteps(options: OCROptions(), debug: debug, card: 0, wholeImage: true)
        let typeAngle = try #require(try whole.typeSkew(photo, differingFrom: 0))
        #expect(abs(typeAngle + 8) < 0.5)
        #expect(try whole.typeSkew(photo, differingFrom: typeAngle) == nil)
        let cropped = CardSteps(options: OCROptions(), debug: debug, card: 0, wholeImage: false)
        #expect(try cropped.typeSkew(photo, differingFrom: 0) == nil)
        #expect(OCRParameters.fitted.textSkew.minDisagreement > 0)
    }

    /// Protects the skew of a photo read cropped to its one card (`CardRegion.focus`): where the
    /// type's sweep is unsure (a tilted card whose filled desk and dark edges outweighed its
    /// type: generated 2745, read 9 degrees askew, lost all but its name), the slope of the
    /// card's found edges is the skew. A card turned counter-clockwise rises to the right and is
    /// turned clockwise (positive); any other region keeps no skew where the sweep is unsure.
    @Test func focusedCardIsDeskewedByItsEdges() throws {
        let turn = 9 * Double.pi / 180
        let corners = [(0.0, 0.0), (500.0, 0.0), (500.0, 300.0), (0.0, 300.0)].map { x, y in
            Point(x: 100 + x * cos(turn) + y * sin(turn), y: 200 - x * sin(turn) + y * cos(turn))
        }
        #expect(abs(CardRegion.edgeSkew(of: corners) - 9) < 0.01)
        let blank = try PixImage("pixCreate") { pixCreate(400, 300, 8) }
        try leptonica("pixSetAll") { pixSetAll(blank.pointer) }
        #expect(try Skew.find(blank) == nil)
        let debug = DebugImages(directory: nil, path: "focus.png", logger: logger)
        var focused = CardSteps(options: OCROptions(), debug: debug, card: 0, wholeImage: false)
        focused.edgeSkew = CardRegion.edgeSkew(of: corners)
        #expect(abs(try focused.deskew(blank).1 - 9) < 0.01)
        let other = CardSteps(options: OCROptions(), debug: debug, card: 0, wholeImage: false)
        #expect(try other.deskew(blank).1 == 0)
    }
}
