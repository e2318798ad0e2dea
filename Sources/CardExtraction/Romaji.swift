/// Japanese names spelled in Latin letters, as e-mail addresses spell them.
enum Romaji {
    /// One spelling for the ways a reading is romanised: Hepburn and Kunrei spellings, long vowels
    /// written doubled, with "u" or "h" or not at all ("Ōkawa": okawa, ookawa, ohkawa; "Satō":
    /// sato, satou, satoh). Letters only, lower case.
    static func key(_ text: String) -> String {
        var s = String(text.lowercased().filter { $0.isASCII && $0.isLetter })
        for (from, to) in [
            ("shi", "si"), ("chi", "ti"), ("tsu", "tu"), ("fu", "hu"), ("ji", "zi"),
            ("sh", "sy"), ("ch", "ty"), ("j", "zy"),
        ] {
            s = s.replacingOccurrences(of: from, with: to)
        }
        // Long vowels: "ou", "oo" and "oh" before a consonant or at the end are one "o"; "uu" one "u".
        var out: [Character] = []
        let chars = Array(s)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if i + 1 < chars.count, c == "o" || c == "u" {
                let next = chars[i + 1]
                let afterIsVowel = i + 2 < chars.count && "aeiou".contains(chars[i + 2])
                if (c == "o" && (next == "u" || next == "o")) || (c == "u" && next == "u")
                    || (c == "o" && next == "h" && !afterIsVowel)
                {
                    out.append(c)
                    i += 2
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        return String(out)
    }
}
