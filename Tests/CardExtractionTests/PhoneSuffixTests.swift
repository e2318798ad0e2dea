import CardModel
import Testing

@testable import CardExtraction

/// A hunting group's alternative lines ("/36") and a parenthesis OCR took from the next label
/// are not part of the number: without them it matches what a reviewer types.
@Test(arguments: [
    ("0261-2840035/36", "0261-2840035"),
    ("+91 2265358100/111", "+91 2265358100"),
    ("(02) 2976-7070 (8", "(02) 2976-7070"),
    ("+1 415 555 0100", "+1 415 555 0100"),
    ("12/2024", "12/2024"),
])
func alternativeLineSuffixIsCut(_ printed: String, _ expected: String) {
    #expect(Phones.trimAlternativeSuffix(printed) == expected)
}

/// End to end: a labelled Indian number with a hunting-group suffix keeps its E.164 form.
@Test func numberWithAlternativeLinesIsFound() {
    let fields = extract("Mehul Nachane\nDirector\nTel: +91 22 6535 8100/111\nmehul@nextgen.in")
    #expect(fields.phones.map(\.value) == ["+91 22 6535 8100"])
    #expect(fields.phones.first?.e164 == "+912265358100")
}

/// Indian local numbers: an area code in brackets before a spaced dash is part of the number,
/// a bracketed area code on the next line is not a continuation of the one before, and an
/// opening bracket OCR read as "1" is a bracket.
@Test(arguments: [
    ("(40) - 3740368, 3746122", ["(40) - 3740368", "3746122"]),
    ("140) - 3750768", ["(40) - 3750768"]),
])
func bracketedAreaCodeStaysWithItsNumber(_ line: String, _ expected: [String]) {
    let runs = Phones.digitRuns(in: Phones.repairDigits(line)).map {
        $0.run.trimmingCharacters(in: .init(charactersIn: " ,"))
    }
    #expect(runs == expected)
}

/// "(O)" is an Indian card's office label, read "(0)" and sometimes after an icon read as a
/// digit: the number after it is found whole and typed as work.
@Test func officeLabelBeforeNumberIsALabel() {
    let fields = extract("Ravi Patel\nManager\n3 (0) 0261-2840035/36\nSurat, Gujarat 395003, India\nravi@patel.in")
    #expect(fields.phones.map(\.value) == ["0261-2840035"])
    #expect(fields.phones.first?.kind == .work)
}

/// A phone icon read as a digit before a national number ("6 0113 496 0623") is no part of it:
/// the number alone is valid, with the digit it is not.
@Test func iconReadAsADigitBeforeANumber() {
    let uk = extract("Kate Jones\nManager\n6 0113 496 0623\n+44 113 496 0360\nkate@leeds.co.uk")
    #expect(uk.phones.map(\.value) == ["0113 496 0623", "+44 113 496 0360"])
    #expect(uk.phones.first?.e164 == "+441134960623")
    let turkish = extract("Emre Kaya\nMüdür\n2 0232 458 18 75\n+90 532 542 29 70\nemre@kaya.com.tr")
    #expect(turkish.phones.first?.e164 == "+902324581875")
}

/// A plus whose country code OCR lost ("+ 212-555-0153" for "+1 212-555-0153") reads as the
/// card's own country's number; a plus and a space before a whole code stay international.
@Test func plusWithoutItsCountryCode() {
    let us = extract("Jane Doe\nManager\n+ 212-555-0153\njane@acme.com\nNew York, NY 10001")
    #expect(us.phones.first?.e164 == "+12125550153")
    let uk = extract("Jane Doe\nManager\n+ 44 20 7946 0441\njane@acme.co.uk")
    #expect(uk.phones.first?.e164 == "+442079460441")
}

/// A title with its branch after a bar on the same line keeps both pieces, in printed order.
@Test func titleWithBranchAfterBarIsKeptWhole() {
    let fields = extract("Ravi Patel\nAssistant Manager | JC Enterprise Surat 1\n+91 98250 12345\nravi@jio.com")
    #expect(fields.title?.value == "Assistant Manager, JC Enterprise Surat 1")
    // A name with an honorific role before it is no title: the piece after it is the title.
    let professor = extract(
        "Lenra Institute of Technology\nProfessor Jürgen Krüger | Lecturer\n+44 113 496 0108\n"
            + "jurgen.kruger@lenra.ac.uk")
    #expect(professor.name?.value == "Professor Jürgen Krüger")
    #expect(professor.title?.value == "Lecturer")
}

