import CLeptonica
import CardModel
import CardTestSupport
import Foundation
import Logging
import Testing

@testable import CardOCR

// An unsure card with coloured ink read again from its darkest colour channel
// (PreprocessStage.colour, models/ocr/parameters.json `coloured_ink`).

@Suite("Coloured ink")
struct ColouredInkTests {
    static let rule = OCRParameters.ColouredInk(
        maxMeanConfidence: 0.8, minGain: 1.05, minColouredInk: 0.3, maxColouredPixels: 0.1, maxInk: 0.25,
        inkChroma: 50, maxPaperChroma: 25, inkDepth: 60, borderDepth: 40)

    /// A 200x120 image of `paper` with `ink` in text-like strokes (5% of it), and an optional
    /// `border` colour in the outer 5 pixels.
    static func image(
        paper: (Int, Int, Int), ink: (Int, Int, Int), strokes: Double = 0.05, border: (Int, Int, Int)? = nil
    ) throws -> PixImage {
        let (width, height) = (200, 120)
        let pix = try PixImage("pixCreate") { pixCreate(Int32(width), Int32(height), 32) }
        func colour(_ c: (Int, Int, Int)) -> UInt32 {
            var value: UInt32 = 0
            composeRGBPixel(Int32(c.0), Int32(c.1), Int32(c.2), &value)
            return value
        }
        let inked = Int(strokes * Double(width * height))
        var count = 0
        for y in 0..<height {
            for x in 0..<width {
                var c = paper
                // Horizontal strokes two pixels high, every 8 rows, in the middle of the card.
                if (20..<100).contains(y), y % 8 < 2, (20..<180).contains(x), count < inked {
                    c = ink
                    count += 1
                }
                if let border, x < 5 || y < 5 || x >= width - 5 || y >= height - 5 { c = border }
                pixSetPixel(pix.pointer, Int32(x), Int32(y), colour(c))
            }
        }
        return pix
    }

