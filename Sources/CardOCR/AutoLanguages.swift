import CLeptonica
import CTesseract
import CardModel
import Foundation
import Logging

extension OCROptions {
    /// The `languages` value that picks the models per card (`--lang auto`): a first reading with
    /// the Latin-script model, and when it looks foreign, the model of the script OSD reports.
    public static let automaticLanguages = "auto"

    /// True when `languages` is `auto`.
    public var picksLanguages: Bool { languages == Self.automaticLanguages }
}

/// Which installed models read a script that Tesseract's OSD names ("Latin", "Han", ...).
public enum ScriptModels {
    /// What `auto` does with a detected script.
    public enum Choice: Hashable, Sendable {
        /// The first reading's model already reads the script (Latin, or an unknown name).
        case firstPass
        /// Read again with these models (a Tesseract language string).
        case models(String)
        /// No model for the script is installed: keep the first reading. `wanted` is the
        /// preferred language string, for the log and the package name.
        case missing(wanted: String)
    }

    /// The first-pass model of `auto`: `Latin` (every Latin-script language; keeps accents that
    /// `eng` drops, ~1.5x eng's time) when installed, else `eng`.
    public static func firstPass(installed: Set<String>) -> String {
        installed.contains("Latin") ? "Latin" : "eng"
    }

    /// The script name `auto` uses for traditional Chinese: OSD says "Han" for both forms;
    /// contact data (`.tw`, `+886`, `.hk`, `+852`) or traditional-only characters tell them apart.
    public static let traditionalHan = "HanTraditional"

    /// OSD script names and the language strings that read them, best first; the first whose
    /// models are all installed is used. Han comes first as `chi_sim` (`chi_sim+eng`, not
    /// `eng+chi_sim`, which spaces Han characters: OCR_FACTS). OSD names cards that mix Han and
    /// kana "Japanese", and Han with Hangul "Korean".
    static let table: [String: [String]] = [
        "Han": ["chi_sim+eng", "chi_tra+eng", "HanS+eng", "HanT+eng", "jpn+eng"],
        traditionalHan: ["chi_tra+eng", "HanT+eng", "chi_sim+eng", "HanS+eng"],
        "Japanese": ["jpn+eng", "Japanese+eng", "chi_sim+eng", "chi_tra+eng"],
        "Katakana": ["jpn+eng", "Japanese+eng"],
        "Hiragana": ["jpn+eng", "Japanese+eng"],
        "Korean": ["kor+eng", "Hangul+eng"],
        "Hangul": ["kor+eng", "Hangul+eng"],
        "Cyrillic": ["rus+eng", "ukr+eng", "bul+eng", "srp+eng", "Cyrillic+eng"],
        "Arabic": ["ara+eng", "fas+eng", "urd+eng", "Arabic+eng"],
        "Greek": ["ell+eng", "Greek+eng"],
        "Hebrew": ["heb+eng", "Hebrew+eng"],
        "Devanagari": ["hin+eng", "mar+eng", "nep+eng", "Devanagari+eng"],
        "Thai": ["tha+eng", "Thai+eng"],
        "Bengali": ["ben+eng", "Bengali+eng"],
        "Tamil": ["tam+eng", "Tamil+eng"],
        "Telugu": ["tel+eng", "Telugu+eng"],
        "Kannada": ["kan+eng", "Kannada+eng"],
        "Malayalam": ["mal+eng", "Malayalam+eng"],
        "Gujarati": ["guj+eng", "Gujarati+eng"],
        "Gurmukhi": ["pan+eng", "Gurmukhi+eng"],
        "Armenian": ["hye+eng", "Armenian+eng"],
        "Georgian": ["kat+eng", "Georgian+eng"],
        // Not an OSD script: a Latin-script language whose letters the `Latin` model misreads
        // (Trưởng -> "Truðng", Hà Nội -> "Hà NÔi"); `vie` alone reads English words too.
        vietnamese: ["vie", "Vietnamese"],
    ]

    /// Models that read the Latin script with letters `eng` lacks (their readings get the `eng`
    /// rereads of e-mail and web lines; an `eng` reading needs none, and a CJK model joined
    /// with `eng` gets the rereads of Latin fragments instead).
    public static let latinScriptModels: Set<String> = ["Latin", "vie", "Vietnamese"]

