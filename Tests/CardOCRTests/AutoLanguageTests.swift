import CardModel
import CardTestSupport
import Foundation
import Logging
import Testing

@testable import CardOCR

// Real Tesseract on TestImages (run with OMP_THREAD_LIMIT=1).

private let logger = Logger(label: "AutoLanguageTests")
private let installed = Set(TesseractLanguages.installed())

private func han(_ text: String) -> Int {
    text.unicodeScalars.filter { (0x4E00...0x9FFF).contains($0.value) }.count
}

@Suite("Picking languages (--lang auto)")
struct AutoLanguageTests {
    /// Protects the point of `auto`: a Chinese card read without a language hint yields Han text and chi_sim.
    @Test(.enabled(if: installed.contains("chi_sim"), "chi_sim.traineddata not installed (tesseract-ocr-chi-sim)"))
    func chineseCardFindsChiSim() throws {
        let url = TestImages.root.appendingPathComponent("samples/chinese.png")
        let recognizer = try TesseractRecognizer(options: OCROptions(languages: "auto"), logger: logger)
        let card = try #require(try recognizer.recognizeCards(inFileAt: url).first)
        #expect(card.recognized.languages.split(separator: "+").contains("chi_sim"))
        #expect(han(card.recognized.text) >= 10)
        #expect(card.recognized.text.contains("马海燕"))
        #expect(recognizer.secondPassRuns == 1)
    }

    /// Protects the first pass with `Latin`: an accented name keeps its accents under `auto`.
    @Test(.enabled(if: installed.contains("Latin"), "Latin.traineddata not installed (tesseract-ocr-script-latn)"))
    func accentedNameKeepsAccents() throws {
        let url = TestImages.cardsDirectory.appendingPathComponent("073-clean.png")  // Jörg Göbel
        let recognizer = try TesseractRecognizer(options: OCROptions(languages: "auto"), logger: logger)
        let card = try #require(try recognizer.recognizeCards(inFileAt: url).first)
        #expect(card.recognized.text.contains("Jörg Göbel"))
        #expect(card.recognized.languages == "Latin")
    }

    /// Protects the CPU budget: a clean English card under `auto` never runs a second model.
    @Test func cleanEnglishCardRunsNoSecondPass() throws {
        let url = TestImages.cardsDirectory.appendingPathComponent("001-clean.png")
        let recognizer = try TesseractRecognizer(options: OCROptions(languages: "auto"), logger: logger)
        let card = try #require(try recognizer.recognizeCards(inFileAt: url).first)
        #expect(recognizer.secondPassRuns == 0)
        #expect(card.recognized.languages == ScriptModels.firstPass(installed: installed))
    }

    /// Protects e-mails under `auto`: Latin reads "@" as "ĝ" and "_" as a space, so the e-mail line is re-read with eng.
    @Test func emailWithUnderscoreSurvivesLatin() throws {
        let url = TestImages.cardsDirectory.appendingPathComponent("088-photo.jpg")  // karim_demir@isartaltechnik.de
        let recognizer = try TesseractRecognizer(options: OCROptions(languages: "auto"), logger: logger)
        let card = try #require(try recognizer.recognizeCards(inFileAt: url).first)
        // PSM 7 may space the underscore ("karim _demir"); "@" and "_" themselves must survive.
        #expect(card.recognized.text.replacingOccurrences(of: " ", with: "").contains("karim_demir@isartaltechnik.de"))
        #expect(TesseractRecognizer.looksLikeAddress("rohanmĝevergreen.com. au"))
        #expect(!TesseractRecognizer.looksLikeAddress("Sterling Software B.V."))
    }

    /// Protects short Han words under `chi_sim+eng`: a bold name eng read as Latin letters is re-read with chi_sim alone.
    @Test(.enabled(if: installed.contains("chi_sim"), "chi_sim.traineddata not installed (tesseract-ocr-chi-sim)"))
    func shortHanNameReadAsLatinIsReread() throws {
        let url = TestImages.cardsDirectory.appendingPathComponent("027-chinese.jpg")  // 胡艳, first read "FAH"
        let recognizer = try TesseractRecognizer(options: OCROptions(languages: "auto"), logger: logger)
        let card = try #require(try recognizer.recognizeCards(inFileAt: url).first)
        #expect(card.recognized.text.contains("胡艳"))
        #expect(recognizer.latinFragmentRereads >= 1)
    }

