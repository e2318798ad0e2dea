import Foundation

/// Finds the address: the best run of adjacent address-like segments, joined with ", ".
struct AddressFinder: Sendable {
    var value: String?
    var members: Set<Int>
    var confidence: Double
    var evidence: String?
    var runnerUp: String?

    /// A line after an address line that ends in a comma continues the address when no field
    /// scores it at least this (log-odds; 0.5 is "more likely that field than not", with room).
    static let commaJoinFieldBelow = 0.5

    static func find(
        segments: [Segment], scores: [SegmentScores], excluded: [Bool], run: ScoringModel.AddressRun,
        region: String?, similarTypeSize: ClosedRange<Double>
    ) -> AddressFinder {
        // A web address misread past the website pattern ("www.nakorcom", "wwwioanio id") is
        // no address line, though it sits by one.
        let usable = segments.indices.filter {
            !excluded[$0] && !scores[$0].junk && !Self.opensWebAddress(segments[$0].text)
                && !Self.isHanPhoneLabel(segments[$0].text)
        }
        // An address line printed with a trailing comma goes on ("Shree Ram Mill Compound," /
        // "Above Bank of Baroda,"): the next line continues it unless it is clearly another field.
        func commaJoins(_ k: Int) -> Bool {
            unclaimed(scores[k], fieldsBelow: commaJoinFieldBelow) && scores[k].address > run.floor
        }
        // A line as likely an address line as a seed goes on a run; a weaker one ("Palladium
        // Athletic Facility" above the street) only when no text field wants it, so a company
        // or title line above or below the address is never swallowed.
        func weakJoins(_ k: Int) -> Bool {
            scores[k].address >= run.continue && unclaimed(scores[k])
        }
        // A unit's line ("Center for Integrated Systems": a street word, no number) starts no
        // address: the street below it is the address, the unit a department. Nor does an
        // organisation's ("Remote Sensing Applications Centre" above "26, Kisan Bhavan"), which
        // is not joined on above the address either, nor a company's whose name holds a street
        // word ("Harbor Point Partners": a company word, no number, likelier the company).
        func seeds(_ k: Int) -> Bool {
            let noNumber = Text.digitCount(segments[k].text) == 0
            let company = scores[k].features["company_word"] > 0 && scores[k][.company] > scores[k].address
            return scores[k].address >= run.seed
                && !(scores[k].hasDepartmentMarker && noNumber)
                && !scores[k].namesOrganisation && !(noNumber && company)
        }
        // A bilingual card prints its address twice, once per script: one run never joins a
        // line of Han (or kana, Hangul) text and a line of Latin words (realcards tune: a Hong
        // Kong card's "新界荃灣沙咀道6號..." and "Unit 08, 13/F, ..." read as one address).
        let scripts = segments.map { Self.script(of: $0.text) }
        func sameScript(_ k: Int, _ chain: [Int]) -> Bool {
            guard let script = scripts[k] else { return true }
            return chain.allSatisfy { scripts[$0].map { $0 == script } ?? true }
        }
        // A line that opens with its own label ("Address:", "Factory:", or a place, "London:",
        // "Singapore:"): under a line that did too, it is the next of several addresses; a
        // labelled first line starts its address.
        // Read once per segment: the runs below ask it of the same lines many times.
        let labelled = segments.map {
            $0.label == .address || Self.placeLabel($0.text) != nil || Self.bulletItem($0.text)
        }
        func opensWithLabel(_ k: Int) -> Bool { labelled[k] }
        func canContinue(_ k: Int, _ chain: [Int]) -> Bool {
            guard sameScript(k, chain) else { return false }
            if let first = chain.first, opensWithLabel(first), opensWithLabel(k) { return false }
            return seeds(k) || weakJoins(k) || continuesLabel(segments, chain, k, scores, run)
                || (chain.last.map { segments[$0].text.hasSuffix(",") } == true && commaJoins(k))
        }
        // Each segment's usable row-mates, found once: the runs below ask for them many times.
        let rowMates = segments.indices.map { j in
            usable.filter { k in k != j && isRowMate(segments[k], segments[j]) }
        }
        // `j` is on the next row below `last`: directly below it, or beside a line that is
        // ("CO 80255" right of "Denver," under "157 Elm Avenue"), or its row, pieces read apart,
        // is centred under it ("Chicago, IL" | "60674-5199" under "2044 Congress Avenue, Suite
        // 1100" on a centred card: neither piece alone is aligned).
        func belowRow(_ j: Int, _ last: Int) -> Bool {
            if isBelow(segments[j], segments[last]) { return true }
            let mates = rowMates[j]
            if mates.contains(where: { isBelow(segments[$0], segments[last]) }) { return true }
            guard !mates.isEmpty else { return false }
            var row = segments[j]
            row.box = mates.reduce(row.box) { $0.union(segments[$1].box) }
            return isBelow(row, segments[last])
        }
        // No other line lies between `upper` and `lower`: a run grows line by line and never
        // skips a line another field took ("Division No. 3" / company / street, printed close).
        func adjacent(_ lower: Int, below upper: Int) -> Bool {
            !segments.indices.contains { m in
                m != lower && m != upper && isBelow(segments[m], segments[upper])
                    && isBelow(segments[lower], segments[m])
            }
        }
        var runs: [(members: [Int], total: Double)] = []
        for seed in usable where seeds(seed) {
            var chain = [seed]
            // Grow downwards, then upwards, one nearest aligned line at a time.
            while let last = chain.last,
                let next = usable.filter({
                    !chain.contains($0) && belowRow($0, last) && adjacent($0, below: last)
                        && canContinue($0, chain)
                })
                .min(by: {
                    segments[$0].box.y != segments[$1].box.y
                        ? segments[$0].box.y < segments[$1].box.y : $0 < $1
                })
            {
                chain.append(next)
            }
            while let first = chain.first, !opensWithLabel(first),
                let previous = usable.filter({
                    !chain.contains($0) && isBelow(segments[first], segments[$0])
                        && adjacent(first, below: $0) && sameScript($0, chain)
                        && !scores[$0].namesOrganisation && (seeds($0) || weakJoins($0)
                            || (segments[$0].text.hasSuffix(",") && commaJoins($0)))
                })
                .max(by: {
                    segments[$0].box.y != segments[$1].box.y
                        ? segments[$0].box.y < segments[$1].box.y : $0 > $1
                })
            {
                chain.insert(previous, at: 0)
            }
            // Other pieces of the same lines ("Cep 01014-000 | Centro | SP"), and text on the same
            // row that OCR read as a separate line ("Denver," beside "CO 80255"), come along.
            let lines = Set(chain.map { segments[$0].line })
            for k in usable where !chain.contains(k) && scores[k].address > run.floor && sameScript(k, chain) {
                // ... unless another field wants the piece more ("YAMAMOTO Shota" read on one line
                // with the postcode beside it).
                let wanted = TextField.allCases.contains {
                    scores[k][$0] >= max($0.threshold, scores[k].address)
                }
                let sameLine = lines.contains(segments[k].line) && !wanted
                // In the address's own type size: a logo word beside the address ("Reliance" left
                // of "Ganpatrao Kadam Marg,") is not a piece of it.
                let rowMate =
                    chain.contains {
                        isRowMate(segments[k], segments[$0])
                            && similarTypeSize.contains(segments[k].size / max(1, segments[$0].size))
                    }
                    && TextField.allCases.allSatisfy { scores[k][$0] < $0.threshold }
                if sameLine || rowMate { chain.append(k) }
            }
            chain = readingOrder(chain, segments)
            // An address has a line more likely an address line than not: weak seeds only
            // gather the lines around such a one.
            guard chain.contains(where: { scores[$0].addressLike }) else { continue }
            // A building's name alone ("Training Centre" under a wordmark) is no address.
            guard !chain.allSatisfy({ scores[$0].premisesOnly }) else { continue }
            // Nor is a postcode alone: its lines were not read.
            guard !chain.allSatisfy({ LineScorer.isJapanesePostcode(segments[$0].text) }) else { continue }
            if !runs.contains(where: { Set($0.members) == Set(chain) }) {
                // A run weighs what its lines are likely to be address lines.
                runs.append((chain, chain.reduce(0) { $0 + 1 / (1 + exp(-scores[$1].address)) }))
            }
        }
        guard
            var best = runs.enumerated().max(by: {
                $0.element.total != $1.element.total
                    ? $0.element.total < $1.element.total : $0.offset > $1.offset
            })?.element
        else { return AddressFinder(value: nil, members: [], confidence: 0) }
        // Of an address printed in two scripts the first printed is the card's own (the
        // realcards labels' primary address), though the other may have more lines; a line
        // another field wants (a company's "香港...上市公司") is no translation of it, nor are
        // words without a number above a numbered address (an English company line with a street
        // word, "Yisheng Industrial Enterprise", over "403臺中市西區英才路226號"): a translation
        // prints the same numbers.
        func top(_ members: [Int]) -> Int { members.map { segments[$0].box.y }.min() ?? 0 }
        func runScript(_ members: [Int]) -> Character? { members.lazy.compactMap { scripts[$0] }.first }
        func numbered(_ members: [Int]) -> Bool { members.contains { Text.digitCount(segments[$0].text) > 0 } }
        if let bestScript = runScript(best.members),
            let translation = runs.filter({
                Set($0.members).isDisjoint(with: best.members)
                    && runScript($0.members).map { $0 != bestScript } == true && top($0.members) < top(best.members)
                    && $0.members.allSatisfy { unclaimed(scores[$0]) }
                    && (numbered($0.members) || !numbered(best.members))
            }).max(by: { $0.total < $1.total })
        {
            best = translation
        }
        // Offices listed one per labelled line ("Regd. Office: ..." / "Works: ..."): the first
        // printed is the card's own, however much street evidence the others hold.
        if let first = best.members.first, opensWithLabel(first),
            let earlier = runs.filter({
                Set($0.members).isDisjoint(with: best.members) && opensWithLabel($0.members[0])
                    && top($0.members) < top(best.members) && $0.members.allSatisfy { unclaimed(scores[$0]) }
            }).min(by: { top($0.members) < top($1.members) })
        {
            best = earlier
        }
        // A Han line that is only a place ("香港", "台灣") at either end of a Han address heads an
        // office list: Han addresses print the place inline ("香港觀塘偉業街203號...").
        func placeHeading(_ k: Int) -> Bool {
            let text = segments[k].text
            return text.count <= 4 && Text.hanCount(text) == text.count && scores[k].features["country"] > 0
                && best.members.contains { $0 != k && Text.hanCount(segments[$0].text) >= 6 }
        }
        while best.members.count > 1, let first = best.members.first, placeHeading(first) {
            best.members.removeFirst()
        }
        while best.members.count > 1, let last = best.members.last, placeHeading(last) {
            best.members.removeLast()
        }
        // Inside the run, the next office starts (the first printed is the card's address): at
        // such a place after a Han address ("香港觀塘...4樓" / "台灣" / "110台北市..."), or, with
        // no heading (an office and a factory one under the other), at a line that opens with a
        // city, county or prefecture after a line that ends with a house or floor number.
        if let cut = best.members.indices.dropFirst().first(where: { i in
            (placeHeading(best.members[i])
                && best.members[..<i].contains { Text.hanCount(segments[$0].text) >= 6 })
                || (Self.endsHanAddress(segments[best.members[i - 1]].text)
                    && Self.opensHanPlace(segments[best.members[i]].text))
        }) {
            best.members.removeSubrange(cut...)
        }
        // The label of a first line that opens with a place or an office ("London: 20 Gresham
        // Street") is not part of the address.
        var shown = segments
        if let first = best.members.first, let rest = Self.placeLabel(segments[first].text) {
            shown[first].text = rest
        }
        var value = render(best.members, shown)
        if let region, ["DE", "AT", "CH"].contains(region) { value = repairUmlauts(value) }
        if let region, ordinalRegions.contains(region) { value = repairOrdinals(value) }
        let others = runs.filter { Set($0.members).isDisjoint(with: best.members) }.sorted {
            $0.total > $1.total
        }
        let margin = best.total - (others.first?.total ?? 0)
        let meanConfidence =
            best.members.map { segments[$0].confidence }.reduce(0, +) / Double(best.members.count)
        let shape = 0.55 + 0.45 * tanh(0.8 * margin)
        let confidence = min(1, shape * (0.7 + 0.3 * min(1, meanConfidence)))
        var reasons = Array(Set(best.members.flatMap { scores[$0].addressReasons })).sorted()
        if best.members.count > 1 { reasons.append("\(best.members.count) lines joined") }
        return AddressFinder(
            value: value, members: Set(best.members), confidence: confidence,
            evidence: reasons.prefix(4).joined(separator: "; "),
            runnerUp: others.first.map { render($0.members, segments) })
    }