    /// The script name `auto` uses for Vietnamese cards: named by contact data (.vn, +84) or by
    /// the Latin reading's Vietnamese letters, never by OSD (which says "Latin").
    public static let vietnamese = "Vietnamese"

    /// The first installed language string of every script, for when OSD names a script
    /// whose models are missing. Japanese comes first and counts only when its reading has
    /// kana (`auto` drops it otherwise): `chi_sim` reads a Japanese card's kanji without a sign
    /// that it is Japanese (4 of the realcards tune half's Japanese photos OSD called Hebrew,
    /// Arabic or Cyrillic were read 則 -> 则), while `jpn`'s kana tell. Then Han, the most
    /// common non-Latin script on cards.
    public static func installedAlternatives(installed: Set<String>, excluding wanted: String) -> [(script: String, languages: String)] {
        let order = ["Japanese", "Han", "Korean", "Cyrillic", "Arabic", "Greek", "Hebrew", "Devanagari", "Thai"]
        var seen: Set<String> = [wanted]
        return order.compactMap { script -> (String, String)? in
            guard case .models(let languages) = choice(forScript: script, installed: installed),
                seen.insert(languages).inserted
            else { return nil }
            return (script, languages)
        }
    }

    /// Hiragana and katakana letters in `text`.
    public static func kanaCount(_ text: String) -> Int { ContactText.kanaCount(text) }

    /// Contact data that names a script when OSD does not: top-level domains and calling codes
    /// of countries whose cards are printed in that script (Chinese cards carry `.cn` addresses
    /// and `+86` numbers, which the Latin first pass reads well). OSD on a whole card answers
    /// "Latin" for most Japanese and Korean cards too (their contact lines outvote the rest).
    static let contactHints: [(pattern: String, script: String)] = [
        ("\\.(com\\.)?cn\\b", "Han"), ("\\+ ?86\\b", "Han"),
        ("\\.(com\\.|org\\.|net\\.)?tw\\b", traditionalHan), ("\\+ ?886\\b", traditionalHan),
        ("\\.(com\\.|org\\.)?hk\\b", traditionalHan), ("\\+ ?852\\b", traditionalHan), ("\\(852\\)", traditionalHan),
        ("\\(886\\)", traditionalHan),
        ("\\.(co\\.|ne\\.|or\\.)?jp\\b", "Japanese"), ("\\+ ?81\\b", "Japanese"),
        // and Japanese numbers in their domestic form ("090-2739-0085", `ContactText`)
    ] + ContactText.japaneseDomesticNumbers.map { ($0, "Japanese") } + [
        ("\\.(co\\.|or\\.)?kr\\b", "Korean"), ("\\+ ?82\\b", "Korean"),
        ("\\.(com\\.|edu\\.|gov\\.|net\\.|org\\.)?vn\\b", vietnamese), ("\\+ ?84\\b", vietnamese),
    ]

    /// The script `text`'s contact data points to, or nil. The first hint in the text wins
    /// (a Taiwanese card with a `+86` mainland number lists its own first).
    public static func scriptHinted(by text: String) -> String? {
        let lower = text.lowercased()
        var best: (position: String.Index, script: String)?
        for hint in contactHints {
            guard let range = lower.range(of: hint.pattern, options: .regularExpression) else { continue }
            if best == nil || range.lowerBound < best!.position { best = (range.lowerBound, hint.script) }
        }
        // Vietnamese letters the Latin model did read (ộ, ư, ạ ...): three, since one icon is
        // read as "Ọ" before a contact line.
        if best == nil, ContactText.vietnameseLetterCount(text) >= 3 { return vietnamese }
        return best?.script
    }

    /// OSD's names for scripts written with Han characters, and `auto`'s traditional Chinese.
    static let hanFamily: Set<String> = ["Han", "Japanese", "Hiragana", "Katakana", traditionalHan]

