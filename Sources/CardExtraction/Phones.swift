import CardModel
import Foundation

/// One phone number found on the card, before it becomes a `PhoneValue`.
struct PhoneCandidate: Sendable, Hashable {
    var printed: String
    var e164: String?
    var kind: PhoneKind
    var confidence: Double
    var segmentIndex: Int
    var evidence: String
}

enum Phones {
    /// The rest of a run that starts with a lone digit and a space before the number ("6 0113
    /// 496 0623", "2 3569-6905"): an icon read as a digit. Nil for any other run.
    static func afterIconDigit(_ run: String) -> String? {
        guard let r = run.range(of: #"^[0-9] +(?=[0-9(])"#, options: .regularExpression) else { return nil }
        return String(run[r.upperBound...])
    }

    /// An area code printed in brackets on one line and misread on the next ("(40) - 3740368"
    /// above "140) - 3750768" and "1401 3746419"): a bracket read as "1", "l" or "|" is put back
    /// when the card prints the same code in brackets at the start of another line.
    static func restoreAreaCodeBrackets(_ segments: inout [Segment]) {
        var codes = Set<String>()
        for segment in segments {
            if let r = segment.text.range(of: #"^\(\d{2,4}\)"#, options: .regularExpression) {
                codes.insert(String(segment.text[r].dropFirst().dropLast()))
            }
        }
        guard !codes.isEmpty else { return }
        for i in segments.indices {
            let text = segments[i].text
            guard let r = text.range(of: #"^[(1lI|]\d{2,4}[)1lI|](?=[ -])"#, options: .regularExpression)
            else { continue }
            let token = text[r]
            let code = String(token.dropFirst().dropLast())
            guard !(token.first == "(" && token.last == ")"), codes.contains(code) else { continue }
            segments[i].text = "(" + code + ")" + text[r.upperBound...]
        }
    }

    /// Characters OCR confuses with digits, and the digit meant.
    static let digitConfusions: [Character: Character] = [
        "O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "|": "1", "i": "1", "!": "1",
        "S": "5", "s": "5", "$": "5", "B": "8", "Z": "2", "z": "2", "G": "6", "b": "6", "g": "9", "q": "9",
    ]
    static let numberPunctuation: Set<Character> = ["+", "(", ")", "-", ".", "/", "–", "—"]

    /// Maps confusable letters to digits inside tokens that are number-like: "+l 415 555 O1OO"
    /// -> "+1 415 555 0100". A token is rewritten only when every character is a digit, number
    /// punctuation or a confusable, and it holds a digit or sits next to a token of digits.
    static func repairDigits(_ rawText: String) -> String {
        // Brackets and stray marks OCR puts into numbers: "(0}40", "02°".
        var text = rawText
        for (bad, good) in [("}", ")"), ("{", "("), ("]", ")"), ("[", "("), ("°", ""), ("’", ""), ("'", "")] {
            text = text.replacingOccurrences(of: bad, with: good)
        }
        var tokens = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        // An opening bracket read as "1": "140) - 3750768" is "(40) - 3750768".
        for (i, token) in tokens.enumerated() where token.count >= 3 && token.count <= 6 {
            if token.hasPrefix("1"), token.hasSuffix(")"), !token.contains("("),
                token.dropFirst().dropLast().allSatisfy({ $0.isASCII && $0.isNumber })
            {
                tokens[i] = "(" + token.dropFirst()
            }
        }
        func isNumeric(_ t: String) -> Bool {
            t.contains(where: { $0.isASCII && $0.isNumber })
                && t.allSatisfy { ($0.isASCII && $0.isNumber) || numberPunctuation.contains($0) }
        }
        let numericFlags = tokens.map(isNumeric)
        for (i, token) in tokens.enumerated() {
            guard !token.isEmpty, !numericFlags[i] else { continue }
            let candidateChars = token.allSatisfy {
                ($0.isASCII && $0.isNumber) || numberPunctuation.contains($0) || digitConfusions[$0] != nil
            }
            guard candidateChars else { continue }
            let digits = token.filter { $0.isASCII && $0.isNumber }.count
            let letters = token.filter { digitConfusions[$0] != nil }.count
            let neighbourNumeric =
                (i > 0 && numericFlags[i - 1]) || (i + 1 < tokens.count && numericFlags[i + 1])
            // A lone confusable word between numbers ("O") or a mostly-digit token ("O1OO").
            // Letters alone need a number on both sides: an icon before a number reads as
            // letters ("Gi 2927 3188"), and a bracketed "(O)" label keeps its own rule.
            let lettersOnly = digits == 0 && token.allSatisfy { !numberPunctuation.contains($0) }
            let betweenNumbers = i > 0 && numericFlags[i - 1] && i + 1 < tokens.count && numericFlags[i + 1]
            guard
                digits > 0 && (digits >= letters || neighbourNumeric)
                    || (lettersOnly ? betweenNumbers : neighbourNumeric) && token.count <= 4
            else { continue }
            tokens[i] = String(token.map { digitConfusions[$0] ?? $0 })
        }
        return tokens.joined(separator: " ")
    }

    /// Words that, printed just before a digit run, mean it is not a phone number.
    static let notPhoneContext = [
        "vat", "ust", "reg", "registration", "tax", "ein", "abn", "acn", "hrb", "hra", "kvk", "siret",
        "siren",
        "iban", "bic", "swift", "id", "no", "nr", "zip", "postcode", "post code", "plz", "cep", "cap", "box",
        "p.o", "邮编", "邮政编码", "税号", "account", "acct", "date", "since", "est", "fig",
        // Japan's postal mark and "postcode": "〒192-0012" is grouped like a local number.
        "〒", "郵便番号",
    ]

    /// Digit runs that may be phone numbers, with where they start in `text`.
    static func digitRuns(in text: String) -> [(run: String, prefix: String)] {
        var runs: [(String, String)] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let startsRun =
                (c.isASCII && c.isNumber)
                || ((c == "+" || c == "(") && i + 1 < chars.count
                    && (chars[i + 1].isNumber
                        || chars[i + 1] == " " && i + 2 < chars.count && chars[i + 2].isNumber))
            guard startsRun else {
                i += 1
                continue
            }
            var j = i
            var lastDigit = i
            while j < chars.count {
                let d = chars[j]
                if d.isASCII && d.isNumber {
                    lastDigit = j
                    j += 1
                    continue
                }
                // A dash OCR read as a colon between groups ("98073:1544", "2681: 7485"): three
                // digits or more before it, four after, a space between at most (a time, "10:30",
                // has two).
                let afterColon = j + 1 < chars.count && chars[j + 1] == " " ? j + 2 : j + 1
                if d == ":", j >= i + 3, afterColon + 4 <= chars.count,
                    chars[(j - 3)..<j].allSatisfy({ $0.isASCII && $0.isNumber }),
                    chars[afterColon..<(afterColon + 4)].allSatisfy({ $0.isASCII && $0.isNumber })
                {
                    j += 1
                    continue
                }
                // A full stop and a space end a number, as a comma does ("0755 - 554712. 553929"
                // lists two); dots without spaces group one ("555.123.4567").
                if d == ".", j + 1 < chars.count, chars[j + 1] == " " { break }
                if d == " " || numberPunctuation.contains(d) && d != "+" || d == "+" && j == i {
                    // a separator is part of the run only if a digit follows soon
                    var k = j + 1
                    while k < chars.count,
                        chars[k] == " " || (numberPunctuation.contains(chars[k]) && chars[k] != "+")
                    { k += 1 }
                    // "(40) - 3740368": an area code in brackets, then a spaced dash.
                    let marks = chars[j..<k].filter { $0 != " " }.count
                    if k < chars.count, chars[k].isASCII && chars[k].isNumber, k - j <= 3 || k - j <= 4 && marks <= 2 {
                        j = k
                        continue
                    }
                    if d == "+" {
                        j += 1
                        continue
                    }
                }
                break
            }
            var end = lastDigit + 1
            if end < chars.count, chars[end] == ")" { end += 1 }
            let run = String(chars[i..<end]).replacingOccurrences(of: ": ", with: "-")
                .replacingOccurrences(of: ":", with: "-")
            runs.append((run, String(chars[..<i])))
            i = max(end, i + 1)
        }
        // A run holding two numbers ("030 123456 / 030 123457") is split at its slashes.
        return runs.flatMap { (run, prefix) -> [(String, String)] in
            let digits = run.filter(\.isNumber).count
            guard digits > 15 || run.contains(" / ") else { return [(run, prefix)] }
            return run.components(separatedBy: "/").map { ($0.trimmingCharacters(in: .whitespaces), prefix) }
        }
    }

    /// A run too long for one number ("2927 3188 1 2602 1823": two numbers and an icon read as
    /// "1") split into the numbers in it: from left to right, the longest run of whole groups
    /// that is a valid number under one of the regions; groups that start none are dropped.
    /// Runs of one number, international ones and runs with no valid piece stay as they are.
    static func splitJoinedNumbers(
        _ run: String, _ prefix: String, regions: [String], parser: any PhoneNumberParsing
    ) -> [(run: String, prefix: String)] {
        let trimmed = run.trimmingCharacters(in: CharacterSet(charactersIn: " -./"))
        guard trimmed.filter(\.isNumber).count > 15, !trimmed.hasPrefix("+"), !trimmed.hasPrefix("00") else {
            return [(run, prefix)]
        }
        let groups = trimmed.split(separator: " ").map(String.init)
        var pieces: [(String, String)] = []
        var i = 0
        while i < groups.count {
            var matched = false
            for j in stride(from: groups.count, to: i, by: -1) {
                let candidate = groups[i..<j].joined(separator: " ")
                let digits = candidate.filter(\.isNumber).count
                guard (7...15).contains(digits) else { continue }
                if regions.contains(where: { parser.parse(candidate, region: $0)?.isValid == true }) {
                    pieces.append((candidate, prefix))
                    i = j
                    matched = true
                    break
                }
            }
            if !matched { i += 1 }
        }
        return pieces.isEmpty ? [(run, prefix)] : pieces
    }

    /// The number after a slash with the leading groups of the one before it ("23774271" after
    /// "+91 40 23870445": "+91 40 23774271"), when its digits are as many as the groups it
    /// replaces; nil otherwise.
    static func sharingPrefix(_ piece: String, of first: String) -> String? {
        guard let lead = piece.first, lead.isNumber, lead != "0" else { return nil }
        let groups = first.split(separator: " ").map(String.init)
        let wanted = piece.filter(\.isNumber).count
        var count = 0
        for k in stride(from: groups.count - 1, to: 0, by: -1) {
            count += groups[k].filter(\.isNumber).count
            if count == wanted { return (groups[..<k] + [piece]).joined(separator: " ") }
            if count > wanted { return nil }
        }
        return nil
    }

    /// A piece that is nothing but an area code in brackets ("(660)", "(02)").
    static func isBracketedAreaCode(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.range(of: #"^\([0-9]{2,4}\)$"#, options: .regularExpression) != nil
    }

    /// The digits that start a piece which continues a number (its text repaired, the digit
    /// groups at its head, and whether a bracket closes them: "140) - 3750768" holds the next
    /// number's area code, not the rest of this one).
    static func leadingDigits(of segment: Segment) -> (text: String, head: String, closesBracket: Bool) {
        let text = repairDigits(segment.text)
        let headRaw = String(text.prefix { $0.isNumber || $0 == " " || $0 == "-" || $0 == "." })
        let head = headRaw.trimmingCharacters(in: CharacterSet(charactersIn: " -."))
        return (text, head, text.dropFirst(headRaw.count).first == ")")
    }

    /// The segment that continues segment `index` when a number wraps: the next one, starting
    /// with a digit, beside it on its row or on the line below.
    static func continuation(after index: Int, in segments: [Segment]) -> Int? {
        let j = index + 1
        guard j < segments.count, segments[j].text.first?.isNumber == true else { return nil }
        let a = segments[index]
        let b = segments[j]
        return AddressFinder.isRowMate(a, b, similarSize: false) || AddressFinder.isBelow(b, a) ? j : nil
    }

    /// Whether something unreadable stands where a label would be: a short junk piece just
    /// left of the number on its row, or a few stray characters before it ("“i : (010) ...").
    /// The number then was labelled, and its number type is the best guess at the label.
    static func unreadableLabel(_ segments: [Segment], _ index: Int, _ prefix: String) -> Bool {
        let stray = prefix.trimmingCharacters(in: .whitespaces)
        if !stray.isEmpty, stray.count <= 4, !stray.contains(where: \.isNumber) { return true }
        let segment = segments[index]
        return segments.indices.contains { k in
            k != index && segments[k].box.maxX <= segment.box.x + 4
                && AddressFinder.isRowMate(segments[k], segment, similarSize: false)
                && segments[k].text.count <= 4 && LineScorer.isJunk(segments[k])
        }
    }

    /// The region under which `run` is a local number (no area code), among the regions the
    /// card points to (or the first default when it points nowhere): libphonenumber says so
    /// (US "555-0123"), or the number is invalid but becomes valid behind some two-digit area
    /// code, which libphonenumber does not tell for plans such as Brazil's ("2681-7485").
    static func localReading(
        _ run: String, _ regions: [String], _ evidenced: Int, _ parser: any PhoneNumberParsing
    ) -> String? {
        let digits = run.filter(\.isNumber).count
        return regions.prefix(max(1, evidenced)).first { region in
            guard let m = parser.parse(run, region: region), !m.isValid else { return false }
            if m.isLocalOnly { return true }
            guard (7...9).contains(digits), !run.hasPrefix("0") else { return false }
            return (11...99).contains { parser.parse("\($0) \(run)", region: region)?.isValid == true }
        }
    }

    /// A number without what follows its last group: the alternative lines of a hunting group
    /// ("0261-2840035/36", "+91 2265358100/111": the digits after the slash replace the last
    /// ones) and an opening parenthesis OCR took from the next label ("(02) 2976-7070 (8").
    static func trimAlternativeSuffix(_ run: String) -> String {
        var out = run
        if let slash = out.lastIndex(of: "/") {
            let tail = out[out.index(after: slash)...]
            let head = out[..<slash]
            if (1...4).contains(tail.count), tail.allSatisfy(\.isNumber), head.filter(\.isNumber).count >= 7 {
                out = String(head)
            }
        }
        if let open = out.lastIndex(of: "("), open != out.startIndex {
            let tail = out[out.index(after: open)...]
            if tail.count <= 2, tail.allSatisfy(\.isNumber), !out[open...].contains(")") {
                out = String(out[..<open])
            }
        }
        return out.trimmingCharacters(in: CharacterSet(charactersIn: " -./"))
    }

    /// "2681-7485", "97038-8110", "3569 6905": digit groups of 3-5 with the last of four.
    static func groupedLikeLocalNumber(_ run: String) -> Bool {
        let groups = run.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == "." })
        guard groups.count == 2, groups.allSatisfy({ $0.allSatisfy(\.isNumber) }) else { return false }
        return (3...5).contains(groups[0].count) && groups[1].count == 4
    }