    /// Whether a Han address line ends with a house, floor or room number ("...100號", "12樓",
    /// "5樓之1", "32F", "1101室"): the end of an address.
    static func endsHanAddress(_ text: String) -> Bool {
        let t = text.filter { $0 != " " }
        guard Text.hanCount(t) >= 4 else { return false }
        return t.range(of: #"([號号樓楼室層层]|[0-9０-９]+[FfＦ]|之[0-9０-９]+)$"#, options: .regularExpression) != nil
    }

    /// Whether a Han line opens with a place that starts an address: a city, county, province or
    /// prefecture ("桃園市...", "高雄縣", "廣東省", "大阪府"), or Hong Kong's and Macau's areas, after
    /// a postcode or postal mark if any.
    static func opensHanPlace(_ text: String) -> Bool {
        let t = text.filter { $0 != " " }.drop { $0.isNumber || "〒-‐ー".contains($0) }
        if ["香港", "九龍", "九龙", "新界", "澳門", "澳门"].contains(where: { t.hasPrefix($0) }) { return true }
        let head = Array(t.prefix(4))
        guard let unit = head.firstIndex(where: { "市縣县省都府".contains($0) }), unit >= 1 else { return false }
        return head[..<unit].allSatisfy { Text.isHan($0) }
    }

    /// The text after a label no lexicon knows that opens `text`: up to three capitalised words
    /// and a colon ("London: ...", "Regd. Office: ...", "Works: ..."), or nil.
    static func placeLabel(_ text: String) -> String? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let head = text[..<colon]
        let rest = text[text.index(after: colon)...]
        guard (2...30).contains(head.count), head.split(separator: " ").count <= 3,
            head.allSatisfy({ $0.isLetter || " .'-".contains($0) }), head.first?.isUppercase == true,
            rest.first == " ", rest.dropFirst().first.map({ $0 != " " }) == true
        else { return nil }
        // A street and its number word ("Cumhuriyet Cad. No: 63", "Kat: 15") are the address.
        let lexicons = Lexicons.shared
        let words = Text.foldedWords(String(head))
        guard !words.contains(where: { w in
            lexicons.addressWords.contains(w) || numberedWords.contains(w) || ["n", "ste"].contains(w)
                || lexicons.addressSuffixes.contains { w.hasSuffix($0) && w.count > $0.count + 2 }
        })
        else { return nil }
        return String(rest.dropFirst())
    }