    /// The script to read a card in from what OSD said and what the contact data hints: OSD's
    /// "Han" does not tell Chinese from Japanese (a card with few kana) or traditional from
    /// simplified, and a `.jp`, `+81`, `.tw` or `+886` on the card does; a hint names the
    /// script when OSD found nothing, Latin, a script whose models are not installed, or
    /// another script of the Han family.
    public static func script(osd: String?, hint: String?, installed: Set<String>) -> String? {
        guard let hint else { return osd }
        guard let osd else { return hint }
        switch choice(forScript: osd, installed: installed) {
        // OSD is unsure on small or busy cards (a Japanese photo was called Cyrillic)
        case .firstPass, .missing: return hint
        // Within the Han family contact data is the surer: OSD calls some simplified Chinese
        // cards Japanese (TestImages: 3 of 33 Chinese cards read with jpn once it was installed).
        case .models: return hanFamily.contains(osd) && hanFamily.contains(hint) ? hint : osd
        }
    }

    /// The script a Han reading's own letters point to: kana -> Japanese, Hangul -> Korean,
    /// traditional-only characters -> traditional Chinese; nil when they agree with `script`.
    public static func scriptOfLetters(_ text: String, readAs script: String) -> String? {
        var kana = 0
        var hangul = 0
        var traditional = 0
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x3041...0x3096, 0x30A1...0x30FA: kana += 1
            case 0xAC00...0xD7A3: hangul += 1
            default: if traditionalOnly.contains(scalar) { traditional += 1 }
            }
        }
        if kana >= 2, script != "Japanese" { return "Japanese" }
        if hangul >= 2, script != "Korean" { return "Korean" }
        if kana < 2, hangul < 2, traditional >= 2, ["Han", "Japanese"].contains(script) { return traditionalHan }
        // chi_sim reads a traditional card's characters in their simplified forms, so none of
        // the above shows; a place of Taiwan, Hong Kong or Macau in the reading names the
        // card's script as contact data would (.tw, +886, .hk).
        if kana < 2, hangul < 2, script == "Han", traditionalPlaces.contains(where: { text.contains($0) }) {
            return traditionalHan
        }
        return nil
    }

    /// Traditional forms common on Taiwanese and Hong Kong cards that neither simplified Chinese
    /// nor Japanese prints (電話 and 業務 are Japanese too): 傳真 (传真, 伝), 經理 (经理, 経),
    /// 總 (总, 総), 號 (号), 樓 (楼), 區 (区), 發 (发, 発), 國 (国), 臺灣 (台湾), 會 (会) ...
    /// Places of Taiwan, Hong Kong and Macau, as a simplified-Chinese model reads them too
    /// (both forms where they differ): cities and counties of Taiwan, and Hong Kong's areas.
    static let traditionalPlaces = [
        "台北", "臺北", "新北", "桃園", "桃园", "台中", "臺中", "台南", "臺南", "高雄", "新竹", "基隆", "嘉義",
        "嘉义", "彰化", "屏東", "屏东", "宜蘭", "宜兰", "花蓮", "花莲", "台東", "台东", "苗栗", "南投", "雲林",
        "云林", "台灣", "臺灣", "台湾", "香港", "九龍", "九龙", "新界", "澳門", "澳门",
    ]

    static let traditionalOnly = Set("傳經總號樓區發國灣臺廣處會專營應與產廳圖關訊辦聯實體價變點當學醫藥縣鄉".unicodeScalars)

    /// The models to read a card of `script` with, among `installed`.
    public static func choice(forScript script: String, installed: Set<String>) -> Choice {
        guard let candidates = table[script] else { return .firstPass }
        for languages in candidates where languages.split(separator: "+").allSatisfy({ installed.contains(String($0)) }) {
            return .models(languages)
        }
        return .missing(wanted: candidates[0])
    }
}

extension TesseractRecognizer {
    /// `auto`: when the first (Latin-script) reading looks foreign, asks OSD for the script and
    /// reads the card again with that script's model. `pix` is the upright card image read
    /// first; `knownScript` is what OSD already said about this card, if it ran.
    ///
    /// Never throws for a missing optional model: the first reading is kept and the missing
    /// model logged at debug.
    func readInDetectedScript(_ first: RecognizedPage, of pix: PixImage, knownScript: String?) throws -> RecognizedPage {
        // The script the first reading's contact data names (.tw, +886, .jp ...), found once.
        let hint = ScriptModels.scriptHinted(by: first.text)
        let page = try readScript(first, of: pix, knownScript: knownScript, hint: hint)
        if ScriptModels.latinScriptModels.contains(page.languages) { return try rereadMachineLines(page, of: pix) }
        // Longer Latin lines are read in the script only where the contact data names a script
        // (.tw, +886, .jp ...): a Latin card OSD took for Japanese (texture read as kana) has
        // unsure Latin lines too, its name among them.
        let named = hint.map { $0 != ScriptModels.vietnamese } ?? false
        return try rereadLargeRows(try rereadLatinFragments(page, of: pix, longLines: named), of: pix)
    }