    /// A number printed with its area code as phones are: in brackets ("(11) 9933-6564",
    /// "(40) - 3750768") or after a trunk 0 and a dash ("0755 - 554712"); 8-12 digits. Old
    /// numbering plans (an 8-digit Brazilian mobile, a 6-digit Indian landline) print so.
    static func printedWithAreaCode(_ run: String) -> Bool {
        let digits = run.filter(\.isNumber).count
        guard (8...12).contains(digits) else { return false }
        let patterns = ["^\\(\\d{2,4}\\)[ -]*\\d{3,5}([ -]?\\d{3,4})?$", "^0\\d{2,4} ?- ?\\d{6,8}$"]
        return patterns.contains { run.range(of: $0, options: .regularExpression) != nil }
    }

    /// `run` read under the first common region (Regions.fallbackRegions, those in `regions`
    /// already tried) where it is a valid number, for a card that names no country.
    static func fallbackReading(
        _ run: String, besides regions: [String], parser: any PhoneNumberParsing
    ) -> PhoneNumberMatch? {
        validReading(run, in: Regions.fallbackRegions.filter { !regions.contains($0) }, parser: parser)
    }

    /// Digits OCR takes for one another in print (an 8 for a 5, 6, 3, 9 or 0; a 1 for a 7 or 4).
    static let confusableDigits: [Character: Set<Character>] = [
        "0": ["8", "9", "6"], "1": ["7", "4"], "2": ["7"], "3": ["8", "5", "9"], "4": ["1"],
        "5": ["8", "6", "3", "9"], "6": ["5", "8", "0"], "7": ["1", "2"], "8": ["5", "6", "3", "9", "0"],
        "9": ["8", "0", "3", "5"],
    ]