/// Indian town numbers are six digits: under a "Tel #" label each is a phone, kept as printed
/// without an E.164 form (the area code is not printed on that line).
@Test func sixDigitNumbersUnderATelLabelArePhones() {
    let fields = extract(
        "Dr. Anil Sharma\nScientist\nTel # 553224, 763497\n26 Jail Road, Bhopal - 462004, India\nanil@mpcst.in")
    #expect(fields.phones.map(\.value) == ["553224", "763497"])
    #expect(fields.phones.allSatisfy { $0.kind == .work && $0.e164 == nil })
}

/// Six digits without a label stay out: an Indian PIN code is six digits too.
@Test func sixDigitsWithoutALabelAreNoPhone() {
    let fields = extract("Dr. Anil Sharma\nScientist\n553224\nanil@mpcst.in")
    #expect(fields.phones.isEmpty)
}

/// Icons before and between two numbers read as letters ("Gi", "i") do not glue the numbers
/// into one run: both Hong Kong numbers are found whole.
@Test func iconsBetweenNumbersDoNotJoinThem() {
    let fields = extract("Alen Chan\nManager\nGi 2927 3188 i 2602 1823\nalen@example.com.hk")
    #expect(fields.phones.map(\.value) == ["2927 3188", "2602 1823"])
}

/// A lone confusable letter between two numbers is still a digit; one before a number is not.
@Test(arguments: [
    ("020 O 7946", "020 0 7946"),
    ("Gi 2927 3188", "Gi 2927 3188"),
    ("(O) 2905731", "(0) 2905731"),
])
func loneLettersBecomeDigitsOnlyBetweenNumbers(_ line: String, _ expected: String) {
    #expect(Phones.repairDigits(line) == expected)
}

/// Ordinals and Roman numerals OCR damaged in an address line are put back when the word beside
/// them says what they are; other words are left alone.
@Test(arguments: [
    ("Ist Floor, Shivpuja Shopping Centre", "1st Floor, Shivpuja Shopping Centre"),
    ("2™ Floor, 4/1 Arundelpet", "2nd Floor, 4/1 Arundelpet"),
    ("16t! Floor, Sinarmas Tower", "16th Floor, Sinarmas Tower"),
    ("16t Floor, Sinarmas MSIG Tower", "16th Floor, Sinarmas MSIG Tower"),
    ("2n Floor, Greensquare Plaza", "2nd Floor, Greensquare Plaza"),
    ("12s Floor, Kav. 21", "12s Floor, Kav. 21"),
    ("Unitech Signature Tower-ll", "Unitech Signature Tower-II"),
    ("Sector-15, Part-ll", "Sector-15, Part-II"),
    ("Phase ll, Electronic City", "Phase II, Electronic City"),
    ("Beşiktaş / Ist.", "Beşiktaş / Ist."),
    ("ll Mulino, 5 Main St", "ll Mulino, 5 Main St"),
])
func addressNumberingIsRepaired(_ line: String, _ expected: String) {
    #expect(AddressFinder.repairNumbering(line) == expected)
}

/// A pin icon read as "O", "Q", "OÈ", "Ọọ" or as a 9 before the house number or a number word ("9
/// Tầng 10") starts no address; a house number before a street word and a street name stay.
@Test(arguments: [
    ("O 97 Princes Street", "97 Princes Street"),
    ("Q viel Centre, 155 Pitt Street", "viel Centre, 155 Pitt Street"),
    ("OÈ 2680 Mission Street", "2680 Mission Street"),
    ("Ọọ 〒100-0005, 8-10-19 Marunouchi", "〒100-0005, 8-10-19 Marunouchi"),
    ("ọỌ İstiklal Cad. No: 50 Kat: 19", "İstiklal Cad. No: 50 Kat: 19"),
    ("Ô Chợ Dừa, Đống Đa, Hà Nội", "Ô Chợ Dừa, Đống Đa, Hà Nội"),
    ("9 180 Trần Hưng Đạo St.", "180 Trần Hưng Đạo St."),
    ("9 Station Road", "9 Station Road"),
    ("9 Tầng 10, Tòa nhà Lenvel Tower", "Tầng 10, Tòa nhà Lenvel Tower"),
    ("9 No. 12, Jalan Burmah", "No. 12, Jalan Burmah"),
    ("9 Floor Street", "9 Floor Street"),
    ("ĐỖ Quang Street 12", "ĐỖ Quang Street 12"),
    ("Rua Augusta, 1590", "Rua Augusta, 1590"),
])
func pinBeforeAnAddressLineIsDropped(_ line: String, _ expected: String) {
    #expect(AddressFinder.dropPin(line) == expected)
}