    /// The measure: red or blue text on white paper is coloured ink; black text is not; a
    /// coloured card, a coloured panel, a dark panel and a whole photo on fabric are kept out.
    @Test func colouredShareCountsOnlyColouredTextOnNeutralPaper() throws {
        let white = (250, 250, 248)
        let red = try InkColour.colouredShare(
            of: Self.image(paper: white, ink: (200, 30, 30)), whole: false, rule: Self.rule)
        #expect(red > 0.9)
        let blue = try InkColour.colouredShare(
            of: Self.image(paper: white, ink: (20, 60, 170)), whole: false, rule: Self.rule)
        #expect(blue > 0.9)
        let black = try InkColour.colouredShare(
            of: Self.image(paper: white, ink: (30, 30, 30)), whole: false, rule: Self.rule)
        #expect(black == 0)
        // An orange card: the paper itself is coloured.
        let orange = try InkColour.colouredShare(
            of: Self.image(paper: (240, 150, 40), ink: (30, 30, 30)), whole: false, rule: Self.rule)
        #expect(orange == 0)
        // A blue panel covering a third of the card: coloured pixels are no longer few.
        let panel = try InkColour.colouredShare(
            of: Self.image(paper: white, ink: (20, 60, 170), strokes: 0.3), whole: false, rule: Self.rule)
        #expect(panel == 0)
        // Red text on a card found on a photo counts; the same image read as a whole photo whose
        // border is a grey desk, not the card's paper, does not (the card was not found).
        let onDesk = try Self.image(paper: white, ink: (200, 30, 30), border: (200, 200, 200))
        #expect(try InkColour.colouredShare(of: onDesk, whole: false, rule: Self.rule) > 0.9)
        #expect(try InkColour.colouredShare(of: onDesk, whole: true, rule: Self.rule) == 0)
        // A whole image that is the card (a close crop: its border is paper) counts.
        #expect(
            try InkColour.colouredShare(
                of: Self.image(paper: white, ink: (200, 30, 30)), whole: true, rule: Self.rule) > 0.9)
        // A grey image has no colour to measure.
        #expect(
            try InkColour.colouredShare(
                of: Self.image(paper: white, ink: (200, 30, 30)).grey(), whole: false, rule: Self.rule) == 0)
    }

    /// Coloured paper: its chroma and the polarity of its type. White type on red paper is
    /// light type on saturated paper, black on yellow dark type on it, black on white neither.
    @Test func paperMeasuresTheCommonestToneAndTheTypesPolarity() throws {
        let whiteOnRed = try InkColour.paper(of: Self.image(paper: (200, 30, 35), ink: (250, 250, 250)))
        #expect(whiteOnRed.chroma > 150)
        #expect(whiteOnRed.lightType)
        let blackOnYellow = try InkColour.paper(of: Self.image(paper: (245, 215, 40), ink: (20, 20, 20)))
        #expect(blackOnYellow.chroma > 150)
        #expect(!blackOnYellow.lightType)
        // As much darker as lighter (a light card with its dark type on a red desk): no clear
        // light type.
        let mixed = try InkColour.paper(
            of: Self.image(paper: (200, 30, 35), ink: (250, 250, 250), strokes: 0.13, border: (10, 10, 10)))
        #expect(!mixed.lightType)
        let blackOnWhite = try InkColour.paper(of: Self.image(paper: (250, 250, 248), ink: (20, 20, 20)))
        #expect(blackOnWhite.chroma < 10)
        let grey = try Self.image(paper: (200, 30, 35), ink: (250, 250, 250)).grey()
        #expect(try InkColour.paper(of: grey).chroma == 0)
        var rule = Self.rule
        #expect(!rule.rereads(paperChroma: 255), "0 leaves coloured paper alone")
        rule.minPaperChroma = 60
        #expect(rule.rereads(paperChroma: 60))
        #expect(!rule.rereads(paperChroma: 59))
    }

    /// The darkest channel turns coloured ink dark where luminance leaves it light.
    @Test func darkestChannelDarkensColouredInk() throws {
        let pix = try Self.image(paper: (250, 250, 248), ink: (240, 160, 0))
        var luminance: UInt32 = 0
        var darkest: UInt32 = 0
        // (20, 24) is on the first stroke; the images are held while their pixels are read.
        let grey = try pix.grey()
        let dark = try pix.darkestChannel()
        withExtendedLifetime((grey, dark)) {
            pixGetPixel(grey.pointer, 20, 24, &luminance)
            pixGetPixel(dark.pointer, 20, 24, &darkest)
        }
        #expect(luminance > 150)
        #expect(darkest == 0)
    }

    /// The keep rule and the files written before the stage existed.
    @Test func ruleAndOlderParameterFiles() throws {
        #expect(Self.rule.rereads(confidence: 0.7))
        #expect(!Self.rule.rereads(confidence: 0.85))
        #expect(Self.rule.keeps(confidence: 0.8, over: 0.7))
        #expect(!Self.rule.keeps(confidence: 0.72, over: 0.7))
        #expect(!OCRParameters.ColouredInk.off.rereads(confidence: 0))
        let json =
            #"{"small_text": {"min_word_height": 22, "max_mean_confidence": 0.8, "target_factor": 1.4, "max_enlarge": 2.5}}"#
        #expect(try OCRParameters.decode(Data(json.utf8)).colouredInk == .off)
        // A `coloured_ink` section written before `min_paper_chroma` leaves coloured paper alone.
        let older =
            #"{"small_text": {"min_word_height": 22, "max_mean_confidence": 0.8, "target_factor": 1.4,"#
            + #" "max_enlarge": 2.5}, "coloured_ink": {"max_mean_confidence": 0.8, "min_gain": 1.05,"#
            + #" "min_coloured_ink": 0.3, "max_coloured_pixels": 0.1, "max_ink": 0.25, "ink_chroma": 50,"#
            + #" "max_paper_chroma": 25, "ink_depth": 60, "border_depth": 40}}"#
        let decoded = try OCRParameters.decode(Data(older.utf8)).colouredInk
        #expect(decoded.maxMeanConfidence == 0.8)
        #expect(decoded.minPaperChroma == 0)
        #expect(OCRParameters.fitted.colouredInk.maxMeanConfidence > 0)
    }

    /// TestImages' first card recoloured pixel by pixel (`colour` maps its grey tone, 0 ink to 1
    /// paper, to red, green and blue), written as a temporary PNG.
    static func recolouredCard(
        _ name: String, _ colour: (Double) -> (Double, Double, Double)
    ) throws -> URL {
        let source = try ImageDecoder.decode(
            path: TestImages.root.appendingPathComponent("cards/001-clean.png").path, maxPixels: 100_000_000,
            applyEXIF: false)
        let grey = try source.pix.grey()
        let coloured = try PixImage("pixCreate") { pixCreate(Int32(grey.width), Int32(grey.height), 32) }
        for y in 0..<grey.height {
            for x in 0..<grey.width {
                var value: UInt32 = 0
                pixGetPixel(grey.pointer, Int32(x), Int32(y), &value)
                let (red, green, blue) = colour(Double(value) / 255)
                var rgb: UInt32 = 0
                composeRGBPixel(Int32(red), Int32(green), Int32(blue), &rgb)
                pixSetPixel(coloured.pointer, Int32(x), Int32(y), rgb)
            }
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "\(name)-\(UUID().uuidString).png")
        try coloured.writePNG(to: url)
        return url
    }

    /// The card at `url` read with `rule` (and the stage off with `skip`), and how many cards the
    /// recognizer read again from a colour channel.
    static func read(
        _ url: URL, _ rule: OCRParameters.ColouredInk, skip: Bool = false
    ) throws -> (RecognizedCard, Int) {
        var options = OCROptions()
        options.languages = "eng"
        options.parameters.colouredInk = rule
        if skip { options.disabledStages.insert(.colour) }
        let recognizer = try TesseractRecognizer(options: options, logger: Logger(label: "ColouredInkTests"))
        let card = try #require(recognizer.recognizeCards(inFileAt: url).first)
        return (card, recognizer.colourRereads)
    }

    /// Real Tesseract on a real card whose ink was turned orange-red: an unsure reading is read
    /// again from the darkest channel, that reading is kept only when it is surer by the
    /// rule's gain, and `--skip-stage colour` reads the card once.
    @Test func aColouredCardIsReadAgainFromItsDarkestChannel() throws {
        // Ink (dark) becomes orange-red, paper stays white.
        let url = try Self.recolouredCard("colouredink") { t in (200 + 55 * t, 70 + 185 * t, 255 * t) }
        defer { try? FileManager.default.removeItem(at: url) }
        var always = Self.rule
        always.maxMeanConfidence = 1.01  // every reading counts as unsure
        always.minGain = 0  // any second reading is kept
        let (kept, rereads) = try Self.read(url, always)
        #expect(rereads == 1)
        #expect(kept.recognized.text.contains("Hendriks"), "the darkest channel's reading lost the name")
        var never = always
        never.minGain = 100
        let (first, again) = try Self.read(url, never)
        #expect(again == 1)
        let (skipped, none) = try Self.read(url, always, skip: true)
        #expect(none == 0)
        // Not kept: the card is the luminance reading, the same as with the stage off.
        #expect(first.recognized == skipped.recognized)
        #expect(kept.recognized != skipped.recognized, "the kept reading is the luminance one")
    }

    /// Real Tesseract on a real card printed white on red: with `min_paper_chroma` set an unsure
    /// reading is read again from the darkest channel (the paper dark, the type white), which
    /// reads the name; with it 0 the card is read once.
    @Test func aCardInLightTypeOnColouredPaperIsReadAgainFromItsDarkestChannel() throws {
        // Ink (dark) becomes white, paper red.
        let url = try Self.recolouredCard("colouredpaper") { t in
            (255 - 55 * t, 255 - 225 * t, 255 - 220 * t)
        }
        defer { try? FileManager.default.removeItem(at: url) }
        var paper = Self.rule
        paper.maxMeanConfidence = 1.01  // every reading counts as unsure
        paper.minGain = 0  // any second reading is kept
        paper.minPaperChroma = 60
        let (kept, rereads) = try Self.read(url, paper)
        #expect(rereads == 1)
        #expect(kept.recognized.text.contains("Hendriks"), "the darkest channel's reading lost the name")
        paper.minPaperChroma = 0
        let (_, none) = try Self.read(url, paper)
        #expect(none == 0)
    }
}
