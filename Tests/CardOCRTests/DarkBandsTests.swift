import CLeptonica
import CardModel
import Foundation
import Testing

@testable import CardOCR

// Light text on bands darker than the card's paper, inverted before background cleaning
// (part of stage `background`, models/ocr/parameters.json `dark_bands`).

@Suite("Dark bands")
struct DarkBandsTests {
    static let paper: UInt32 = 245

    /// A 512x300 grey card of `paper` tone whose lower-left quarter is a panel of `panel` tone
    /// with strokes of `text` tone on it (4 pixels high every 12 rows, like lines of type,
    /// from x 20 to 235).
    /// `everywhere`: the panel covers the whole card.
    static func card(panel: UInt32, text: UInt32, everywhere: Bool = false) throws -> PixImage {
        let (width, height) = (512, 300)
        let pix = try PixImage("pixCreate") { pixCreate(Int32(width), Int32(height), 8) }
        for y in 0..<height {
            for x in 0..<width {
                var tone = paper
                if everywhere || x < 256 && y >= 150 {
                    tone = panel
                    if (20..<236).contains(x), y % 12 < 4 { tone = text }
                }
                pixSetPixel(pix.pointer, Int32(x), Int32(y), tone)
            }
        }
        return pix
    }

    static func tone(_ pix: PixImage, _ x: Int, _ y: Int) -> UInt32 {
        var value: UInt32 = 0
        pixGetPixel(pix.pointer, Int32(x), Int32(y), &value)
        return value
    }

    static func rule(card: Double, whole: Double = 0.65) -> OCRParameters.LightOnDark {
        var rule = OCRParameters.LightOnDark.handSet
        rule.maxBandTone = card
        rule.maxBandToneWholeImage = whole
        return rule
    }

    /// A mid-grey panel (0.71 of the paper's tone) with white text is a band from a limit of
    /// 0.8 on, not at the hand-set 0.65; inverted, its text turns dark and the paper stays.
    @Test func midGreyPanelWithLightTextIsInvertedAboveItsTone() throws {
        let card = try Self.card(panel: 175, text: 250)
        #expect(try DarkBands.inverted(card, rule: .handSet, wholeImage: false) == nil)
        let inverted = try #require(
            try DarkBands.inverted(card, rule: Self.rule(card: 0.8), wholeImage: false))
        // A stroke of the panel's text (rows 12k to 12k + 3) is dark now, the panel between the
        // strokes mid-dark, and the paper is not touched.
        #expect(Self.tone(inverted, 100, 192) < 20)
        #expect(Self.tone(inverted, 100, 198) == 255 - 175)
        #expect(Self.tone(inverted, 400, 50) == Self.paper)
    }

    /// A whole image read without a found card has its own limit: a photo's table or fabric is
    /// darker than the card's paper too.
    @Test func wholeImageKeepsItsOwnLimit() throws {
        let card = try Self.card(panel: 175, text: 250)
        #expect(try DarkBands.inverted(card, rule: Self.rule(card: 0.8), wholeImage: true) == nil)
        #expect(
            try DarkBands.inverted(card, rule: Self.rule(card: 0.65, whole: 0.8), wholeImage: true) != nil)
    }

    /// Dark text on a darker place (a shadow, a tinted panel with black type) is no band.
    @Test func darkTextOnGreyIsNotInverted() throws {
        let card = try Self.card(panel: 175, text: 60)
        #expect(try DarkBands.inverted(card, rule: Self.rule(card: 0.8), wholeImage: false) == nil)
    }

    /// Parameter files written before `dark_bands` existed read with the hand-set limits.
    @Test func filesWithoutDarkBandsUseTheHandSetLimits() throws {
        let compiled = try JSONSerialization.jsonObject(with: Data(GeneratedOCRParameters.json.utf8))
        var json = try #require(compiled as? [String: Any])
        json.removeValue(forKey: "dark_bands")
        let parameters = try OCRParameters.decode(JSONSerialization.data(withJSONObject: json))
        #expect(parameters.darkBands == .handSet)
    }

    /// A dark image is dark paper only when what stands out of it is light (light text): a
    /// photo whose card was not found, mostly a desk in a hard shadow with dark text on the
    /// card's shadowed part, is not inverted whole (its shadowed text turned light and cleaning
    /// took it). Both images have a median tone of 70.
    @Test func darkImageIsDarkPaperOnlyWithLightText() throws {
        let lightText = try Self.card(panel: 70, text: 230, everywhere: true)
        let darkText = try Self.card(panel: 70, text: 15, everywhere: true)
        let lift = OCRParameters.LightOnDark.handSet.lightLift
        #expect(try Background.isDarkPaper(lightText, lift: lift))
        #expect(try !Background.isDarkPaper(darkText, lift: lift))
    }
}