    /// A script model joined with `eng` (`chi_sim+eng`) lets `eng` win short Han words: a bold
    /// two-character name comes out "FAH" or "KB", "技术总监" as "技术" beside "EAI"
    /// (TestImages: 8 of 29 Chinese cards lost the name or title so). Short Latin-only lines
    /// (and a Han line beside them on the same row) are read again with the script model
    /// alone, cropped from the card; the new reading is kept when it is all in the script. With
    /// `longLines` (the card's contact data names its script), so are longer unsure Latin lines.
    func rereadLatinFragments(
        _ page: RecognizedPage, of pix: PixImage, longLines: Bool
    ) throws -> RecognizedPage {
        guard let model = page.languages.split(separator: "+").first.map(String.init), model != "eng",
            page.languages.contains("+")
        else { return page }
        var lines = page.lines
        var dropped = Set<Int>()
        for (index, line) in page.lines.enumerated() where !dropped.contains(index) && Self.isLatinFragment(line.text) {
            guard let single = scriptEngine(model) else { return page }
            // The same printed row: lines overlapping this one vertically by most of their
            // height, at most two line heights apart sideways, holding the script's letters.
            let row = page.lines.indices.filter { other in
                guard other != index, !dropped.contains(other),
                    Self.nonLatinLetters(in: page.lines[other].text) > 0
                else { return false }
                let a = line.box
                let b = page.lines[other].box
                let overlap = min(a.y + a.height, b.y + b.height) - max(a.y, b.y)
                let gap = max(b.x - (a.x + a.width), a.x - (b.x + b.width))
                return Double(overlap) >= 0.6 * Double(min(a.height, b.height))
                    && Double(gap) <= 2.0 * Double(max(a.height, b.height))
            }
            let members = [index] + row
            let union = members.map { page.lines[$0].box }.reduce(line.box) { u, b in
                let x = min(u.x, b.x)
                let y = min(u.y, b.y)
                return PixelBox(
                    x: x, y: y, width: max(u.x + u.width, b.x + b.width) - x,
                    height: max(u.y + u.height, b.y + b.height) - y)
            }
            guard let box = Self.lineCrop(union, in: pix) else { continue }
            let read = try single.recognize(
                try pix.cropped(to: box), resolution: CardSteps.targetDPI, segmentation: .singleLine,
                deadline: deadline)
            // A symbol the model gives no confidence at all is an extra one read inside a bold
            // character ("李和艳" for 李艳: 0.93, 0.00, 0.32): dropped when others remain.
            var readWords = read.lines.flatMap(\.words)
            // The line's own text keeps the printed spacing (a logo far left of the company).
            var text = read.lines.map(\.text).joined(separator: " ")
            if readWords.contains(where: { $0.confidence >= Self.noConfidence }),
                readWords.contains(where: { $0.confidence < Self.noConfidence })
            {
                readWords.removeAll { $0.confidence < Self.noConfidence }
                text = readWords.map(\.text).joined(separator: " ")
            }
            let words = Self.placed(readWords, from: box)
            latinFragmentRereads += 1
            let accepted =
                Self.nonLatinLetters(in: text) >= 1 && !text.contains(where: { $0.isASCII && $0.isLetter })
                && !words.isEmpty
            logger.debug(
                "latin fragment reread",
                metadata: [
                    "languages": "\(model)", "accepted": "\(accepted)", "row.lines": "\(members.count)",
                    "confidence.min": "\(String(format: "%.2f", words.map(\.confidence).min() ?? 0))",
                ])
            guard accepted else { continue }
            lines[index].text = text
            lines[index].words = words
            lines[index].box = union
            lines[index].confidence = words.reduce(0) { $0 + $1.confidence } / Double(words.count)
            dropped.formUnion(row)
        }
        // Longer lines `eng` took over ("Sibi : PENT BENESP TETROAU SIL" for 地址：桃園市...): a
        // Latin-only line the reading was unsure of (`OCRParameters.UnsureLines`' limit), not
        // contact data, read again with the script model alone; kept when it finds three of the
        // script's letters or more, outnumbering the Latin ones, and is at least as sure (an
        // English company or title line read with a Han model comes out as unsure Han, Latin
        // again, or a stylised wordmark as two stray letters: "Club B.T.S" as "ロ 上").
        let unsure = options.parameters.unsureLines.maxLineConfidence
        for (index, line) in lines.enumerated()
        where longLines && !dropped.contains(index) && line.confidence < unsure
            && Self.isLatinStandIn(line.text)
        {
            guard let single = scriptEngine(model) else { break }
            guard let box = Self.lineCrop(line.box, in: pix),
                let (text, words, confidence) = try readAlone(box, of: pix, with: single)
            else { continue }
            latinFragmentRereads += 1
            let script = Self.nonLatinLetters(in: text)
            let latin = text.filter { $0.isASCII && $0.isLetter }.count
            let accepted = script >= 3 && script > latin && confidence >= line.confidence
            logger.debug(
                "latin line reread",
                metadata: [
                    "languages": "\(model)", "accepted": "\(accepted)",
                    "confidence.before": "\(String(format: "%.2f", line.confidence))",
                    "confidence.after": "\(String(format: "%.2f", confidence))",
                ])
            guard accepted else { continue }
            lines[index].text = text
            lines[index].words = words
            lines[index].confidence = confidence
        }
        var result = page
        result.lines = lines.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
        return result
    }

