import CardModel
import Foundation

/// Lines that OCR cut in two inside one word, joined again.
///
/// On a tilted or curved photo Tesseract's layout analysis sometimes ends a line in the middle
/// of a word and starts another line right after it, on the same row: "Kuru!" + "cu Ortak /
/// Co-Founder", "16678 Nilüfer / Bur:" + "sa", "Riva Lojist" + "tik A.Ş.". The cut letter is
/// often read twice (once in each line) or as a stray mark (":", "!", "|"). Two lines are one
/// row cut inside a word when the second starts where the first ends, closer than a word space
/// (`maxGap` line heights), on the same row (overlapping by half the lower line's height, neither
/// more than `maxHeightRatio` times the other's height), and the letters at the cut continue
/// one word: a Latin letter and a lower-case one (or the same letter, read twice), two digits, or
/// two Han or kana letters.
enum SplitRows {
    /// How far two lines may overlap at the cut, in line heights (a letter read in both).
    static let maxOverlap = 0.3
    /// The rows' heights may differ this much: a tilted line's box is taller than its cut-off
    /// first word's (typography of the cut, not fitted: the box of a tilted line grows with its
    /// length).
    static let maxHeightRatio = 2.2

    /// `page` with each row cut inside a word joined into one line. `maxGap`: the widest gap at a
    /// cut, in the lower line height (fitted: less than nearly every word space); nil or 0
    /// leaves the page as it is.
    static func joined(_ page: RecognizedPage, maxGap: Double?) -> RecognizedPage {
        guard let maxGap, maxGap > 0, page.lines.count > 1 else { return page }
        var lines = page.lines
        var i = 0
        while i < lines.count {
            guard let (j, join) = continuation(of: i, in: lines, maxGap: maxGap) else {
                i += 1
                continue
            }
            lines[i] = joined(lines[i], lines[j], join)
            lines.remove(at: j)
            if j < i { i -= 1 }
            // The joined line is looked at again: a row may be cut more than once.
        }
        var result = page
        result.lines = lines
        return result
    }

    /// How the two lines meet: the marks to drop from the end of the first, the letters to drop
    /// from the start of the second.
    struct Join {
        var dropLast: Int
        var dropFirst: Int
    }

    /// The line that goes on from line `i`'s last word, the nearest when several do.
    static func continuation(of i: Int, in lines: [RecognizedLine], maxGap: Double) -> (Int, Join)? {
        let a = lines[i]
        guard !a.words.isEmpty else { return nil }
        var best: (index: Int, gap: Int, join: Join)?
        for (j, b) in lines.enumerated() where j != i && !b.words.isEmpty {
            let low = min(a.box.height, b.box.height)
            let high = max(a.box.height, b.box.height)
            guard low > 0, Double(high) <= maxHeightRatio * Double(low) else { continue }
            let gap = b.box.x - a.box.maxX
            let overlap = min(a.box.maxY, b.box.maxY) - max(a.box.y, b.box.y)
            guard Double(gap) >= -maxOverlap * Double(low), Double(gap) <= maxGap * Double(low),
                2 * overlap >= low
            else { continue }
            // Both halves of the cut word read surely: a logo's glyph or an icon read as a letter
            // is unsure ("方" before "宏碩精密股份有限公司").
            guard let last = a.words.last, let next = b.words.first,
                min(last.confidence, next.confidence) >= LayoutFeatures.unsureBelow,
                let join = join(a.text, b.text)
            else { continue }
            if best == nil || gap < best!.gap { best = (j, gap, join) }
        }
        return best.map { ($0.index, $0.join) }
    }

    /// Whether `first`'s end and `second`'s start are one word cut in two, and how to join them.
    static func join(_ first: String, _ second: String) -> Join? {
        let head = Array(first.trimmingCharacters(in: .whitespaces))
        let tail = Array(second.trimmingCharacters(in: .whitespaces))
        guard var x = head.last, let y = tail.first else { return nil }
        var dropLast = 0
        // A cut letter read as a stray mark: "Kuru!" + "cu", "Bur:" + "sa".
        if ":!|;".contains(x), head.count >= 2, head[head.count - 2].isLetter, y.isLowercase {
            x = head[head.count - 2]
            dropLast = 1
        }
        func isLatinLetter(_ c: Character) -> Bool { c.isLetter && !isHanOrKana(c) }
        let sameLetter = String(x).lowercased() == String(y).lowercased()
        // The same letter read twice keeps its case ("St" + "treet"; "la" + "Aiko" is no cut).
        if isLatinLetter(x) && isLatinLetter(y) && (y.isLowercase || (sameLetter && x.isUppercase)) {
            return Join(dropLast: dropLast, dropFirst: sameLetter ? 1 : 0)
        }
        if x.isNumber && y.isNumber && x.isASCII && y.isASCII {
            return Join(dropLast: dropLast, dropFirst: x == y ? 1 : 0)
        }
        if isHanOrKana(x) && isHanOrKana(y) { return Join(dropLast: dropLast, dropFirst: 0) }
        return nil
    }

    static func isHanOrKana(_ c: Character) -> Bool {
        Text.isHan(c) || ContactText.kanaCount(String(c)) == 1
    }

    /// One line of `a` and `b`, the cut word made whole: its two parts one word over both boxes,
    /// as sure as the less sure part.
    static func joined(_ a: RecognizedLine, _ b: RecognizedLine, _ join: Join) -> RecognizedLine {
        var first = a.words
        var second = b.words
        var last = first.removeLast()
        var next = second.removeFirst()
        last.text = String(last.text.dropLast(join.dropLast))
        next.text = String(next.text.dropFirst(join.dropFirst))
        let word = RecognizedWord(
            text: last.text + next.text, box: last.box.union(next.box),
            confidence: min(last.confidence, next.confidence))
        let words = first + [word] + second
        let letters = a.text.count + b.text.count
        let confidence =
            letters > 0
            ? (a.confidence * Double(a.text.count) + b.confidence * Double(b.text.count)) / Double(letters)
            : min(a.confidence, b.confidence)
        // Han lines print no spaces between words: the texts are joined as printed, not the words.
        let text =
            String(a.text.trimmingCharacters(in: .whitespaces).dropLast(join.dropLast))
            + String(b.text.trimmingCharacters(in: .whitespaces).dropFirst(join.dropFirst))
        return RecognizedLine(
            text: text, box: a.box.union(b.box), confidence: confidence,
            words: words, block: a.block, paragraph: a.paragraph)
    }
}
