import CardModel
import Testing

@Suite("DisplayWidth: terminal columns of mixed Latin and CJK text")
struct DisplayWidthTests {
    @Test(
        "East Asian Wide and Fullwidth characters take two columns, combining marks none",
        arguments: [
            ("Ada Lovelace", 12),
            ("张伟", 4),
            ("深圳市腾云科技有限公司", 22),
            ("李娜 Lina", 9),
            ("：＠１", 6),  // full-width colon, at sign, digit
            ("、。「」", 8),
            ("김민준", 6),  // Hangul syllables
            ("カタカナ", 8),
            ("Jürgen", 6),
            ("Ju\u{308}rgen", 6),  // u + combining diaeresis
            ("", 0),
        ])
    func width(text: String, columns: Int) {
        #expect(DisplayWidth.of(text) == columns)
    }

    @Test(
        "padding fills up to a column count, so the next column starts at the same place",
        arguments: [
            ("张伟", 6, "张伟  "),
            ("Ada", 6, "Ada   "),
            ("深圳市腾云", 6, "深圳市腾云"),  // already wider: unchanged
        ])
    func pad(text: String, width: Int, padded: String) {
        #expect(DisplayWidth.pad(text, to: width) == padded)
        #expect(DisplayWidth.of(padded) == max(width, DisplayWidth.of(text)))
    }

    @Test(
        "truncation counts columns, never splits a wide character over the limit",
        arguments: [
            ("深圳市腾云科技有限公司", 10, "深圳市..."),
            ("Pinnacle Advisory Partners LLP", 12, "Pinnacle ..."),
            ("张伟", 10, "张伟"),
        ])
    func truncate(text: String, width: Int, cut: String) {
        #expect(DisplayWidth.truncate(text, to: width) == cut)
        #expect(DisplayWidth.of(DisplayWidth.truncate(text, to: width)) <= width)
    }
}