    /// A line of Latin letters only that may be another script misread with `eng`: no letters of
    /// another script but a label before a colon ("地址: 80225 ih He hi ZEAE VUE"), at most eight
    /// words with letters, and none of contact data's marks: an e-mail or web address, or a
    /// phone number (five digits or more, unless letters outnumber them, as they do where a
    /// postcode starts a line of Han read as Latin).
    static func isLatinStandIn(_ text: String) -> Bool {
        let text = withoutScriptLabel(text)
        guard nonLatinLetters(in: text) == 0, text.contains(where: { $0.isASCII && $0.isLetter }),
            text.split(separator: " ").filter({ $0.contains(where: \.isLetter) }).count <= 8,
            !looksLikeAddress(text)
        else { return false }
        let digits = text.filter(\.isNumber).count
        return digits < 5 || text.filter { $0.isASCII && $0.isLetter }.count > digits
    }

    /// A line without a label of one to four of another script's letters and a colon at its
    /// start (地址：, 電話:); the line itself when it has none.
    static func withoutScriptLabel(_ text: String) -> String {
        guard let colon = text.firstIndex(where: { $0 == ":" || $0 == "：" }) else { return text }
        let label = text[..<colon].filter { !$0.isWhitespace }
        guard (1...4).contains(label.count), nonLatinLetters(in: String(label)) == label.count else {
            return text
        }
        return String(text[text.index(after: colon)...])
    }

    /// Below this a re-read symbol counts as unread.
    static let noConfidence = 0.05

    /// A line that may be a short word of another script misread with `eng`: one or two words
    /// of at most four Latin letters each, no digits or address characters, optionally after
    /// Han text ("技术总 We").
    static func isLatinFragment(_ text: String) -> Bool {
        let words = text.split(separator: " ")
        let latin = words.filter { $0.contains(where: { $0.isASCII && $0.isLetter }) }
        guard !latin.isEmpty, latin.count <= 2, latin.allSatisfy({ $0.count <= 4 }) else { return false }
        return !text.contains(where: { $0.isNumber || "@.:/".contains($0) })
    }