    /// True when a line's first word starts like a web address ("www", "http"), after any icon
    /// marks: no postal address line does.
    /// A Han line that names a phone line and nothing else ("客戶權益專線", "服務電話", "传真"):
    /// the label of the number beside it, never an address line. Its last word is a phone,
    /// mobile or fax label (`Labels.han`) or a hotline's (`Labels.hanHotlines`).
    static let hanPhoneWords =
        Labels.han.filter { [.phone, .mobile, .fax].contains($0.1) }.map(\.0) + Labels.hanHotlines
    static func isHanPhoneLabel(_ text: String) -> Bool {
        let compact = text.replacingOccurrences(of: " ", with: "")
        return (2...10).contains(compact.count) && compact.allSatisfy(Text.isHan)
            && hanPhoneWords.contains { compact.hasSuffix($0) }
    }

    static func opensWebAddress(_ text: String) -> Bool {
        let first = text.drop { !$0.isLetter && !$0.isNumber }.prefix { !$0.isWhitespace }.lowercased()
        return first.hasPrefix("www") || first.hasPrefix("http")
    }

    /// The script of an address line: "h" for two or more Han, kana or Hangul characters, "l"
    /// for three or more other letters and no such character, nil for lines of digits and marks
    /// ("〒330-0854"), which go with either.
    static func script(of text: String) -> Character? {
        let cjk = Lexicons.cjkCount(text)
        if cjk >= 2 { return "h" }
        if cjk == 0, Text.latinLetterCount(text) >= 3 { return "l" }
        return nil
    }

