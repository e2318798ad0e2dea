import CLeptonica
import Foundation
import Logging
import Testing

@testable import CardOCR

// The outline finder (CardEdges) on a rendered photo that every global threshold splits.

private let logger = Logger(label: "CardEdgesTests")

/// A 1200x900 photo: a card turned 5 degrees on a desk, lit from the right (light falls from
/// 100% to 55% across the image, so the card's shaded left half is darker than the desk's lit
/// right half), with a dark graphic printed up to the card's left edge, and text lines. Returns
/// the image and the card's true corners (TL, TR, BR, BL).
private func gradientDeskPhoto() throws -> (PixImage, [Point]) {
    let (w, h) = (1200, 900)
    let centre = Point(x: 620, y: 460)
    let (halfW, halfH) = (340.0, 200.0)
    let angle = 5 * Double.pi / 180
    func place(_ u: Double, _ v: Double) -> Point {
        Point(x: centre.x + u * cos(angle) - v * sin(angle), y: centre.y + u * sin(angle) + v * cos(angle))
    }
    let corners = [place(-halfW, -halfH), place(halfW, -halfH), place(halfW, halfH), place(-halfW, halfH)]
    let pix = try PixImage("pixCreate") { pixCreate(Int32(w), Int32(h), 8) }
    for y in 0..<h {
        for x in 0..<w {
            // Card coordinates of the pixel.
            let dx = Double(x) - centre.x
            let dy = Double(y) - centre.y
            let u = dx * cos(angle) + dy * sin(angle)
            let v = -dx * sin(angle) + dy * cos(angle)
            let onCard = abs(u) <= halfW && abs(v) <= halfH
            // The graphic, printed to the card's left edge: a disc centred on the edge, and a bar
            // from it into the card.
            let disc = onCard && hypot(u + halfW, v - 20) <= 95
            let bar = u > -halfW && u < -halfW + 260 && abs(v - 20) < 14
            // Text lines on the card's right half.
            let line = Int((v + halfH) / 38)
            let text = onCard && u > -20 && u < halfW - 40 && (3...8).contains(line)
                && Int(v + halfH) % 38 < 16 && Int(u + 1000) % 23 < 15
            let reflectance: Double
            if disc || (onCard && bar) {
                reflectance = 0.12
            } else if text {
                reflectance = 0.15
            } else if onCard {
                reflectance = 0.95
            } else {
                reflectance = 0.72
            }
            let light = 0.55 + 0.45 * Double(x) / Double(w - 1)
            pixSetPixel(pix.pointer, Int32(x), Int32(y), UInt32(min(255, 255 * reflectance * light)))
        }
    }
    return (pix, corners)
}

@Suite("Card outlines")
struct CardEdgesTests {
    /// Protects finding a card by its outline on a lit desk with a graphic over the card's edge:
    /// the four corners are the card's (thresholds alone split it or join it to the desk).
    @Test func cardOnGradientDeskIsFoundByItsOutline() throws {
        let (pix, truth) = try gradientDeskPhoto()
        let debug = DebugImages(directory: nil, path: "gradient-desk", logger: logger)
        let found = try CardFinder.find(in: pix, debug: debug)
        #expect(found.count == 1)
        let card = try #require(found.first)
        #expect(!card.isWholeImage)
        let corners = try #require(card.corners)
        for (c, t) in zip(corners, truth) { #expect(c.distance(to: t) < 12, "corner \(c) vs \(t)") }

        // Without the outline finder (no side can be supported enough) the same photo gives no
        // card with the card's corners: what this finder adds.
        var off = OCRParameters.fitted.cardEdges
        off.minSideSupport = 2
        let without = try CardFinder.find(in: pix, debug: debug, edges: off)
        let matches = without.contains { region in
            guard let c = region.corners else { return false }
            return zip(c, truth).allSatisfy { $0.distance(to: $1) < 12 }
        }
        #expect(!matches)
    }

    /// Protects against cropping to a frame inside a card: a card-shaped image (a render of the
    /// card itself) whose printed frame is no brighter than the paper around it stays whole.
    @Test func frameInsideACardIsNotACard() throws {
        let (w, h) = (1050, 600)
        let pix = try PixImage("pixCreate") { pixCreate(Int32(w), Int32(h), 8) }
        for y in 0..<h {
            for x in 0..<w {
                let inFrame = (200...800).contains(x) && (150...450).contains(y)
                let onFrameLine = inFrame && (x < 206 || x > 794 || y < 156 || y > 444)
                let text = (y % 40 < 14) && (x % 25 < 17) && (y > 40 && y < 120 || y > 490 && y < 570)
                    && x > 60 && x < 990
                pixSetPixel(pix.pointer, Int32(x), Int32(y), onFrameLine || text ? 30 : 245)
            }
        }
        let debug = DebugImages(directory: nil, path: "framed-card", logger: logger)
        let found = try CardFinder.find(in: pix, debug: debug)
        #expect(found.count == 1)
        #expect(found.first?.isWholeImage == true)
    }

    /// Protects against cropping to a QR code: on a grey card read whole (a render of the card),
    /// the code's white box is brighter than the paper and bounded by straight lines, but too
    /// small to be the photographed card (TestImages 279-chinese lost every field to it).
    @Test func qrCodeBoxOnAGreyCardIsNotACard() throws {
        let (w, h) = (800, 480)
        let pix = try PixImage("pixCreate") { pixCreate(Int32(w), Int32(h), 8) }
        var seed: UInt64 = 279
        func random() -> Bool {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return (seed >> 33) & 1 == 1
        }
        // The code's modules, 6 px each, in a white box with a quiet zone.
        let modules = (0..<(25 * 25)).map { _ in random() }
        for y in 0..<h {
            for x in 0..<w {
                var v: UInt32 = 232
                if (592...776).contains(x) && (20...204).contains(y) {
                    v = 255
                    let (mx, my) = ((x - 609) / 6, (y - 37) / 6)
                    if x >= 609, y >= 37, mx < 25, my < 25, modules[my * 25 + mx] { v = 0 }
                } else if (y / 36) % 2 == 1 && (60...560).contains(x) && x % 19 < 13 && y > 60 && y < 430 {
                    v = 40
                }
                pixSetPixel(pix.pointer, Int32(x), Int32(y), v)
            }
        }
        let debug = DebugImages(directory: nil, path: "qr-card", logger: logger)
        let found = try CardFinder.find(in: pix, debug: debug)
        #expect(found.count == 1)
        #expect(found.first?.isWholeImage == true)
    }
}