    /// `Latin` reads "@" as "ĝ" or "®@" and "_" as a space (TestImages: e-mail F1 95.9 with eng,
    /// 91.7 with Latin): lines that look like an e-mail address or a web address are read again
    /// with `eng`, cropped from the card (a few ms each).
    func rereadMachineLines(_ page: RecognizedPage, of pix: PixImage) throws -> RecognizedPage {
        var result = page
        for (index, line) in page.lines.enumerated() where Self.looksLikeAddress(line.text) {
            guard let eng = scriptEngine("eng") else { return page }
            // "ĝ", "®" and "©" stand for "@" inside an address, but also for an icon before any
            // line ("© Số 182 Trần Hưng Đạo"): a line with accented letters keeps them unless
            // `eng` reads it as an e-mail or web address (eng has no accents to read them with).
            guard let box = Self.lineCrop(line.box, in: pix),
                let (text, words, confidence) = try readAlone(box, of: pix, with: eng),
                !line.text.contains(where: { $0.isLetter && !$0.isASCII }) || text.contains("@")
                    || text.lowercased().contains("www")
                    || text.range(of: "[A-Za-z0-9-]\\.[a-z]{2,}\\b", options: .regularExpression) != nil
            else { continue }
            result.lines[index].text = text
            result.lines[index].words = words
            result.lines[index].confidence = confidence
            machineLineRereads += 1
        }
        return result
    }

    /// An e-mail or web address, as `Latin` reads it: "@" (or its misreadings "ĝ", "®"), `www`,
    /// or a dot between letters followed by a lowercase top-level domain ("evergreen.com").
    static func looksLikeAddress(_ text: String) -> Bool {
        if text.contains(where: { "@ĝ®©".contains($0) }) || text.lowercased().contains("www") { return true }
        return text.range(of: "[A-Za-z0-9-]\\.[a-z]{2,}\\b", options: .regularExpression) != nil
    }

    private func readScript(
        _ first: RecognizedPage, of pix: PixImage, knownScript: String?, hint: String?
    ) throws -> RecognizedPage {
        guard Self.looksForeign(first) else {
            // The Latin model reads Han and Hangul as confident nonsense ("IRMAT AARAA]",
            // "fAb4A", "PauiE"), so a Chinese card with English contact lines can look read
            // well (TestImages 270-chinese: 29.7% of words unsure). Its contact data still
            // names the script (.cn, +86): read the card with that script's model, kept only
            // when two lines come out in that script.
            guard let hint else { return first }
            return try readHinted(first, of: pix, script: hint) ?? first
        }
        var script = knownScript
        // Contact data that names the script is the surer: it decides over OSD's "Latin" and
        // Han-family answers anyway (`ScriptModels.script`), and OSD called Chinese flatbed cards
        // with .com.cn Korean, whose Korean reading found letters and was kept (TestImages 170,
        // 251). OSD (about 100 ms a card) runs only without such a hint.
        if hint == nil,
            script == nil || ScriptModels.choice(forScript: script!, installed: installedSet) == .firstPass
        {
            // OSD counts the blobs of each script over the whole image: on a Chinese card the
            // e-mail, phone and web lines often outvote the Han text ("Latin" on 5 of 7 cards).
            // Whiten the words the first pass read confidently, so the rest decides.
            let masked = try pix.whitened(Self.confidentWords(first))
            let unmasked = script
            script = try detectScript(of: masked)
            // Whitening can leave OSD too little to count (a Korean card whose e-mail and
            // phone lines were its darkest text: TestImages 309-korean); the whole card then.
            if script == nil, unmasked == nil { script = try detectScript(of: pix) }
        }
        // OSD answers "Latin" on cards with little Han text (a name, a title and the company
        // among Latin contact lines: 4 Chinese cards of TestImages, most Japanese and Korean
        // ones). Contact data read well in the first pass can name the script instead: a .cn
        // address or a +86 number; and it tells Han apart: .jp is Japanese, .tw traditional.
        let osdScript = script
        script = ScriptModels.script(osd: osdScript, hint: hint, installed: installedSet)
        // A script named by contact data alone (OSD saw no other script) must show in two lines.
        var osdReadable = false
        if let osdScript, case .models = ScriptModels.choice(forScript: osdScript, installed: installedSet) {
            osdReadable = true
        }
        let hinted = script != nil && script != osdScript && !osdReadable
        guard let script else { return first }
        switch ScriptModels.choice(forScript: script, installed: installedSet) {
        case .firstPass:
            return first
        case .missing(let wanted):
            logger.debug(
                "script model missing", metadata: [
                    "script": "\(script)", "languages": "\(wanted)",
                    "package": "\(((try? TesseractLanguages.parse(wanted)) ?? []).map(TesseractLanguages.debianPackage).joined(separator: " "))",
                ])
            // OSD is unsure on small or busy cards (a Chinese card on a flatbed page was called
            // Cyrillic): try the script models that are installed instead, best reading first.
            // (Reached only without a contact hint: .cn, .hk, (852) and the like name the script
            // first.) A Japanese reading counts when it has kana; weighing it against chi_sim's
            // by confidence does not work: chi_sim is the surer on the tune half's Japanese
            // photos too.
            // Vietnamese is a Latin-script language: no other script's model reads it.
            let alternatives =
                script == ScriptModels.vietnamese
                ? [] : ScriptModels.installedAlternatives(installed: installedSet, excluding: wanted)
            for (alternative, languages) in alternatives {
                guard let second = try secondPass(first, of: pix, script: script, languages: languages, hinted: hinted)
                else { continue }
                if alternative == "Japanese", ScriptModels.kanaCount(second.text) < 2 { continue }
                return try rereadInScriptOfLetters(second, of: pix, script: alternative, hinted: false)
            }
            return first
        case .models(let languages):
            if let second = try secondPass(first, of: pix, script: script, languages: languages, hinted: hinted) {
                return try rereadInScriptOfLetters(second, of: pix, script: script, hinted: hint == script)
            }
            // OSD named a script whose model found none of its letters (a Chinese card on a
            // flatbed page called Korean: TestImages 269-flatbed): contact data naming another
            // script gets its chance, held to two lines in that script.
            guard let hint, hint != script else { return first }
            return try readHinted(first, of: pix, script: hint, unless: languages) ?? first
        }
    }