    /// No text field wants the line (every field's score below `fieldsBelow`, by default below
    /// the field's own threshold), and it is no person's name, role or tagline.
    private static func unclaimed(_ s: SegmentScores, fieldsBelow: Double? = nil) -> Bool {
        TextField.allCases.allSatisfy { s[$0] < (fieldsBelow ?? $0.threshold) } && !s.nameLike && !s.hasRole
            && !s.tagline
    }

    /// A line after an "Address:" label line continues it when it is not a different field.
    private static func continuesLabel(
        _ segments: [Segment], _ members: [Int], _ k: Int, _ scores: [SegmentScores],
        _ run: ScoringModel.AddressRun
    ) -> Bool {
        guard let first = members.first, segments[first].label == .address, members.count < 3 else {
            return false
        }
        let s = scores[k]
        return TextField.allCases.allSatisfy { s[$0] < $0.threshold } && s.address > run.floor
    }

    /// The address text of some segments in reading order. Parts of one printed row that OCR
    /// read as separate lines ("Montréal, QC" + "H3B 8Y2") are joined with a space, unless a
    /// comma was printed at the break; lines and separator-split pieces are joined with ", ".
    static func render(_ members: [Int], _ segments: [Segment]) -> String {
        var value = ""
        for (n, k) in members.enumerated() {
            let text = dropPin(segments[k].text.trimmingCharacters(in: .init(charactersIn: " ,;")))
            let part = restoreAccents(repairNumbering(repairPostcodes(repairJalan(text))))
            if n > 0 {
                let previous = segments[members[n - 1]]
                let sameRow =
                    previous.line != segments[k].line && isRowMate(previous, segments[k])
                    && previous.box.maxX <= segments[k].box.x + 4
                value += sameRow && !previous.text.hasSuffix(",") ? " " : ", "
            }
            value += part
        }
        return value
    }