    /// `run` ("+51-80-...") with its country code replaced by the code of one of `regions` that
    /// differs from it in one confusable digit, and that code's valid reading; nil when none is.
    static func confusedCountryCode(
        _ run: String, regions: [String], parser: any PhoneNumberParsing
    ) -> (run: String, match: PhoneNumberMatch)? {
        guard run.hasPrefix("+") else { return nil }
        let afterPlus = run.dropFirst().drop { $0 == " " }
        for region in regions {
            guard let code = parser.countryCode(forRegion: region).map(String.init) else { continue }
            let printed = afterPlus.prefix(code.count)
            guard printed.count == code.count, printed.allSatisfy(\.isNumber), String(printed) != code else {
                continue
            }
            let differences = zip(printed, code).filter { $0 != $1 }
            guard differences.count == 1, let (read, meant) = differences.first,
                confusableDigits[meant]?.contains(read) == true
            else { continue }
            let candidate = "+" + code + afterPlus.dropFirst(code.count)
            if let m = parser.parse(candidate, region: region), m.isValid, m.region == region {
                return (candidate, m)
            }
        }
        return nil
    }

    /// `run` ("41 212-555-0188") with its leading 4 read as the plus it was, when the digits after
    /// it begin with the country code of one of `regions` and the number is valid there.
    static func plusReadAsFour(
        _ run: String, regions: [String], parser: any PhoneNumberParsing
    ) -> (run: String, match: PhoneNumberMatch)? {
        guard run.first == "4" else { return nil }
        let rest = run.dropFirst()
        for region in regions {
            guard let code = parser.countryCode(forRegion: region).map(String.init),
                rest.hasPrefix(code)
            else { continue }
            let candidate = "+" + rest
            if let m = parser.parse(candidate, region: region), m.isValid, m.region == region {
                return (candidate, m)
            }
        }
        return nil
    }