    /// Protects `auto` on Japanese cards (issue 9): read with jpn, so 産業 is not turned into chi_sim's 产业.
    @Test(.enabled(if: installed.isSuperset(of: ["jpn", "chi_sim"]), "jpn.traineddata not installed (tesseract-ocr-jpn)"))
    func japaneseCardIsReadWithJpn() throws {
        let url = TestImages.cardsDirectory.appendingPathComponent("298-japanese.png")  // 光産業株式会社
        let recognizer = try TesseractRecognizer(options: OCROptions(languages: "auto"), logger: logger)
        let card = try #require(try recognizer.recognizeCards(inFileAt: url).first)
        #expect(card.recognized.languages == "jpn+eng")
        #expect(card.recognized.text.contains("光産業株式会社"))
        #expect(!card.recognized.text.contains("产业"))
    }

    /// Protects the script `auto` picks when OSD or the first reading mislead it (issue 9):
    /// - a Japanese photo OSD calls Cyrillic follows its contact hint (+81, .co.jp);
    /// - a Chinese card whose Latin reading looks sure (Latin reads Han as confident nonsense)
    ///   follows its .cn and +86;
    /// - a Korean scan without .kr or +82, whose sure words whitened leave OSD too little, is
    ///   judged by OSD on the whole card.
    @Test(
        .enabled(if: installed.isSuperset(of: ["jpn", "chi_sim", "kor"]), "jpn, chi_sim or kor traineddata not installed"),
        arguments: [
            ("304-japanese.jpg", "jpn+eng", "朝日産業"), ("270-chinese.png", "chi_sim+eng", "李俊杰"),
            ("309-korean.jpg", "kor+eng", "새한"),
        ])
    func cardIsReadInItsScript(file: String, languages: String, text: String) throws {
        let url = TestImages.cardsDirectory.appendingPathComponent(file)
        let recognizer = try TesseractRecognizer(options: OCROptions(languages: "auto"), logger: logger)
        let card = try #require(try recognizer.recognizeCards(inFileAt: url).first)
        #expect(card.recognized.languages == languages)
        #expect(card.recognized.text.contains(text))
    }

    /// Protects the contact hint over a wrong OSD answer: Chinese cards on flatbed pages that OSD
    /// calls Korean are read with chi_sim because of their .com.cn or +86. On 269 the Korean
    /// model finds nothing; on 251 (北京长青医疗器械有限公司) it found letters and its reading was
    /// kept until OSD stopped running on cards whose contact data names the script.
    @Test(
        .enabled(if: installed.isSuperset(of: ["chi_sim", "kor"]), "chi_sim or kor traineddata not installed"),
        arguments: [("269-flatbed.jpg", "海川"), ("251-flatbed.jpg", "长青")])
    func chineseCardOSDCallsKoreanFollowsContactHint(file: String, text: String) throws {
        let url = TestImages.cardsDirectory.appendingPathComponent(file)
        let recognizer = try TesseractRecognizer(options: OCROptions(languages: "auto"), logger: logger)
        let cards = try recognizer.recognizeCards(inFileAt: url)
        #expect(cards.contains { $0.recognized.languages == "chi_sim+eng" && $0.recognized.text.contains(text) })
    }

    /// Protects the acceptance of a hinted reading: a printed rule read as "ーーーー" is no letter of a script.
    @Test func lengthMarksAreNoScriptLetters() {
        #expect(TesseractRecognizer.nonLatinLetters(in: "ーーーーー= ーー") == 0)
        #expect(TesseractRecognizer.nonLatinLetters(in: "コーヒー") == 2)
    }

    /// Protects `auto` on Korean cards (issue 9): Hangul is read with kor.
    @Test(.enabled(if: installed.contains("kor"), "kor.traineddata not installed (tesseract-ocr-kor)"))
    func koreanCardIsReadWithKor() throws {
        let url = TestImages.cardsDirectory.appendingPathComponent("303-korean.png")  // (주)한빛전자
        let recognizer = try TesseractRecognizer(options: OCROptions(languages: "auto"), logger: logger)
        let card = try #require(try recognizer.recognizeCards(inFileAt: url).first)
        #expect(card.recognized.languages == "kor+eng")
        #expect(card.recognized.text.contains("한빛전자"))
        #expect(card.recognized.text.contains("강서연"))
    }

