/// How many terminal columns text takes, for tables of card fields that mix Latin and CJK text.
///
/// Unicode Standard Annex #11 (East Asian Width): characters of class W (Wide) and F (Fullwidth)
/// take two columns in a terminal, combining marks and zero-width characters none, the rest one.
/// `String.count` counts characters, so "张伟" (4 columns) padded to a width of 6 by count gets
/// four spaces instead of two and the next column moves right.
public enum DisplayWidth {
    /// Terminal columns of `text` (East Asian Wide/Fullwidth = 2, zero-width = 0, else 1).
    public static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    /// Terminal columns of one character: its first scalar decides; combining marks, joiners and
    /// variation selectors that follow it take no room.
    public static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if isZeroWidth(first) { return 0 }
        if character.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation }) { return 2 }
        return isWide(first) ? 2 : 1
    }

    /// `text` followed by spaces up to `width` columns; unchanged when it is already as wide.
    public static func pad(_ text: String, to width: Int) -> String {
        let missing = width - of(text)
        return missing > 0 ? text + String(repeating: " ", count: missing) : text
    }

    /// `text` cut to at most `width` columns, ending in "..." when cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard of(text) > width else { return text }
        var out = ""
        var used = 0
        for character in text {
            let w = of(character)
            if used + w > width - 3 { break }
            out.append(character)
            used += w
        }
        return out + "..."
    }

    static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return scalar.value == 0x200B || (0xFE00...0xFE0F).contains(scalar.value)
        }
    }

    /// East Asian Wide and Fullwidth ranges (EastAsianWidth.txt, Unicode 15, main blocks).
    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F,  // Hangul Jamo initials
            0x2E80...0x303E,  // CJK radicals, Kangxi, ideographic description, CJK symbols (、。「」)
            0x3041...0x33FF,  // Hiragana, Katakana, Bopomofo, Hangul compatibility, Kanbun, CJK compatibility
            0x3400...0x4DBF,  // CJK Extension A
            0x4E00...0x9FFF,  // CJK Unified Ideographs
            0xA000...0xA4CF,  // Yi
            0xA960...0xA97F,  // Hangul Jamo Extended-A
            0xAC00...0xD7A3,  // Hangul syllables
            0xF900...0xFAFF,  // CJK compatibility ideographs
            0xFE10...0xFE19,  // vertical forms
            0xFE30...0xFE6F,  // CJK compatibility forms, small form variants
            0xFF00...0xFF60,  // Fullwidth ASCII variants (：＠１)
            0xFFE0...0xFFE6,  // Fullwidth signs (￥)
            0x1F300...0x1F64F,  // pictographs, emoticons
            0x1F900...0x1F9FF,
            0x20000...0x2FFFD,  // CJK Extension B onwards
            0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
