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

    /// Protects which lines are re-read with the script model alone: short Latin words only, never contact data or English text.
    @Test(arguments: [
        ("FAH", true), ("KB", true), ("技术总 We", true), ("EAI", true),
        ("Sales Manager", false), ("Tel : 010-6555 0820", false), ("p22", false), ("www.ruifeng.cn", false),
        ("技术总监", false), ("Guangzhou Ruifeng Logistics Co., Ltd.", false), ("A B C", false),
    ])
    func latinFragments(text: String, reread: Bool) {
        #expect(TesseractRecognizer.isLatinFragment(text) == reread)
    }

    /// Protects the contact hint for OSD's misses: Chinese addresses and numbers name Han, others nothing.
    @Test(arguments: [
        ("fiB4A : mxinyi@ruifeng-technology.com.cn", "Han"), ("Tel: +86 21 5815 9887", "Han"),
        ("www.jinlong.cn", "Han"), ("+886 2 2345 6789", "Han"), ("jane@acme.com", nil),
        ("www.cnn.com", nil), ("+1 415 555 0100", nil), ("k.sato@sakura-systems.jp", nil),
    ] as [(String, String?)])
    func contactDataHintsTheScript(text: String, script: String?) {
        #expect(ScriptModels.scriptHinted(by: text) == script)
    }

    /// Protects the fallback: scripts map to installed models only, missing ones keep the first pass.
    @Test func scriptTableUsesInstalledModelsOnly() {
        #expect(ScriptModels.choice(forScript: "Han", installed: ["eng", "chi_sim"]) == .models("chi_sim+eng"))
        #expect(ScriptModels.choice(forScript: "Han", installed: ["eng", "chi_tra"]) == .models("chi_tra+eng"))
        #expect(ScriptModels.choice(forScript: "Japanese", installed: ["eng", "chi_sim"]) == .models("chi_sim+eng"))
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