    /// Protects `auto` on Vietnamese cards: the Latin model misreads Vietnamese letters
    /// ("Trưởng" as "Truðng"), so a card its contact data or letters call Vietnamese is read with
    /// `vie`; an address line behind an icon read as "©" keeps its accents (the e-mail/web
    /// lines' `eng` reread takes it only when `eng` reads an address there).
    @Test(.enabled(if: installed.contains("vie"), "vie.traineddata not installed (tesseract-ocr-vie)"))
    func vietnameseCardIsReadWithVie() throws {
        let recognizer = try TesseractRecognizer(options: OCROptions(languages: "auto"), logger: logger)
        let url = TestImages.cardsDirectory.appendingPathComponent("313-vietnamese.png")  // Kế Toán Trưởng
        let card = try #require(try recognizer.recognizeCards(inFileAt: url).first)
        #expect(card.recognized.languages == "vie")
        #expect(card.recognized.text.contains("Kế Toán Trưởng"))
        #expect(card.recognized.text.contains("Hà Nội"))
        let photo = TestImages.cardsDirectory.appendingPathComponent("320-vietnamese.jpg")  // © Số 100 Láng Hạ
        let read = try #require(try recognizer.recognizeCards(inFileAt: photo).first)
        #expect(read.recognized.languages == "vie")
        #expect(read.recognized.text.contains("Láng"))
        #expect(read.recognized.text.contains("Phường"))
    }

    /// Protects `auto` on traditional Chinese cards (issue 9): a .com.tw / +886 card is read with chi_tra, not chi_sim.
    @Test(.enabled(if: installed.isSuperset(of: ["chi_tra", "chi_sim"]), "chi_tra.traineddata not installed (tesseract-ocr-chi-tra)"))
    func traditionalCardIsReadWithChiTra() throws {
        let url = TestImages.root.appendingPathComponent("samples/traditional.png")  // 鴻遠電子股份有限公司
        let recognizer = try TesseractRecognizer(options: OCROptions(languages: "auto"), logger: logger)
        let card = try #require(try recognizer.recognizeCards(inFileAt: url).first)
        #expect(card.recognized.languages == "chi_tra+eng")
        #expect(card.recognized.text.contains("業務經理"))
        #expect(card.recognized.text.contains("鴻遠電子股份有限公司"))
    }

    /// Protects which lines are re-read with the script model alone: short Latin words only, never contact data or English text.
    @Test(arguments: [
        ("FAH", true), ("KB", true), ("技术总 We", true), ("EAI", true),
        ("Sales Manager", false), ("Tel : 010-6555 0820", false), ("p22", false), ("www.ruifeng.cn", false),
        ("技术总监", false), ("Guangzhou Ruifeng Logistics Co., Ltd.", false), ("A B C", false),
    ])
    func latinFragments(text: String, reread: Bool) {
        #expect(TesseractRecognizer.isLatinFragment(text) == reread)
    }

    /// Protects which longer lines are read again with the script model alone when unsure: Latin letters
    /// only (after a label of the script), no contact data; a postcode before Han read as Latin is no phone.
    @Test(arguments: [
        ("Sibi : PENT BENESP TETROAU SIL", true), ("WEAR A)", true), ("EK eR a]", true),
        ("Chengfeng Optoelectronics Enterprise", true), ("Email : hsinyi.huang@fuyi-precision.com Aw", false),
        ("Web : www. fuyi-precision.com.tw", false), ("TEL : (03)487-3158", false), ("店長", false),
        ("地址 :桃園市桃NM中正路", false), ("a b c d e f g h i", false),
        ("地址: 80225 ih He hi ZEAE VUE — Re 38 OHE2 1B", true), ("33027 BEL iti MALL)", true),
        ("Mobile 0953 062 848", false), ("電話: 0953 062 848", false), ("Gi 2927 3188 HH 2602 1823", false),
        ("地址: 台北市 ih He", false),
    ])
    func latinStandIns(text: String, reread: Bool) {
        #expect(TesseractRecognizer.isLatinStandIn(text) == reread)
    }