    /// The card read with the models of the script its contact data names, held to two lines
    /// in that script; nil when no such model is installed, it is `unless` (already read), or
    /// the reading does not show the script.
    private func readHinted(
        _ first: RecognizedPage, of pix: PixImage, script: String, unless tried: String? = nil
    ) throws -> RecognizedPage? {
        guard case .models(let languages) = ScriptModels.choice(forScript: script, installed: installedSet),
            languages != tried,
            let second = try secondPass(first, of: pix, script: script, languages: languages, hinted: true)
        else { return nil }
        return try rereadInScriptOfLetters(second, of: pix, script: script, hinted: true)
    }

    /// A reading whose letters name another script than the one it was read in (kana in a
    /// `chi_sim` reading that OSD called Han, traditional-only characters, Hangul) is read once
    /// more with that script's models; the new reading is kept when it finds that script's
    /// letters as well.
    private func rereadInScriptOfLetters(
        _ page: RecognizedPage, of pix: PixImage, script: String, hinted: Bool
    ) throws -> RecognizedPage {
        // OSD calls Chinese cards Japanese too (2 of 6 Taiwanese cards of the realcards tune
        // half, a few simplified ones of TestImages), and jpn reads traditional characters in
        // their Japanese forms (經 -> 経), so no traditional-only character shows. A Japanese
        // reading without kana is taken for Chinese: read with the simplified and the
        // traditional model, the surer of the two kept (as before jpn was installed, a
        // Japanese card without kana is read with a Chinese model).
        // A card whose contact data says Japanese (.jp, +81) stays Japanese: kanji-only cards
        // exist (TestImages 304-japanese: name, title, company and address without kana).
        if script == "Japanese", !hinted, ScriptModels.kanaCount(page.text) < 2, Self.nonLatinLetters(page) >= 4 {
            var best: RecognizedPage?
            for chinese in ["Han", ScriptModels.traditionalHan] {
                guard case .models(let languages) = ScriptModels.choice(forScript: chinese, installed: installedSet),
                    languages != page.languages, languages != best?.languages,
                    let reading = try secondPass(page, of: pix, script: chinese, languages: languages, hinted: false)
                else { continue }
                if best.map({ Self.scriptConfidence(reading) > Self.scriptConfidence($0) }) ?? true { best = reading }
            }
            if let best { return best }
        }
        guard let other = ScriptModels.scriptOfLetters(page.text, readAs: script),
            case .models(let languages) = ScriptModels.choice(forScript: other, installed: installedSet),
            languages != page.languages
        else { return page }
        return try secondPass(page, of: pix, script: other, languages: languages, hinted: false) ?? page
    }