    /// A line of a printed list: a bullet first ("• Av. Sapopemba, 2449"), or a lower-case "e",
    /// "o" or "c" before a capitalised word, as OCR reads a bullet ("e Av. Rio das Pedras").
    static func bulletItem(_ line: String) -> Bool {
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count >= 2, let first = words.first, first.count == 1, let mark = first.first,
            words[1].first?.isUppercase == true
        else { return false }
        return "•·●▪■◦*".contains(mark) || "eoc".contains(mark)
    }

    /// A pin icon before an address line, read as a capital O or Q ("O 97 Princes Street", "Q viel
    /// Centre", "OÈ 2680 Mission Street") or as a 9 or 0 before the house number ("9 180 Trần
    /// Hưng Đạo St."): the line-level icon rule keeps a lone "O" (a word elsewhere) and any
    /// digit, but no address starts with one. A digit before a word stays ("9 Station Road").
    static func dropPin(_ line: String) -> String {
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count >= 2, let first = words.first, let next = words[1].first else { return line }
        // A bullet read as a letter before a list of addresses ("e Av. Rio das Pedras, 1553 -"),
        // and the dash that ends the item.
        if bulletItem(line) {
            return words.dropFirst().joined(separator: " ")
                .trimmingCharacters(in: CharacterSet(charactersIn: " -–"))
        }
        // The pin read as one or two O-like letters: capitals ("O", "OQ"), or an O with a dot
        // below in either case ("Ọọ 〒100-0005", "ọỌ İstiklal Cad."). A lone "Ô" stays: it is a
        // Vietnamese place word ("Ô Chợ Dừa").
        let oLike = first.allSatisfy { ["o", "q"].contains(Text.fold(String($0))) }
        let dotBelow = first.decomposedStringWithCanonicalMapping.unicodeScalars.contains {
            $0.value == 0x323
        }
        let pinLetters =
            (first.count <= 2 && first.contains { "OQ".contains($0) } && Segment.isPinGlyph(first))
            || (first.count <= 2 && oLike && dotBelow)
        let pinDigit = first.count == 1 && "90".contains(first) && next.isNumber
        // ... or before a word that a number follows ("9 Tầng 10", "9 No. 12"): no house number
        // stands before a floor or a number word.
        let word = Text.fold(words[1].trimmingCharacters(in: CharacterSet(charactersIn: ".,:")))
        let pinBeforeNumberWord = first.count == 1 && "90".contains(first) && words.count >= 3
            && numberedWords.contains(word) && words[2].first?.isNumber == true
        guard pinLetters || pinDigit || pinBeforeNumberWord else { return line }
        return words.dropFirst().joined(separator: " ")
    }

