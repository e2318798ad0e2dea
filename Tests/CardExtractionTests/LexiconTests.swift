import CardModel
import Testing

@testable import CardExtraction

// What Lexicons.swift makes of models/lexicons (issue 9: names, titles and company words of
// the world's cards, without flooding).
@Suite("Lexicons")
struct LexiconTests {
    private let lexicons = Lexicons.shared

    /// Protects names outside the US census: Turkish, Vietnamese, Indian, romanised Japanese and Chinese.
    @Test(arguments: ["mehmet", "deniz", "priya", "yuki", "thi", "akiko"])
    func worldGivenNames(name: String) {
        #expect(lexicons.givenNames.contains(name))
    }

    /// Protects the Indian given names Faker prints only in Devanagari, Gujarati or Odia, romanised
    /// as cards spell them (राजेश -> Rajesh, आनन्द -> Anand, प्रसन्न -> Prasanna).
    @Test(arguments: ["rajesh", "suresh", "sunil", "vijay", "anand", "prasanna", "krishna", "dinesh"])
    func romanisedIndianGivenNames(name: String) {
        #expect(lexicons.givenNames.contains(name))
    }

    /// Protects surnames outside the US census, and Turkish dotless ı matching a surname printed in capitals (YILMAZ).
    @Test(arguments: ["nguyen", "tanaka", "yilmaz", "yılmaz", "sharma", "schmidt", "pereira"])
    func worldSurnames(name: String) {
        #expect(lexicons.surnames.contains(name))
    }

    /// Protects the flood filter: dictionary words and field words are not names.
    @Test(arguments: ["hope", "sunny", "bank", "manager", "sales", "street", "group", "travel", "director"])
    func commonWordsAreNotNames(word: String) {
        #expect(!lexicons.givenNames.contains(word))
        #expect(!lexicons.surnames.contains(word))
    }

    /// Protects frequent census names that are also dictionary words ("Brown", "Young", "Mark").
    @Test func frequentNamesSurviveTheFilter() {
        #expect(lexicons.surnames.contains("brown"))
        #expect(lexicons.surnames.contains("young"))
        #expect(lexicons.givenNames.contains("mark"))
    }

    /// Protects role words of the real cards' languages, as words and as two-word phrases.
    @Test(arguments: ["apprentice", "owner", "teacher", "gerente", "mudur", "yoneticisi", "giam đoc",
                      "giam doc", "engenheiro", "abogado", "ky su", "genel mudur"])
    func worldTitleRoles(role: String) {
        #expect(lexicons.titleRoles.contains(role))
    }

    /// Protects English roles the job lists lack and the abbreviations cards print ("Asst. Mgr.").
    @Test(arguments: ["realtor", "advocate", "notary", "electrician", "mgr", "asst", "exec", "engr", "dgm", "avp",
                      "fellow", "scholar", "student", "candidate", "postdoc", "investigator", "locksmith",
                      "hairdresser", "bookkeeper", "entrepreneur", "radiologist", "videographer", "chaplain"])
    func curatedEnglishRoles(role: String) {
        #expect(lexicons.titleRoles.contains(role))
    }

    /// Protects departments named after a business function ("Investor Relations"): investor is
    /// no role word (TestImages lost three departments to the title when it was one).
    @Test func investorIsNoRole() {
        #expect(!lexicons.titleRoles.contains("investor"))
    }

    /// Protects given names that are also role words elsewhere ("Dean"): not made roles.
    @Test func deanStaysAName() {
        #expect(lexicons.givenNames.contains("dean"))
        #expect(!lexicons.titleRoles.contains("dean"))
    }

    /// Protects CJK titles, matched as substrings: Japanese, traditional Chinese, Korean.
    @Test(arguments: ["部長", "課長", "代表取締役", "總經理", "經理", "대표이사", "부장", "연구원", "マネージャー"])
    func cjkTitles(title: String) {
        #expect(lexicons.titleHan.entries.contains(title))
    }

    /// Protects job-list words that mean a place or a company, not a title ("Praça da marinha").
    @Test(arguments: ["praca", "banco", "group", "street"])
    func addressAndCompanyWordsAreNotTitles(word: String) {
        #expect(!lexicons.titleRoles.contains(word))
    }