    /// `run` read under the first of `regions` where it is a valid number.
    static func validReading(
        _ run: String, in regions: [String], parser: any PhoneNumberParsing
    ) -> PhoneNumberMatch? {
        regions.lazy.compactMap { parser.parse(run, region: $0) }.first { $0.isValid }
    }

    /// A national number as cards print it: a trunk 0 and its area code, then one to three more
    /// groups ("028 4466 4834", "0982.846.017", "079-40699992"); 9 to 12 digits.
    static func nationalFormat(_ run: String) -> Bool {
        let digits = run.filter(\.isNumber).count
        guard (9...12).contains(digits) else { return false }
        return run.range(of: #"^0\d{1,4}([ .-]\d{2,8}){1,3}$"#, options: .regularExpression) != nil
    }

    /// Brazilian CEP "01310-528" and Japanese "100-0005" postcodes, next to a city name.
    static func looksLikePostcode(_ run: String) -> Bool {
        let parts = run.split(separator: "-")
        guard parts.count == 2, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }) else { return false }
        return (parts[0].count == 5 && parts[1].count == 3) || (parts[0].count == 3 && parts[1].count == 4)
    }

    /// A Japanese postcode as OCR reads it: three digits, the first no 0, a hyphen or a dot, and
    /// four digits ("363-0012", "363.0012").
    static func looksLikeJapanesePostcode(_ run: String) -> Bool {
        run.range(of: #"^[1-9][0-9]{2}[-.][0-9]{4}$"#, options: .regularExpression) != nil
    }

    /// A US ZIP+4 code, "60654-6691": nine digits, no US phone number.
    static func looksLikeZipPlusFour(_ run: String) -> Bool {
        run.range(of: #"^[0-9]{5}-[0-9]{4}$"#, options: .regularExpression) != nil
    }

    static func looksLikeDate(_ run: String) -> Bool {
        let parts = run.split(whereSeparator: { $0 == "." || $0 == "/" || $0 == "-" })
        guard parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }) else { return false }
        let lengths = parts.map(\.count)
        return lengths == [2, 2, 4] || lengths == [4, 2, 2] || lengths == [1, 2, 4] || lengths == [2, 1, 4]
            || lengths == [1, 1, 4]
    }

    /// Finds the phone numbers of a card: candidates from digit runs, each parsed under the
    /// candidate regions in order; a reading valid under some region wins.
    static func find(
        segments: [Segment], regions: [String], evidenced: Int, parser: any PhoneNumberParsing,
        typeByNumber: Bool, addressLike: (Segment) -> Bool
    ) -> [PhoneCandidate] {
        var found: [PhoneCandidate] = []
        var seen: Set<String> = []
        var consumed: [Int: String] = [:]
        for (index, segment) in segments.enumerated() {
            if segment.label == .email || segment.label == .web { continue }
            var text = segment.text
            // An area code in brackets that OCR parted from the rest of its number on the row
            // ("(660)" | "562-7967"): the digits that start the next piece complete it.
            if isBracketedAreaCode(text), consumed[index] == nil,
                let j = continuation(after: index, in: segments),
                AddressFinder.isRowMate(segment, segments[j], similarSize: false)
            {
                let (next, head, _) = leadingDigits(of: segments[j])
                if Text.digitCount(head) >= 5 {
                    text += " " + head
                    consumed[j] = String(next.prefix(head.count))
                }
            }
            guard Text.digitCount(text) >= 6 || segment.label?.phoneKind != nil else { continue }
            var repaired = repairDigits(text)
            if let taken = consumed[index] {
                repaired = String(repaired.dropFirst(taken.count)).trimmingCharacters(in: .whitespaces)
            }
            let runs = digitRuns(in: repaired).flatMap {
                splitJoinedNumbers($0.run, $0.prefix, regions: regions, parser: parser)
            }
            var previous: String?
            for (rawRun, prefix) in runs {
                var run = trimAlternativeSuffix(rawRun.trimmingCharacters(in: CharacterSet(charactersIn: " -./")))
                let before = previous
                previous = run
                // Indian cards label an office number "(O)" (read "(0)"), sometimes after an
                // icon read as a digit: "3 (0) 0261-2840035", "(O) 2905731". A trunk "(0)"
                // follows a country code ("+44 (0) 20"), so one that opens a run is a label.
                var runLabel = segment.label?.phoneKind
                if let r = run.range(of: #"^([0-9] +)?\(0\) *"#, options: .regularExpression) {
                    run = String(run[r.upperBound...])
                    runLabel = runLabel ?? .work
                }
                let digits = run.filter { $0.isASCII && $0.isNumber }.count
                let international = run.hasPrefix("+") || run.hasPrefix("00")
                // Six digits only under a phone label: Indian town numbers ("Tel # 553224, 763497")
                // are that short, and so are postcodes.
                guard digits >= (runLabel != nil ? 6 : 7), digits <= 15, !looksLikeDate(run) else { continue }
                let context = Text.fold(prefix).trimmingCharacters(in: CharacterSet(charactersIn: " :.#-"))
                // Brazil's "CEP" heads an eight-digit postcode; Turkish cards print "Cep" (cep
                // telefonu, mobile) before a ten- or eleven-digit number.
                let turkishMobile = context.hasSuffix("cep") && digits >= 10
                if notPhoneContext.contains(where: { context.hasSuffix($0) }), !turkishMobile { continue }
                // "Cep" labels that number: a postcode word elsewhere, it makes no address here.
                if turkishMobile { runLabel = runLabel ?? .mobile }
                // The end of a range of lines ("0261-4110051 to 4110060") is no number of its
                // own: the labels, like a reviewer, keep the first (as with "/36" suffixes).
                if context.hasSuffix(" to"), Text.digitCount(prefix) >= 6 { continue }
                if runLabel == nil, !international, addressLike(segment) { continue }
                // A US ZIP+4 code ("60654-6691", on a line of its own under "Chicago, IL") on a
                // card that points to the US: nine digits, no US number.
                if runLabel == nil, !international, regions.first == "US", looksLikeZipPlusFour(run) {
                    continue
                }
                // A Japanese postcode whose 〒 OCR lost or read on a line of its own ("363-0012",
                // "363.0012"): Japanese phones are printed with their leading 0 or +81, so on a
                // Japanese card this shape is no phone, whatever label OCR put beside it.
                if !international, regions.first == "JP", looksLikeJapanesePostcode(run) { continue }
                if runLabel == nil, !international, looksLikePostcode(run),
                    Text.latinLetterCount(segment.text) + Text.hanCount(segment.text) >= 3
                {
                    continue
                }
                if prefix.contains("@") { continue }

                let labelled = runLabel != nil
                var best: PhoneNumberMatch?
                var fallback: PhoneNumberMatch?
                for region in regions {
                    guard let m = parser.parse(run, region: region) else { continue }
                    if fallback == nil { fallback = m }
                    if m.isValid {
                        best = m
                        break
                    }
                    if international { break }
                }
                // A plus whose country code OCR lost ("+ 212-555-0153" for "+1 212-555-0153"): a
                // plus and a space before a number valid in none of the codes it could start,
                // but valid as dialled in the card's country.
                if best == nil, run.hasPrefix("+ "),
                    let m = validReading(String(run.dropFirst(2)), in: regions, parser: parser)
                {
                    best = m
                }
                // A country code with a digit OCR confuses ("+51-80-2981-2985" on a Japanese card,
                // its 8 read as 5): the code of a region the card points to, when the number is
                // invalid as read and valid so.
                if best == nil, international, evidenced > 0,
                    let fixed = Self.confusedCountryCode(
                        run, regions: Array(regions.prefix(evidenced)), parser: parser)
                {
                    best = fixed.match
                    run = fixed.run
                }
                // A plus read as a 4 before the card's country code ("41 212-555-0188" for "+1
                // 212-555-0188"): invalid as read, valid with the plus, in a region the card points to.
                if best == nil, !international, evidenced > 0, run.first == "4",
                    let fixed = Self.plusReadAsFour(
                        run, regions: Array(regions.prefix(evidenced)), parser: parser)
                {
                    best = fixed.match
                    run = fixed.run
                }
                // An icon read as a digit before the number ("6 0113 496 0623", "2 0232 458 18
                // 75"): a lone digit and a space, where the rest alone is a valid number.
                if best == nil, !international, let rest = Self.afterIconDigit(run) {
                    if let m = validReading(rest, in: regions, parser: parser) {
                        best = m
                        run = rest
                    }
                }
                // A number after a slash printed without the country and area code it shares with
                // the one before ("+91 40 23870445 / 23774271"): read with them, kept as printed.
                if best == nil, !international, let before, repaired.contains(" / "),
                    let shared = sharingPrefix(run, of: before),
                    let m = validReading(shared, in: regions, parser: parser)
                {
                    best = m
                }
                // A number broken over two lines ("Phone: 022 6611" / "5580 Cell: ..."): the
                // digits that start the next line complete it when that makes it valid.
                if best == nil, labelled, repaired.hasSuffix(rawRun),
                    let j = continuation(after: index, in: segments)
                {
                    let (next, head, closesBracket) = leadingDigits(of: segments[j])
                    let joined = run + " " + head
                    if !head.isEmpty, !closesBracket, joined.filter(\.isNumber).count <= 15,
                        let m = validReading(joined, in: regions, parser: parser)
                    {
                        best = m
                        run = joined
                        consumed[j] = String(next.prefix(head.count))
                    }
                }
                var guessed = false
                if best == nil, !international, runLabel != nil, evidenced == 0 {
                    // The card says nothing about its country and the number is valid in none of
                    // the default regions: try the common regions, and mark the guess.
                    if let m = fallbackReading(run, besides: regions, parser: parser) {
                        best = m
                        guessed = true
                    }
                }
                // A labelled number that is not valid where the card points (a reserved range, an
                // OCR slip) is read under the card's region, with low confidence; one valid
                // nowhere on a card without evidence keeps its printed value but no E.164 form.
                var chosen = best ?? (international || (labelled && evidenced > 0) ? fallback : nil)
                // A number printed without its area code ("2681-7485" on a São Paulo shop's card)
                // is dialable only within the area: keep it as printed, without an E.164 form
                // that would put it in the wrong place. Unlabelled, it must be grouped as phones
                // are ("2681-7485", "97038 8110") and the card must point to the region.
                var localOnly = false
                // A Japanese card prints its phones with the area code; "330-0854" alone is the
                // postcode whose 〒 OCR lost (realcards tune), not a local number.
                let japanesePostcode = regions.first == "JP" && looksLikePostcode(run)
                // The icon read as a digit before a local number ("2 3569-6905" under a São
                // Paulo address): the rest is the number when it is grouped as one.
                if best == nil, !international, evidenced > 0,
                    localReading(run, regions, evidenced, parser) == nil,
                    let rest = Self.afterIconDigit(run), groupedLikeLocalNumber(rest),
                    localReading(rest, regions, evidenced, parser) != nil
                {
                    run = rest
                }
                if best == nil, !international, localReading(run, regions, evidenced, parser) != nil,
                    labelled || evidenced > 0 && groupedLikeLocalNumber(run) && !japanesePostcode
                {
                    chosen = nil
                    localOnly = true
                }
                // A number invalid under today's plan but printed with its area code as phones
                // are, on a card that points to its region: kept as printed, without E.164.
                let oldPlan =
                    best == nil && chosen == nil && !localOnly && !international && evidenced > 0
                    && Self.printedWithAreaCode(Text.collapseSpaces(run))
                // A number alone on its line in a national format (a trunk 0, then groups: "028
                // 4466 4834", "079-40699992") on a card that names no country is a phone wherever
                // it is dialled: kept as printed, with E.164 when a common region reads it.
                var alone = false
                if best == nil, chosen == nil, !localOnly, !oldPlan, !international, runLabel == nil,
                    evidenced == 0, Self.nationalFormat(Text.collapseSpaces(run)),
                    Text.latinLetterCount(segment.text) + Text.hanCount(segment.text) == 0,
                    Text.digitCount(segment.text) == digits
                {
                    alone = true
                    chosen = fallbackReading(run, besides: regions, parser: parser)
                }
                guard chosen != nil || labelled || localOnly || oldPlan || alone else { continue }
                let key = chosen?.e164 ?? run.filter(\.isNumber)
                guard seen.insert(key).inserted else { continue }

                var kind: PhoneKind
                var evidence: String
                if let labelKind = runLabel {
                    kind = labelKind
                    evidence = "label \(segment.label?.phoneKind == nil ? "(O)" : segment.labelText ?? "")"
                } else if typeByNumber || unreadableLabel(segments, index, prefix), let type = chosen?.type {
                    switch type {
                    case .mobile: kind = .mobile
                    case .fixedLine, .fixedLineOrMobile, .tollFree, .voip, .uan, .sharedCost: kind = .work
                    default: kind = .other
                    }
                    evidence = "number type \(type.rawValue)"
                } else {
                    kind = .other
                    evidence = "no label"
                }
                var confidence = best != nil ? (guessed ? 0.6 : 0.95) : (chosen != nil || localOnly ? 0.5 : 0.4)
                if runLabel == nil { confidence -= 0.1 }
                if let m = best { evidence += "; valid in \(m.region)" }
                if localOnly { evidence += "; local number without area code" }
                if oldPlan { evidence += "; printed with an area code, invalid under today's plan" }
                if alone { evidence += "; alone on its line in a national format" }
                confidence *= 0.7 + 0.3 * min(1, max(0, segment.confidence))
                found.append(
                    PhoneCandidate(
                        printed: Text.collapseSpaces(run), e164: chosen?.e164, kind: kind,
                        confidence: min(1, max(0, confidence)), segmentIndex: index, evidence: evidence))
            }
        }
        return found
    }
}