    /// Words, folded, after which a number is a floor, phase, building or house number ("1st
    /// Floor", "Phase II", "No. 12", "Số 261", "Tầng 10", "Suite 400").
    static let numberedWords: Set<String> = [
        "floor", "fl", "flr", "level", "lvl", "cross", "main", "road", "rd", "street", "st", "avenue", "ave",
        "stage", "block", "blk", "phase", "sector", "lane", "tower", "wing", "part", "building", "bldg", "unit",
        "no", "nr", "so", "tang", "lau", "suite", "flat", "kat", "apt",
    ]

    /// Undoes OCR damage to ordinals and Roman numerals in an address line, where the word
    /// around them says what they are: "Ist Floor" -> "1st Floor" (a capital I read for 1),
    /// "2™ Floor" -> "2nd Floor", "16t! Floor" and "16t Floor" -> "16th Floor" (superscript and
    /// half-read suffixes),
    /// "Tower-ll" / "Phase ll" -> "Tower-II" / "Phase II" (lower-case l read for I).
    static func repairNumbering(_ line: String) -> String {
        var words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        func bare(_ w: String) -> String { Text.fold(w.trimmingCharacters(in: CharacterSet(charactersIn: ",.;:"))) }
        func suffix(_ n: Int) -> String {
            if (11...13).contains(n % 100) { return "th" }
            switch n % 10 {
            case 1: return "st"
            case 2: return "nd"
            case 3: return "rd"
            default: return "th"
            }
        }
        for i in words.indices {
            let w = words[i]
            let next = i + 1 < words.count ? bare(words[i + 1]) : ""
            let previous = i > 0 ? bare(words[i - 1]) : ""
            // Ordinals before a numbered word.
            if numberedWords.contains(next) {
                if w == "Ist" || w == "lst" { words[i] = "1st"; continue }
                let digits = w.prefix { $0.isASCII && $0.isNumber }
                let rest = w.dropFirst(digits.count)
                if let n = Int(digits), !digits.isEmpty, ["™", "t!", "th!", "tn", "st!"].contains(String(rest)) {
                    words[i] = String(digits) + suffix(n)
                    continue
                }
                // The suffix's second letter lost in soft type ("16t Floor"): the first fits.
                if let n = Int(digits), !digits.isEmpty, rest.count == 1, suffix(n).first == rest.first {
                    words[i] = String(digits) + suffix(n)
                    continue
                }
            }
            // Roman numerals: "ll"/"lll" after a hyphen ("Tower-ll") or after a numbered word.
            func roman(_ part: Substring) -> String? {
                let core = part.trimmingCharacters(in: CharacterSet(charactersIn: ",.;"))
                guard ["ll", "lll", "Il", "lI"].contains(core) else { return nil }
                return part.replacingOccurrences(of: core, with: String(repeating: "I", count: core.count))
            }
            if let dash = w.lastIndex(of: "-"), w[..<dash].first?.isUppercase == true,
                let tail = roman(w[w.index(after: dash)...])
            {
                words[i] = w[...dash] + tail
            } else if numberedWords.contains(previous), let whole = roman(w[...]) {
                words[i] = whole
            }
        }
        return words.joined(separator: " ")
    }