    /// Protects job-list modifiers from being roles: the word before a slash ("Museum/gallery
    /// curator") and the first word of an English job in a head-first list ("community manager"
    /// in fr_FR). "Community College" is no title.
    @Test(arguments: ["community", "museum", "planning", "television", "product", "industrial", "data", "yield"])
    func jobListModifiersAreNotTitles(word: String) {
        #expect(!lexicons.titleRoles.contains(word))
    }

    @Test(arguments: ["curator", "geophysicist", "seismologist", "surveyor"])
    func jobListHeadsStayTitles(word: String) {
        #expect(lexicons.titleRoles.contains(word))
    }

    /// Protects company words and forms of the real cards: "Group", "Travel", 株式会社, 주식회사, Ltda.
    @Test func companyWordsAndForms() {
        for word in ["group", "travel", "holdings", "grupo"] { #expect(lexicons.companyWords.contains(word)) }
        for form in ["ltda.", "a.s.", "gmbh"] { #expect(lexicons.companyForms.contains(form)) }
        for form in ["株式会社", "有限会社", "주식회사", "(주)", "股份有限公司"] { #expect(lexicons.companyFormsHan.entries.contains(form)) }
    }

    /// Protects Han and Hangul surnames: Japanese kanji surnames join the Chinese ones, Korean ones their own set.
    @Test func cjkSurnames() {
        #expect(lexicons.chineseSurnames.contains("佐藤"))
        #expect(lexicons.chineseSurnames.contains("欧阳"))
        #expect(lexicons.hangulSurnames.contains("김"))
        #expect(!lexicons.chineseSurnames.contains("김"))
    }

    /// Protects the split of department words: kana and Hangul markers are matched as substrings like Han ones.
    @Test func cjkDepartmentMarkers() {
        #expect(lexicons.departmentMarkersHan.entries.contains("팀"))
        #expect(lexicons.departmentMarkersHan.entries.contains("部"))
        #expect(!lexicons.departmentMarkers.contains("팀"))
    }
}

/// A Japanese card's name line is a known surname and given name run together (IPAdic): it
/// wins over a branch name printed as large, which is no name.
@Test func japaneseSurnameAndGivenNameMakeAName() {
    let fields = extract("ミニミニ株式会社\n営業マネージャー\n大川幸則\n桶川店\nTEL 048-786-1234\nokawa@minimini.jp", languages: "jpn+eng")
    #expect(fields.name?.value == "大川幸則")
}

/// A known Japanese surname before a given name in no list ("島津華梨": 華梨) counts as a
/// surname on a kana card; a branch ("大宮西口店", 大宮 being a surname too), a two-letter line
/// ("城北") and a card without kana do not.
@Test func japaneseSurnameBeforeAnUnlistedGivenName() {
    var context = CardContext(emails: [], websites: [], sizes: [20])
    context.kanaCard = true
    let scorer = LineScorer(lexicons: .shared, context: context)
    #expect(!scorer.splitsIntoJapaneseName("島津華梨"))
    #expect(scorer.startsWithJapaneseSurname("島津華梨"))
    #expect(scorer.nameShape("島津華梨").chineseSurname)
    #expect(!scorer.startsWithJapaneseSurname("大宮西口店"))
    #expect(!scorer.startsWithJapaneseSurname("城北"))
    let chinese = LineScorer(lexicons: .shared, context: CardContext(emails: [], websites: [], sizes: [20]))
    #expect(!chinese.startsWithJapaneseSurname("島津華梨"))

    let fields = extract(
        "ミニミニ株式会社\n大宮西口店\n係長\n島津華梨\nTEL 048-786-1234\ninfo@minimini.jp", languages: "jpn+eng")
    #expect(fields.name?.value == "島津華梨")
}

/// A Chinese surname and one or two given-name characters make a name that beats the company
/// line's first characters.
@Test func chineseSurnameAndGivenNameCharactersMakeAName() {
    let fields = extract("阿斯利康香港有限公司\n陳德威\n經理\n電話 2912 3456\nderek.chan@example.com.hk", languages: "chi_tra+eng")
    #expect(fields.name?.value == "陳德威")
}

/// Given-name characters beyond Faker's come from a names corpus's frequent characters, in
/// simplified and traditional forms (均 and 伦/倫 are in no Faker given name); characters of
/// titles and places are no name.
@Test func chineseGivenNameCharactersCoverCommonNames() {
    let scorer = LineScorer(lexicons: .shared, context: CardContext(emails: [], websites: [], sizes: [20]))
    #expect(scorer.splitsIntoChineseName("陳志均"))
    #expect(scorer.splitsIntoChineseName("陈德伦"))
    #expect(scorer.splitsIntoChineseName("陳德倫"))
    #expect(!scorer.splitsIntoChineseName("經理"))
    #expect(!scorer.splitsIntoChineseName("總經理"))
}

/// The Japanese split needs a kana card: on a Chinese card (no kana) it is not used.
@Test func japaneseSplitNeedsKana() {
    let scorer = LineScorer(lexicons: .shared, context: CardContext(emails: [], websites: [], sizes: [20]))
    #expect(scorer.splitsIntoJapaneseName("大川幸則"))
    #expect(!scorer.nameShape("大川幸則").hanGivenName)
}

/// Protects "& Co" as a legal form only as a word: "Prof. & Consulting Civil Engineer" is a
/// title, not a company.
@Test(arguments: [
    ("Smith & Co.", true), ("Smith & Co", true), ("Jardine & Company", true), ("Vantage GmbH & Co. KG", true),
    ("Retd. Prof. & Consulting Civil Engineer", false), ("Design & Construction", false),
])
func ampersandCoIsAFormOnlyAsAWord(text: String, isForm: Bool) {
    let scorer = LineScorer(lexicons: .shared, context: CardContext(emails: [], websites: [], sizes: [20]))
    #expect(scorer.companyFormHits(text).contains("& co") == isForm)
}

/// Protects kana and Hangul lines from the Latin gibberish rules (no vowel, case switches):
/// "アシスタントマネージャー" and "기술연구소" are words, "BINesSho" and "Wkpt Xz" are not; nor is a
/// legal form such as "GmbH" (no vowel), nor a Vietnamese word whose vowel carries two marks
/// ("Ngọc", "Đằng").
@Test(arguments: [
    ("アシスタントマネージャー", false), ("カーライフアドバイザー", false), ("기술연구소", false), ("(주)한빛전자", false),
    ("BINesSho", true), ("Wkpt Xzqr", true), ("Sales Manager", false), ("GmbH", false),
    ("Võ Ngọc An", false), ("Số 100 Bạch Đằng", false),
])
func gibberishJudgesLatinWordsOnly(text: String, gibberish: Bool) {
    #expect(LineScorer.isGibberish(text) == gibberish)
}

/// Protects two-syllable Korean titles: "차장" is a word, as "經理" is, not a two-letter scrap;
/// so is a legal form with its dots ("A.Ş.").
@Test func twoHangulSyllablesAreNoJunk() {
    #expect(!LineScorer.isJunk(segment("차장")))
    #expect(!LineScorer.isJunk(segment("經理")))
    #expect(LineScorer.isJunk(segment("ab")))
    // A two-letter legal form with its dots ends a wrapped company name.
    #expect(!LineScorer.isJunk(segment("A.Ş.")))
    #expect(!LineScorer.isJunk(segment("S.A.")))
    #expect(LineScorer.isJunk(segment("a.b.")))
    let fields = extract("(주)한빛전자\n강서연\n차장\n+82 31-427-1655\nskang@hanbitelec.co.kr", languages: "kor+eng")
    #expect(fields.title?.value == "차장")
}

/// On a Japanese card a line ending in a branch word (店, 支店, 営業所) is the branch, which
/// goes with the title; a shop's name (商店) is the company, and a Chinese card's 店 (no kana)
/// is no branch.
@Test func japaneseBranchIsADepartment() {
    let fields = extract(
        "ミニミニ株式会社\n大宮西口店\n係長\n大川幸則\nTEL 048-786-1234\nokawa@minimini.jp", languages: "jpn+eng")
    #expect(fields.department?.value == "大宮西口店")
    #expect(fields.title?.value == "係長")
    #expect(fields.name?.value == "大川幸則")

    let shop = extract("山田商店\n店長\n大川幸則\nTEL 048-786-1234\nokawa@yamada.jp", languages: "jpn+eng")
    #expect(shop.department == nil)

    let chinese = extract("北京饭店\n王府井店\n经理\n陈德威\n电话 010 6512 3456", languages: "chi_sim+eng")
    #expect(chinese.department == nil)
}