/// The Japanese postal mark read as "T", "7", "FT" or "=" before a postcode is put back; a phone
/// number and an unrelated "T" are left alone.
@Test(arguments: [
    ("T100-8270東京都千代田区大手町一丁目3番2号", "〒100-8270東京都千代田区大手町一丁目3番2号"),
    ("=450-0002, 5-1-6 Meieki, Nakamura-ku", "〒450-0002, 5-1-6 Meieki, Nakamura-ku"),
    ("= 03-3211-4567", "= 03-3211-4567"),
    ("埼玉県桶川市坂田細谷1550-1 7 363-0008", "埼玉県桶川市坂田細谷1550-1 〒363-0008"),
    ("7T 150-0002, 8-15-24 Shibuya", "〒150-0002, 8-15-24 Shibuya"),
    ("FT 100-0005, 2-8-12 Marunouchi", "〒100-0005, 2-8-12 Marunouchi"),
    ("TEL 048-771-1747", "TEL 048-771-1747"),
    ("FT 03-3211-4567", "FT 03-3211-4567"),
    ("T 03-3211-4567", "T 03-3211-4567"),
])
func japanesePostalMarkIsRepaired(_ line: String, _ expected: String) {
    #expect(Text.repairPostalMark(line) == expected)
}

/// Turkish numbers print the trunk 0 before a bracketed area code, then 3-2-2 digits: on a
/// card with a .com address and no +90, that shape says Turkey.
@Test func turkishPrintedShapePointsToTurkey() {
    let fields = extract(
        "Derya Koç\nFinans Direktörü\n0 (232) 929 59 23\n0 (532) 614 22 10\nderya@rimo.com")
    #expect(fields.phones.map { $0.e164 ?? "-" } == ["+902329295923", "+905326142210"])
    #expect(fields.phones.map(\.kind) == [.work, .mobile])
}

/// On a Japanese card printed in Latin letters, "T 100-0005" is the postcode whose 〒 was read
/// as a "T" (for Tel) and peeled off as a phone label: no phone, and the address keeps it.
@Test func japanesePostalMarkReadAsAPhoneLabel() {
    let fields = extract(
        "Takeshi Nakamura\nGeneral Manager\nTel. : +81-3-7823-8639\nT 100-0005\n"
            + "5-2-12 Marunouchi, Chiyoda-ku\nTokyo, Japan\ntakeshi@aoba.co.jp")
    #expect(fields.phones.map(\.value) == ["+81-3-7823-8639"])
    #expect(fields.address?.value.hasPrefix("〒100-0005") == true)
}

/// On a Japanese card, three digits and four beside an address on the same line are its
/// postcode whose 〒 was lost, even with a phone label given to it: no Japanese number lacks
/// an area code.
@Test func japanesePostcodeBesideTheAddressIsNoPhone() {
    let fields = extract("小松 美絵\n株式会社 ニトリ\n埼玉県桶川市坂田細谷1550-1 FAX 363-0008\nTEL 048-771-5245")
    #expect(fields.phones.map(\.value) == ["048-771-5245"])
    #expect(fields.address?.value.contains("〒363-0008") == true)
}

/// So is such a postcode on a line of its own, read with a dot for its hyphen ("363.0012") or
/// with a label OCR made of the 〒 or of a neighbour ("363-0012 FAX").
@Test(arguments: ["363.0012", "363-0012 FAX", "FAX 363-0012"])
func japanesePostcodeOnALineOfItsOwnIsNoPhone(_ line: String) {
    let fields = extract("小松 美絵\n株式会社 ニトリ\n\(line)\n埼玉県桶川市末広1-4-43\nTEL 048-771-5245")
    #expect(fields.phones.map(\.value) == ["048-771-5245"])
}