    /// "JI. Pemuda", "Ji. Kebon Sirih" -> "Jl. ...": Indonesian "Jl." (Jalan, street) with its
    /// lower-case l read as a capital I or a lower-case i, before a capitalised word (no address
    /// writes "JI." or "Ji." otherwise).
    static func repairJalan(_ line: String) -> String {
        line.replacingOccurrences(
            of: #"(^|[ ,(])J[Ii]\. (?=\p{Lu})"#, with: "$1Jl. ", options: .regularExpression)
    }

    /// Regions whose addresses write ordinals with º and ª ("17º andar", "nº 36").
    static let ordinalRegions: Set<String> = [
        "BR", "PT", "ES", "IT", "AR", "MX", "CO", "CL", "PE", "UY", "VE", "EC", "BO", "PY", "AO", "MZ",
    ]

    /// Puts back the ordinal indicator OCR reads as a degree sign: "17° andar" -> "17º andar",
    /// "n° 36" -> "nº 36" (no address holds a degree).
    static func repairOrdinals(_ line: String) -> String {
        line.replacingOccurrences(of: #"(\d|\bn|\bN)°"#, with: "$1º", options: .regularExpression)
    }

    /// "Miinchen" -> "München": 'ü' read as "ii" inside a capitalised word, for German-speaking
    /// regions only (German words do not contain "ii").
    static func repairUmlauts(_ line: String) -> String {
        line.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            guard word.count > 4, word.first?.isUppercase == true, word.dropFirst().contains("ii"),
                word.allSatisfy({ $0.isLetter || $0 == "," || $0 == "-" })
            else { return String(word) }
            return String(word.prefix(1)) + word.dropFirst().replacingOccurrences(of: "ii", with: "ü")
        }.joined(separator: " ")
    }

    /// Puts back the diacritics of known place names ("Sao Paulo" -> "São Paulo") that an OCR
    /// model without them dropped; names are matched as whole words, case-insensitively.
    static func restoreAccents(_ line: String) -> String {
        guard line.unicodeScalars.allSatisfy({ $0.isASCII }) else { return line }
        var result = line
        let lower = line.lowercased()
        for (folded, accented) in Lexicons.shared.accentedPlaces where lower.contains(folded) {
            var searchRange = result.startIndex..<result.endIndex
            while let range = result.range(of: folded, options: [.caseInsensitive], range: searchRange) {
                let before =
                    range.lowerBound == result.startIndex
                    ? " " : result[result.index(before: range.lowerBound)]
                let after = range.upperBound == result.endIndex ? " " : result[range.upperBound]
                if !before.isLetter && !after.isLetter {
                    let printed = result[range]
                    let replacement = printed == printed.uppercased() ? accented.uppercased() : accented
                    result.replaceSubrange(range, with: replacement)
                    break
                }
                searchRange = range.upperBound..<result.endIndex
            }
        }
        return result
    }

    /// Undoes OCR damage to postcodes: "MA02121" -> "MA 02121", Canadian "MSV 2G6" -> "M5V 2G6"
    /// (S, O, I, Z, B read for 5, 0, 1, 2, 8 where the format wants a digit).
    static func repairPostcodes(_ line: String) -> String {
        var words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let toDigit: [Character: Character] = ["S": "5", "O": "0", "I": "1", "Z": "2", "B": "8", "G": "6"]
        for i in words.indices {
            let w = words[i]
            let core = w.trimmingCharacters(in: CharacterSet(charactersIn: ","))
            if core.count == 7, core.prefix(2).allSatisfy({ $0.isUppercase }),
                core.suffix(5).allSatisfy(\.isNumber),
                Lexicons.shared.subdivisionCodes[String(core.prefix(2))] != nil
            {
                words[i] = String(core.prefix(2)) + " " + String(w.dropFirst(2))
            }
            // "cO 80215" -> "CO 80215": a US state code OCR lowered before a ZIP
            if core.count == 2, core != core.uppercased(), core.allSatisfy(\.isLetter), i + 1 < words.count,
                words[i + 1].trimmingCharacters(in: CharacterSet(charactersIn: ",")).count == 5,
                words[i + 1].prefix(5).allSatisfy(\.isNumber),
                Lexicons.shared.subdivisionCodes[core.uppercased()] == "US"
            {
                words[i] = w.uppercased()
            }
            // UK inward code "SDH" after an outward code "BS1" -> "5DH"
            if i > 0, core.count == 3, Regions.isUKPostcode(words[i - 1] + " " + core),
                let first = core.first,
                let digit = toDigit[first]
            {
                words[i] = String(digit) + String(w.dropFirst())
            }
            if i + 1 < words.count, core.count == 3,
                words[i + 1].trimmingCharacters(in: CharacterSet(charactersIn: ",")).count == 3
            {
                var a = Array(core)
                var b = Array(words[i + 1])
                let shapeOK =
                    a[0].isLetter && a[2].isLetter && b[1].isLetter
                    && (a[1].isNumber || toDigit[a[1]] != nil) && (b[0].isNumber || toDigit[b[0]] != nil)
                    && (b[2].isNumber || toDigit[b[2]] != nil)
                if shapeOK, a.allSatisfy({ $0.isUppercase || $0.isNumber }),
                    b.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "," })
                {
                    a[1] = toDigit[a[1]] ?? a[1]
                    b[0] = toDigit[b[0]] ?? b[0]
                    b[2] = toDigit[b[2]] ?? b[2]
                    words[i] = String(a) + String(w.dropFirst(core.count))
                    words[i + 1] = String(b)
                }
            }
        }
        return words.joined(separator: " ")
    }

    /// Two segments on one row, side by side with a small gap, in type of a similar size.
    static func isRowMate(_ a: Segment, _ b: Segment, similarSize: Bool = true) -> Bool {
        let h = max(a.height, b.height)
        guard abs(a.box.midY - b.box.midY) < 0.5 * h,
            !similarSize || min(a.height, b.height) / max(1, h) > 0.6
        else { return false }
        let gap = Double(max(a.box.x, b.box.x) - min(a.box.maxX, b.box.maxX))
        return gap < 3 * h
    }

    /// Rows top to bottom (a row holds segments whose centres are within half a line), then
    /// left to right, then the order of pieces in a line.
    static func readingOrder(_ members: [Int], _ segments: [Segment]) -> [Int] {
        let byY = members.sorted { (segments[$0].box.midY, $0) < (segments[$1].box.midY, $1) }
        var row = [Int: Int]()
        var current = 0
        var rowStart = byY.first.map { segments[$0].box.midY } ?? 0
        for k in byY {
            if segments[k].box.midY - rowStart > 0.5 * segments[k].height {
                current += 1
                rowStart = segments[k].box.midY
            }
            row[k] = current
        }
        return members.sorted {
            (
                row[$0] ?? 0, segments[$0].line == segments[$1].line ? segments[$0].part : segments[$0].box.x,
                $0
            )
                < (
                    row[$1] ?? 0,
                    segments[$0].line == segments[$1].line ? segments[$1].part : segments[$1].box.x, $1
                )
        }
    }

    /// Whether `b` is the next line below `a`: a small vertical gap, a similar height, and the
    /// same left edge, right edge or centre (left-, right- or centre-aligned blocks).
    static func isBelow(_ b: Segment, _ a: Segment) -> Bool {
        let h = max(a.height, b.height)
        let gap = Double(b.box.y - a.box.maxY)
        // Heights compare by type: a line photographed at a tilt has a taller box than its letters.
        let (ha, hb) = (a.uprightHeight, b.uprightHeight)
        guard gap > -0.5 * h, gap < 1.6 * h, min(ha, hb) / max(1, ha, hb) > 0.6 else { return false }
        let tolerance = 1.5 * h
        return abs(Double(a.box.x - b.box.x)) < tolerance || abs(Double(a.box.maxX - b.box.maxX)) < tolerance
            || abs(a.box.midX - b.box.midX) < tolerance
    }
}