    /// Protects a traditional Chinese card whose `chi_tra+eng` reading `eng` took over (issue 9): its name,
    /// company and address lines come out as Latin nonsense, one line of Han is left, and the +886 hint alone
    /// would keep the Latin first reading. Its unsure Latin lines read again with `chi_tra` alone bring the
    /// Han back.
    @Test(.enabled(if: installed.isSuperset(of: ["chi_tra"]), "tesseract-ocr-chi-tra not installed"))
    func taiwanesePhotoTakenOverByEngIsReadInHan() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/taiwanese-card-photo.jpg")
        let recognizer = try TesseractRecognizer(options: OCROptions(languages: "auto"), logger: logger)
        let card = try #require(try recognizer.recognizeCards(inFileAt: url).first)
        #expect(card.recognized.languages == "chi_tra+eng")
        let hanLines = card.recognized.lines.filter { TesseractRecognizer.nonLatinLetters(in: $0.text) >= 2 }
        #expect(hanLines.count >= 3)
        let text = card.recognized.text.replacingOccurrences(of: " ", with: "")  // Han read letter by letter
        #expect(text.contains("店長"))
        #expect(text.contains("有限公司"))
    }

    /// Protects the contact hint for OSD's misses: .cn/+86 name Han, .tw/+886/.hk traditional Han, .jp/+81 and
    /// domestic mobile, Tokyo and Osaka numbers Japanese, .kr/+82 Korean.
    @Test(arguments: [
        ("fiB4A : mxinyi@ruifeng-technology.com.cn", "Han"), ("Tel: +86 21 5815 9887", "Han"),
        ("www.jinlong.cn", "Han"), ("+886 2 2345 6789", ScriptModels.traditionalHan),
        ("www.formosa.com.tw", ScriptModels.traditionalHan), ("info@harbour.com.hk", ScriptModels.traditionalHan),
        ("k.sato@sakura-systems.jp", "Japanese"), ("TEL +81 3-1234-5678", "Japanese"),
        // Japanese numbers in domestic form; Korean, Taiwanese and US shapes are no hint
        ("090-2739-0085", "Japanese"), ("TEL 03-5155-3708", "Japanese"), ("06-6507-4601", "Japanese"),
        ("070-1234-5678", nil), ("031-134-2521", nil), ("03-345-6789", nil), ("02-2345-6789", nil),
        ("1-090-2739-00851", nil), ("Tel: 080-2345 6789", nil),
        ("minjun.kim@hanbit.co.kr", "Korean"), ("+82 2-4971-4465", "Korean"), ("jane@acme.com", nil),
        ("www.cnn.com", nil), ("+1 415 555 0100", nil), ("+1 815 555 0100", nil), ("www.jpmorgan.com", nil),
        // the first hint printed wins: a Taiwanese card with a mainland number after its own
        ("Tel +886 2 2345 6789 / +86 21 5815 9887", ScriptModels.traditionalHan),
        // Vietnamese: .vn, +84, or three letters only Vietnamese prints in the Latin reading
        ("phuong@rador.vn", ScriptModels.vietnamese), ("www.sutek.com.vn", ScriptModels.vietnamese),
        ("Ô +84 24 8383 0300", ScriptModels.vietnamese), ("Kế Toán Trưởng", ScriptModels.vietnamese),
        // one "Ọ" is an icon read before a line; Portuguese and French accents are no hint
        ("Ọ 924 High Street", nil), ("Av. Getúlio Vargas, São Paulo", nil), ("Hôtel de Ville, Genève", nil),
    ] as [(String, String?)])
    func contactDataHintsTheScript(text: String, script: String?) {
        #expect(ScriptModels.scriptHinted(by: text) == script)
    }

    /// Protects how OSD and contact data combine: hints refine OSD's Han and fill in for Latin or nothing, never override another script.
    @Test func contactHintsRefineOSD() {
        let all: Set<String> = ["eng", "Latin", "chi_sim", "chi_tra", "jpn", "kor"]
        #expect(ScriptModels.script(osd: "Han", hint: "Japanese", installed: all) == "Japanese")
        #expect(ScriptModels.script(osd: "Han", hint: ScriptModels.traditionalHan, installed: all) == ScriptModels.traditionalHan)
        #expect(ScriptModels.script(osd: "Latin", hint: "Korean", installed: all) == "Korean")
        #expect(ScriptModels.script(osd: nil, hint: "Han", installed: all) == "Han")
        #expect(ScriptModels.script(osd: "Korean", hint: "Japanese", installed: all) == "Korean")
        #expect(ScriptModels.script(osd: "Japanese", hint: "Han", installed: all) == "Han")
        #expect(ScriptModels.script(osd: "Katakana", hint: ScriptModels.traditionalHan, installed: all) == ScriptModels.traditionalHan)
        #expect(ScriptModels.script(osd: "Han", hint: "Han", installed: all) == "Han")
        #expect(ScriptModels.script(osd: "Cyrillic", hint: nil, installed: all) == "Cyrillic")
        #expect(ScriptModels.script(osd: "Cyrillic", hint: "Japanese", installed: all) == "Japanese")
    }

    /// Protects the reread by the letters found: kana mean Japanese, Hangul Korean, traditional-only characters traditional Chinese.
    @Test func lettersOfAReadingNameItsScript() {
        #expect(ScriptModels.scriptOfLetters("株式会社 さくら産業 営業部", readAs: "Han") == "Japanese")
        #expect(ScriptModels.scriptOfLetters("주식회사 한빛전자", readAs: "Han") == "Korean")
        #expect(ScriptModels.scriptOfLetters("總經理 電話 傳真", readAs: "Han") == ScriptModels.traditionalHan)
        #expect(ScriptModels.scriptOfLetters("總經理 電話 傳真", readAs: "Japanese") == ScriptModels.traditionalHan)
        // Japanese kanji shared with traditional Chinese (電話, 業務) do not make a card Chinese
        #expect(ScriptModels.scriptOfLetters("山田電機株式会社 業務部 電話", readAs: "Japanese") == nil)
        #expect(ScriptModels.scriptOfLetters("总经理 电话", readAs: "Han") == nil)
        #expect(ScriptModels.scriptOfLetters("部長 さくら", readAs: "Japanese") == nil)
    }

    /// Protects the place hint: a simplified reading of a Taiwanese or Hong Kong card (its
    /// characters read in simplified forms) names traditional Chinese by its places; a mainland
    /// address does not, and a Japanese reading is left to its own tests.
    @Test func placesOfTaiwanAndHongKongNameTraditionalChinese() {
        #expect(ScriptModels.scriptOfLetters("新竹市大学路1001号", readAs: "Han") == ScriptModels.traditionalHan)
        #expect(ScriptModels.scriptOfLetters("香港观塘伟业街203号", readAs: "Han") == ScriptModels.traditionalHan)
        #expect(ScriptModels.scriptOfLetters("北京市海淀区中关村大街311号", readAs: "Han") == nil)
        #expect(ScriptModels.scriptOfLetters("台北支店 営業部", readAs: "Japanese") == nil)
    }

    /// Protects the fallback: scripts map to installed models only, missing ones keep the first pass.
    /// Protects Vietnamese without its model: the Latin reading is kept, no CJK model is tried.
    @Test func vietnameseUsesVieOnly() {
        #expect(ScriptModels.choice(forScript: ScriptModels.vietnamese, installed: ["Latin", "vie"]) == .models("vie"))
        #expect(ScriptModels.choice(forScript: ScriptModels.vietnamese, installed: ["Latin", "chi_sim"]) == .missing(wanted: "vie"))
    }

    @Test func scriptTableUsesInstalledModelsOnly() {
        #expect(ScriptModels.choice(forScript: "Han", installed: ["eng", "chi_sim"]) == .models("chi_sim+eng"))
        #expect(ScriptModels.choice(forScript: "Han", installed: ["eng", "chi_tra"]) == .models("chi_tra+eng"))
        #expect(ScriptModels.choice(forScript: "Japanese", installed: ["eng", "chi_sim"]) == .models("chi_sim+eng"))
        #expect(ScriptModels.choice(forScript: "Japanese", installed: ["eng", "chi_sim", "jpn"]) == .models("jpn+eng"))
        #expect(ScriptModels.choice(forScript: "Korean", installed: ["eng", "chi_sim", "kor"]) == .models("kor+eng"))
        #expect(
            ScriptModels.choice(forScript: ScriptModels.traditionalHan, installed: ["eng", "chi_sim", "chi_tra"])
                == .models("chi_tra+eng"))
        #expect(
            ScriptModels.choice(forScript: ScriptModels.traditionalHan, installed: ["eng", "chi_sim"]) == .models("chi_sim+eng"))
        #expect(ScriptModels.choice(forScript: "Cyrillic", installed: ["eng"]) == .missing(wanted: "rus+eng"))
        #expect(ScriptModels.choice(forScript: "Latin", installed: ["eng"]) == .firstPass)
        #expect(ScriptModels.firstPass(installed: ["eng"]) == "eng")
        #expect(ScriptModels.firstPass(installed: ["eng", "Latin"]) == "Latin")
    }

    /// Protects "auto never fails for a missing optional model": a tessdata with only eng and osd still reads.
    @Test func autoWithOnlyEngInstalledReads() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("autolang-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for model in ["eng", "osd"] {
            try FileManager.default.createSymbolicLink(
                atPath: dir.appendingPathComponent("\(model).traineddata").path,
                withDestinationPath: "\(TesseractLanguages.directory())/\(model).traineddata")
        }
        let recognizer = try TesseractRecognizer(
            options: OCROptions(languages: "auto", tessdataDirectory: dir.path), logger: logger)
        let card = try #require(
            try recognizer.recognizeCards(inFileAt: TestImages.root.appendingPathComponent("samples/chinese.png")).first)
        #expect(card.recognized.languages == "eng")
        #expect(card.recognized.text.contains("hengtong-technology.com"))
    }
}