/// A range of lines ("0261-4110051 to 4110060") is one number: its end is not a phone of its
/// own. Two numbers joined by a comma stay two.
@Test func endOfARangeOfLinesIsNoPhone() {
    let range = extract("Ravi Patel\nManager\nPh. 0261-4110051 to 4110060\nSurat, Gujarat 395003, India\nravi@patel.in")
    #expect(range.phones.map(\.value) == ["0261-4110051"])
    let two = extract("Ravi Patel\nManager\nPh. 0261-4110051, 0261-4110060\nSurat, Gujarat 395003, India\nravi@patel.in")
    #expect(two.phones.map(\.value) == ["0261-4110051", "0261-4110060"])
}

/// A full stop and a space end a number as a comma does: "0755 - 554712. 553929" lists two
/// numbers, not one run of twelve digits that is no phone; dots without spaces group one.
@Test func fullStopAndSpaceEndANumber() {
    #expect(Phones.digitRuns(in: "0755 - 554712. 553929").map(\.run) == ["0755 - 554712", "553929"])
    #expect(Phones.digitRuns(in: "Tel. 555.123.4567").map(\.run) == ["555.123.4567"])
    let fields = extract("Dr. Anil Sharma\nScientist\n0755 - 554712. 553929\nanil@mpcst.in")
    #expect(fields.phones.map(\.value) == ["0755 - 554712"])
}

/// A group of four digits beside another ("6052 2686") is a phone printed in groups, not a
/// postcode: the line is no address and its number is found after a misread label. A lone
/// group after a place ("Sydney NSW 2000") stays a postcode.
@Test func digitGroupBesideAnotherIsNoPostcode() {
    let fields = extract("陳德倫\n高級客戶經理\n6388 6147\nEFA 6052 2686\nalenchan@midlandici.com.hk")
    #expect(fields.phones.map(\.value) == ["6388 6147", "6052 2686"])
    #expect(fields.address == nil)
    let sydney = extract(
        "Jane Doe\nManager\nMobile 0412 345 678\nLevel 2, 10 Bridge Street\nSydney NSW 2000\njane@acme.com.au")
    #expect(sydney.address?.value.hasSuffix("Sydney NSW 2000") == true)
    #expect(sydney.phones.count == 1)
}

/// A US ZIP+4 code on a line of its own ("60654-6691", read apart from its city when two
/// columns interleave) is no phone number on a US card (nine digits dial nowhere in the US); a
/// Brazilian mobile in the same 5-4 grouping stays a phone.
@Test func zipPlusFourIsNoPhone() {
    let fields = extract(
        "Nevian School of Medicine\nMosu Laboratory 4A\n+1312-555-0171\n1688 Pine Street\noffice@nevian.org\n"
            + "Suite 3200\nChicago, IL\n60654-6691\nhttp://lab.nevian.org")
    #expect(fields.phones.map(\.value) == ["+1312-555-0171"])
    let brazil = extract("Rafael Silva\nGerente de Negócios\nAv. Paulista, 1000\nSão Paulo - SP\nCel. 98492-8151\n"
        + "rafael@zomi.com.br")
    #expect(brazil.phones.map(\.value) == ["98492-8151"])
}

/// A number after a slash printed without the country and area code it shares with the one
/// before ("+91 40 23870445 / 23774271", unlabelled): kept as printed, dialled with them. A
/// hunting group's suffix ("/36") stays no number of its own.
@Test func numberAfterASlashSharesThePrefixBeforeIt() {
    let fields = extract(
        "Dr. K. Rao\nScientist\nBalanagar, Hyderabad - 500 037, Telangana, India\n"
            + "+91 40 23870445 / 23774271\nrao@nrsc.gov.in")
    #expect(fields.phones.map(\.value) == ["+91 40 23870445", "23774271"])
    #expect(fields.phones.map(\.e164) == ["+914023870445", "+914023774271"])
    #expect(Phones.sharingPrefix("23774271", of: "+91 40 23870445") == "+91 40 23774271")
    #expect(Phones.sharingPrefix("36", of: "0261-2840035") == nil)
}