    /// Reads the card with `languages`; nil when that reading does not find the script's letters.
    private func secondPass(
        _ first: RecognizedPage, of pix: PixImage, script: String, languages: String, hinted: Bool
    ) throws -> RecognizedPage? {
        guard let engine = scriptEngine(languages) else { return nil }
        secondPassRuns += 1
        let second = try engine.recognize(
            pix, resolution: CardSteps.targetDPI, segmentation: options.pageSegmentation, deadline: deadline)
        // The script model must actually find that script's letters; a false OSD answer on
        // a Latin card reads about as well (OCR_FACTS) but loses accents: keep the first then.
        // A hint from contact data alone asks for more: two lines with the script's letters.
        let accepted: Bool
        if script == ScriptModels.vietnamese {
            // Vietnamese is written in Latin letters: the reading must show more of the letters
            // only Vietnamese prints than the Latin model found, and at least three.
            let letters = ContactText.vietnameseLetterCount(second.text)
            accepted = letters >= 3 && letters > ContactText.vietnameseLetterCount(first.text)
        } else {
            func twoScriptLines(_ page: RecognizedPage) -> Bool {
                page.lines.filter { Self.nonLatinLetters(in: $0.text) >= 2 }.count >= 2
            }
            accepted = hinted ? twoScriptLines(second) : Self.nonLatinLetters(second) >= 2
            // `eng` can take over most script lines of a `+eng` reading (a Taiwanese card's
            // name, company and address read as Latin nonsense): the contact data's script is
            // tested again once the Latin lines are read with the script model alone.
            if hinted, !accepted, second.languages.contains("+") {
                let reread = try rereadLatinFragments(second, of: pix, longLines: true)
                if twoScriptLines(reread) {
                    logger.debug(
                        "second pass", metadata: ["script": "\(script)", "accepted": "after rereads"])
                    return reread
                }
            }
        }
        logger.debug(
            "second pass", metadata: [
                "script": "\(script)", "languages": "\(languages)", "accepted": "\(accepted)",
                "hinted": "\(hinted)",
            ])
        return accepted ? second : nil
    }

    /// A first reading "looks foreign" (maybe another script read with a Latin model) when
    /// many of its words are unsure or it has few letters.
    static func looksForeign(_ page: RecognizedPage) -> Bool {
        let words = page.lines.flatMap(\.words)
        guard !words.isEmpty else { return false }
        let unsure = words.filter { $0.confidence < 0.6 }.count
        return looksPoor(page) || Double(unsure) / Double(words.count) >= 0.3
    }

    /// Mean confidence of the words with letters beyond Latin (0 when there are none): how sure
    /// a script model was of the part of the card only it reads.
    static func scriptConfidence(_ page: RecognizedPage) -> Double {
        let words = page.lines.flatMap(\.words).filter { nonLatinLetters(in: $0.text) > 0 }
        return words.isEmpty ? 0 : words.reduce(0) { $0 + $1.confidence } / Double(words.count)
    }

    /// Boxes of the words read with confidence >= 0.8 (Latin text read well).
    static func confidentWords(_ page: RecognizedPage) -> [PixelBox] {
        page.lines.flatMap(\.words).filter { $0.confidence >= 0.8 }.map(\.box)
    }

    /// Letters beyond Latin (U+0250 on: IPA, Greek, Cyrillic, CJK, ...).
    static func nonLatinLetters(_ page: RecognizedPage) -> Int {
        page.lines.reduce(0) { $0 + nonLatinLetters(in: $1.text) }
    }

    /// The katakana length mark "ー" does not count: a printed rule comes out as "ーーーー".
    static func nonLatinLetters(in text: String) -> Int {
        text.unicodeScalars.filter { $0.value >= 0x250 && $0.value != 0x30FC && $0.properties.isAlphabetic }.count
    }
}

extension PixImage {
    /// A copy with `boxes` painted white (8-bit grey: "set" makes every bit 1, i.e. 255).
    func whitened(_ boxes: [PixelBox]) throws -> PixImage {
        // "pixCopy(NULL, pixs) makes a new pix" (pix1.c)
        let copy = try PixImage("pixCopy") { pixCopy(nil, pointer) }
        for box in boxes where box.width > 0 && box.height > 0 {
            let rectangle = try LeptonicaBox(box)
            // "pixSetInRect: sets all data in rect to 1 (white for grey)" (pix2.c)
            try leptonica("pixSetInRect") { pixSetInRect(copy.pointer, rectangle.pointer) }
        }
        return copy
    }
}
