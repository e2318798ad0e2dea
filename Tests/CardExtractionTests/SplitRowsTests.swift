@testable import CardExtraction
import CardModel
import Testing

// Lines OCR cut in two inside one word (SplitRows), from readings of tilted generated photos.

/// A line of words at their boxes, each word `confidence` sure.
private func row(_ words: [(String, Int, Int, Int, Int)], confidence: Double = 0.95) -> RecognizedLine {
    var built = line(of: words.map { word($0.0, $0.1, $0.2, $0.3, $0.4) })
    built.words = built.words.map { RecognizedWord(text: $0.text, box: $0.box, confidence: confidence) }
    built.confidence = confidence
    return built
}

private func joined(_ lines: [RecognizedLine]) -> [String] {
    SplitRows.joined(RecognizedPage(width: 1600, height: 1200, lines: lines), maxGap: 0.22).lines.map(\.text)
}

@Test func aWordCutWithAStrayMarkIsJoined() {
    // "Kurucu" read as "Kuru!" (the cut letter as a mark) and "cu" starting the next line.
    let lines = [
        row([("Kuru!", 745, 336, 52, 20)]),
        row([("cu", 798, 320, 40, 31), ("Ortak", 845, 318, 90, 33), ("/", 940, 316, 10, 35),
             ("Co-Founder", 955, 312, 94, 39)]),
    ]
    #expect(joined(lines) == ["Kurucu Ortak / Co-Founder"])
}

@Test func aLetterReadInBothHalvesIsKeptOnce() {
    let lines = [
        row([("Riva", 100, 200, 60, 23), ("Lojist", 165, 200, 80, 23)]),
        row([("tik", 245, 195, 40, 33), ("A.Ş.", 292, 195, 50, 33)]),
    ]
    #expect(joined(lines) == ["Riva Lojistik A.Ş."])
}

@Test func aRowCutTwiceIsJoinedTwice() {
    let lines = [
        row([("Take!", 100, 300, 60, 24)]),
        row([("shi", 161, 298, 40, 28), ("T", 210, 298, 14, 28)]),
        row([("akahashi", 224, 296, 110, 30)]),
    ]
    #expect(joined(lines) == ["Takeshi Takahashi"])
}

@Test func hanLettersCutApartAreJoinedWithoutSpace() {
    // OCR prints a Han line's text without the spaces between its words.
    var role = row([("案", 101, 291, 32, 30), ("經理", 133, 291, 64, 30)])
    role.text = "案經理"
    let lines = [row([("專", 67, 291, 31, 31)]), role]
    #expect(joined(lines) == ["專案經理"])
}

@Test func linesAWordSpaceApartOrOnAnotherRowStayApart() {
    // A word space (half a line height) is no cut.
    #expect(joined([row([("Sales", 100, 100, 80, 30)]), row([("manager", 195, 100, 110, 30)])]).count == 2)
    // The next line down.
    #expect(joined([row([("Sales", 100, 100, 80, 30)]), row([("manager", 181, 135, 110, 30)])]).count == 2)
    // Beside a capital that is no cut letter: "la" of a logo before a name.
    let name = [row([("WAKABA", 60, 98, 300, 32), ("la", 560, 98, 25, 32)]), row([("Aiko", 585, 83, 120, 38)])]
    #expect(joined(name).count == 2)
    // A letter after a digit, a word after a mark that cuts no word.
    #expect(joined([row([("Room", 100, 100, 80, 30), ("3", 185, 100, 15, 30)]), row([("a", 202, 100, 15, 30)])])
        .count == 2)
}

@Test func anUnsureGlyphBeforeALineIsNoCutWord() {
    // A logo's glyph read as "方" beside the company line.
    let lines = [
        row([("方", 365, 555, 11, 18)], confidence: 0.3),
        row([("宏碩精密股份有限公司", 376, 547, 299, 31)]),
    ]
    #expect(joined(lines).count == 2)
}

@Test func withoutAFittedGapNoLineIsJoined() {
    let lines = [row([("Riva", 100, 200, 60, 23), ("Lojist", 165, 200, 80, 23)]), row([("tik", 245, 195, 40, 33)])]
    let page = RecognizedPage(width: 1600, height: 1200, lines: lines)
    #expect(SplitRows.joined(page, maxGap: nil) == page)
}

@Test func theFittedModelJoinsACutTitle() {
    #expect(ScoringModel.standard.splitRowGap != nil)
    let fields = extract(lines: [
        row([("Ahmet", 120, 100, 160, 60), ("Kaan", 290, 100, 140, 60), ("Şahin", 440, 100, 150, 60)]),
        row([("Kuru!", 120, 200, 52, 20)]),
        row([("cu", 173, 186, 40, 34), ("Ortak", 220, 185, 90, 35), ("/", 316, 185, 10, 35),
             ("Co-Founder", 330, 184, 160, 36)]),
        row([("ahmet@armosa.com.tr", 120, 420, 330, 26)]),
    ])
    #expect(fields.title?.value == "Kurucu Ortak / Co-Founder")
}
