import Testing

@testable import CardModel

/// Protects the shape of a Chinese name the OCR reread looks for: a known surname, simplified or
/// traditional, a given name of one or two characters, nothing else on the line.
@Test(arguments: [
    ("李冠宇", "李", "冠宇"), ("吳淑分", "吳", "淑分"), ("王 小 明", "王", "小明"), ("歐陽文", "歐陽", "文"),
    ("欧阳明", "欧阳", "明"),
])
func chineseNameParts(text: String, surname: String, given: String) {
    let parts = ChineseNames.parts(of: text)
    #expect(parts?.surname == surname)
    #expect(parts?.given == given)
}

@Test(arguments: ["王小明 0912", "資深", "工程師", "李", "Li Wei", "李冠宇宙人"])
func notChineseNames(text: String) {
    #expect(ChineseNames.parts(of: text) == nil)
}

@Test func givenNameCharacters() {
    #expect(ChineseNames.knowsGivenCharacters("冠宇"))
    #expect(ChineseNames.knowsGivenCharacters("淑芬"))
    #expect(!ChineseNames.knowsGivenCharacters("冠字"))
    #expect(!ChineseNames.knowsGivenCharacters("淑卻"))
}

/// Protects the lines read again for a misread surname: three characters, no known surname
/// first, two given-name characters after it.
@Test func givenNameAfterAnUnknownSurname() {
    #expect(ChineseNames.givenAfterUnknownSurname("纖佳穎") == "佳穎")
    #expect(ChineseNames.givenAfterUnknownSurname("李冠宇") == nil)
    #expect(ChineseNames.givenAfterUnknownSurname("纖佳") == nil)
    #expect(ChineseNames.givenAfterUnknownSurname("纖有限") == nil)
}
