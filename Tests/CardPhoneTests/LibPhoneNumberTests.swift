import CardModel
import CardPhone
import Dispatch
import Synchronization
import Testing

/// One expected number: the text it is written as, the default region, and what must come out.
struct Written: Sendable, CustomTestStringConvertible {
    var text: String
    var region: String
    var e164: String
    var international: String
    var numberRegion: String
    var type: PhoneNumberType

    var testDescription: String { "\(text) under \(region)" }

    init(
        _ text: String, _ region: String, _ e164: String, _ international: String, _ numberRegion: String,
        _ type: PhoneNumberType
    ) {
        (self.text, self.region, self.e164, self.international) = (text, region, e164, international)
        (self.numberRegion, self.type) = (numberRegion, type)
    }
}

let phones = LibPhoneNumber()

// MARK: - Formats of eight countries

@Suite("Numbers in national and international formats")
struct FormatTests {
    static let written: [Written] = [
        Written("(415) 555-0123", "US", "+14155550123", "+1 415-555-0123", "US", .fixedLineOrMobile),
        Written("+1 415 555 0123", "DE", "+14155550123", "+1 415-555-0123", "US", .fixedLineOrMobile),
        Written("415.555.0123", "US", "+14155550123", "+1 415-555-0123", "US", .fixedLineOrMobile),
        Written("1-800-555-0199", "US", "+18005550199", "+1 800-555-0199", "US", .tollFree),
        Written("020 7946 0018", "GB", "+442079460018", "+44 20 7946 0018", "GB", .fixedLine),
        Written("+44 20 7946 0018", "US", "+442079460018", "+44 20 7946 0018", "GB", .fixedLine),
        Written("07400 123456", "GB", "+447400123456", "+44 7400 123456", "GB", .mobile),
        Written("030 1234567", "DE", "+49301234567", "+49 30 1234567", "DE", .fixedLine),
        Written("+49 30 1234567", "US", "+49301234567", "+49 30 1234567", "DE", .fixedLine),
        Written("+49 (0) 30 1234567", "US", "+49301234567", "+49 30 1234567", "DE", .fixedLine),
        Written("0049 30 1234567", "DE", "+49301234567", "+49 30 1234567", "DE", .fixedLine),
        Written("0171 1234567", "DE", "+491711234567", "+49 171 1234567", "DE", .mobile),
        Written("01 42 68 53 00", "FR", "+33142685300", "+33 1 42 68 53 00", "FR", .fixedLine),
        Written("+33 (0)1 42 68 53 00", "US", "+33142685300", "+33 1 42 68 53 00", "FR", .fixedLine),
        Written("06 12 34 56 78", "FR", "+33612345678", "+33 6 12 34 56 78", "FR", .mobile),
        Written("010 6552 9988", "CN", "+861065529988", "+86 10 6552 9988", "CN", .fixedLine),
        Written("+86-10-6552-9988", "US", "+861065529988", "+86 10 6552 9988", "CN", .fixedLine),
        Written("138 0013 8000", "CN", "+8613800138000", "+86 138 0013 8000", "CN", .mobile),
        Written("(02) 9374 4000", "AU", "+61293744000", "+61 2 9374 4000", "AU", .fixedLine),
        Written("+61 2 9374 4000", "US", "+61293744000", "+61 2 9374 4000", "AU", .fixedLine),
        Written("0412 345 678", "AU", "+61412345678", "+61 412 345 678", "AU", .mobile),
        Written("03-1234-5678", "JP", "+81312345678", "+81 3-1234-5678", "JP", .fixedLine),
        Written("+81 3-1234-5678", "US", "+81312345678", "+81 3-1234-5678", "JP", .fixedLine),
        Written("090-1234-5678", "JP", "+819012345678", "+81 90-1234-5678", "JP", .mobile),
        Written("(11) 3456-7890", "BR", "+551134567890", "+55 11 3456-7890", "BR", .fixedLine),
        Written("+55 11 3456-7890", "US", "+551134567890", "+55 11 3456-7890", "BR", .fixedLine),
        Written("(11) 98765-4321", "BR", "+5511987654321", "+55 11 98765-4321", "BR", .mobile),
    ]

    /// Protects: findNumbers reports each country's usual written forms as one whole, valid, typed match.
    @Test(arguments: written)
    func findsWrittenForm(_ w: Written) {
        let found = phones.findNumbers(in: w.text, region: w.region)
        #expect(found.count == 1)
        let m = found.first
        #expect(m?.raw == w.text)
        #expect(m?.utf8Range == 0..<w.text.utf8.count)
        #expect(m?.e164 == w.e164)
        #expect(m?.international == w.international)
        #expect(m?.region == w.numberRegion)
        #expect(m?.type == w.type)
        #expect(m?.isValid == true)
    }

    /// Protects: parse agrees with findNumbers on a string that is exactly one number.
    @Test(arguments: written)
    func parsesWrittenForm(_ w: Written) {
        let m = phones.parse(w.text, region: w.region)
        #expect(m?.raw == w.text)
        #expect(m?.e164 == w.e164)
        #expect(m?.region == w.numberRegion)
        #expect(m?.type == w.type)
        #expect(m?.isValid == true)
    }

    /// Protects: a lower-case region code works like the upper-case one libphonenumber requires.
    @Test func regionCaseDoesNotMatter() {
        #expect(phones.findNumbers(in: "030 1234567", region: "de").first?.e164 == "+49301234567")
        #expect(phones.parse("030 1234567", region: "de")?.e164 == "+49301234567")
    }
}

// MARK: - The default region decides national numbers

@Suite("Default region")
struct RegionTests {
    /// Protects: a Chinese mobile written nationally is found under CN but not under US.
    @Test func chineseMobileNeedsRegionCN() {
        #expect(phones.findNumbers(in: "13800138000", region: "CN").map(\.e164) == ["+8613800138000"])
        #expect(phones.findNumbers(in: "13800138000", region: "US").isEmpty)
    }

    /// Protects: parse under the wrong region still returns a number, but marks it invalid.
    @Test func chineseMobileParsedUnderUSIsInvalid() {
        let m = phones.parse("13800138000", region: "US")
        #expect(m?.e164 == "+13800138000")
        #expect(m?.isValid == false)
        #expect(m?.region == "ZZ")
        #expect(m?.type == .unknown)
    }

    /// Protects: region ZZ accepts numbers written with + and rejects national ones.
    @Test func unknownRegionNeedsPlus() {
        #expect(phones.findNumbers(in: "+1 (415) 555-0123", region: "ZZ").map(\.e164) == ["+14155550123"])
        #expect(phones.findNumbers(in: "415 555 0123", region: "ZZ").isEmpty)
        #expect(phones.parse("415 555 0123", region: "ZZ") == nil)
    }
}

// MARK: - Several numbers with labels

@Suite("Text with several numbers")
struct TextTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var region: String
        var raws: [String]
        var e164s: [String]
        var testDescription: String { text }
    }

    static let cases: [Case] = [
        .init(
            text: "Tel: +49 30 1234567 Fax: +49 30 1234568", region: "DE",
            raws: ["+49 30 1234567", "+49 30 1234568"], e164s: ["+49301234567", "+49301234568"]),
        .init(
            text: "T. 01 42 68 53 00 — F. 01 42 68 53 01", region: "FR",
            raws: ["01 42 68 53 00", "01 42 68 53 01"], e164s: ["+33142685300", "+33142685301"]),
        .init(
            text: "Tel: (415) 555-0123\nMobile: +1 650 253 0000\nwww.example.com · San Francisco, CA 94105",
            region: "US", raws: ["(415) 555-0123", "+1 650 253 0000"],
            e164s: ["+14155550123", "+16502530000"]),
        .init(
            text: "+61 2 9374 4000 ABN 51 824 753 556", region: "AU",
            raws: ["+61 2 9374 4000"], e164s: ["+61293744000"]),
        .init(
            text: "TEL 03(1234)5678 携帯 090-1234-5678", region: "JP",
            raws: ["03(1234)5678", "090-1234-5678"], e164s: ["+81312345678", "+819012345678"]),
        .init(
            text: "Tel:+49301234567, Mobil: 0171-1234567", region: "DE",
            raws: ["+49301234567", "0171-1234567"], e164s: ["+49301234567", "+491711234567"]),
    ]

    /// Protects: every number on a labelled line is found, in order, with its exact raw text and offsets.
    @Test(arguments: cases)
    func findsEveryNumber(_ c: Case) {
        let found = phones.findNumbers(in: c.text, region: c.region)
        #expect(found.map(\.raw) == c.raws)
        #expect(found.map(\.e164) == c.e164s)
        let bytes = Array(c.text.utf8)
        for m in found {
            #expect(String(decoding: bytes[m.utf8Range], as: UTF8.self) == m.raw)
        }
    }

    /// Protects: parse refuses a line holding two numbers instead of gluing them into one.
    @Test func parseRejectsTwoNumbers() {
        #expect(phones.parse("Tel: +49 30 1234567 Fax: +49 30 1234568", region: "DE") == nil)
    }

    /// Protects: the warning that two national numbers joined only by spaces are both lost (8.12.57).
    @Test(arguments: [("030 1234567 030 1234568", "DE"), ("415 555 0123 650 253 0000", "US")])
    func spaceJoinedNationalNumbersAreLost(_ text: String, _ region: String) {
        #expect(phones.findNumbers(in: text, region: region).isEmpty)
    }

    /// Protects: any other separator (label, comma, bar) between the two keeps both.
    @Test(arguments: [
        "Tel 030 1234567 Fax 030 1234568", "030 1234567, 030 1234568", "030 1234567 | 030 1234568",
    ])
    func separatedNationalNumbersAreFound(_ text: String) {
        #expect(phones.findNumbers(in: text, region: "DE").map(\.e164) == ["+49301234567", "+49301234568"])
    }

    /// Protects: a NUL byte in OCR text no longer hides every number in it (the shim blanks it).
    @Test func nulByteDoesNotHideNumbers() {
        let found = phones.findNumbers(in: "x\u{0} Tel: 030 1234567,\u{0}030 1234568", region: "DE")
        #expect(found.map(\.raw) == ["030 1234567", "030 1234568"])
        #expect(found.first?.utf8Range == 8..<19)
        #expect(phones.parse("030 1234567\u{0}", region: "DE")?.e164 == "+49301234567")
    }

    /// Protects: an extension stays part of the match and shows in the international format.
    @Test func keepsExtension() {
        let m = phones.findNumbers(in: "+1 415 555 0123 x 45", region: "US").first
        #expect(m?.raw == "+1 415 555 0123 x 45")
        #expect(m?.e164 == "+14155550123")
        #expect(m?.international == "+1 415-555-0123 ext. 45")
    }
}

// MARK: - Things that are not phone numbers

@Suite("Not phone numbers")
struct NonNumberTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var region: String
        var testDescription: String { "\(text) under \(region)" }
    }

    static let cases: [Case] = [
        .init(text: "94105", region: "US"),
        .init(text: "San Francisco, CA 94105", region: "US"),
        .init(text: "10115 Berlin", region: "DE"),
        .init(text: "Postfach 12 34 56, 10115 Berlin", region: "DE"),
        .init(text: "〒100-0005 東京都千代田区", region: "JP"),
        .init(text: "2024-05-17", region: "US"),
        .init(text: "2024-05-17", region: "DE"),
        .init(text: "2024-05-17 14:30", region: "DE"),
        .init(text: "17/05/2024", region: "DE"),
        .init(text: "05/17/2024", region: "US"),
        .init(text: "2024.05.17", region: "CN"),
        .init(text: "USt-IdNr. DE 123 456 789", region: "DE"),
        .init(text: "DE123456789", region: "DE"),
        .init(text: "HRB 123456", region: "DE"),
        .init(text: "VAT GB 123 4567 89", region: "GB"),
        .init(text: "Reg. No. 12345678", region: "GB"),
        .init(text: "SIRET 123 456 789 00012", region: "FR"),
        .init(text: "ABN 51 824 753 556", region: "AU"),
        .init(text: "IBAN DE89 3704 0044 0532 0130 00", region: "DE"),
        .init(text: "Order 123-456-7890", region: "US"),
        .init(text: "555-0123", region: "US"),
    ]

    /// Protects: postcodes, dates, tax, registration and bank numbers are not reported as phones.
    @Test(arguments: cases)
    func findsNothing(_ c: Case) {
        #expect(phones.findNumbers(in: c.text, region: c.region).isEmpty)
    }

    /// Protects: parse does not accept a postcode or a date as a valid number.
    @Test(arguments: ["94105", "2024-05-17"])
    func parseNeverCallsItValid(_ text: String) {
        #expect(phones.parse(text, region: "US")?.isValid != true)
    }

    /// Protects: empty and letter-only input gives nothing, not a crash.
    @Test(arguments: ["", " ", "Tel:", "no digits here", "\u{0}"])
    func emptyishInput(_ text: String) {
        #expect(phones.findNumbers(in: text, region: "US").isEmpty)
        #expect(phones.parse(text, region: "US") == nil)
    }
}

// MARK: - UTF-8 offsets

@Suite("UTF-8 offsets")
struct OffsetTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var region: String
        var raws: [String]
        var testDescription: String { text }
    }

    static let cases: [Case] = [
        .init(text: "电话：+86 10 6552 9988", region: "CN", raws: ["+86 10 6552 9988"]),
        .init(text: "电话：010-65529988 手机：13800138000", region: "CN", raws: ["010-65529988", "13800138000"]),
        .init(text: "电话：１３８ ００１３ ８０００", region: "CN", raws: ["１３８ ００１３ ８０００"]),
        .init(text: "Téléphone : +33 1 42 68 53 00", region: "FR", raws: ["+33 1 42 68 53 00"]),
        .init(text: "São Paulo (11) 3456-7890", region: "BR", raws: ["(11) 3456-7890"]),
        .init(text: "📞 +49 30 1234567", region: "DE", raws: ["+49 30 1234567"]),
    ]

    /// Protects: offsets count UTF-8 bytes, so slicing the input's UTF-8 with them gives back raw.
    @Test(arguments: cases)
    func offsetsAreUTF8Bytes(_ c: Case) {
        let found = phones.findNumbers(in: c.text, region: c.region)
        #expect(found.map(\.raw) == c.raws)
        let bytes = Array(c.text.utf8)
        for m in found {
            #expect(m.utf8Range.upperBound <= bytes.count)
            #expect(String(decoding: bytes[m.utf8Range], as: UTF8.self) == m.raw)
        }
    }

    /// Protects: the first number after a three-character Chinese label starts at byte 9, not 3.
    @Test func chineseLabelIsNineBytes() {
        #expect(phones.findNumbers(in: "电话：+86 10 6552 9988", region: "CN").first?.utf8Range == 9..<25)
    }

    /// Protects: full-width digits (common in OCR of CJK cards) are normalised in E.164.
    @Test func fullWidthDigits() {
        #expect(phones.findNumbers(in: "１３８００１３８０００", region: "CN").first?.e164 == "+8613800138000")
    }
}

// MARK: - OCR damage (documents libphonenumber 8.12, so a change is noticed)

@Suite("OCR-damaged numbers")
struct OCRDamageTests {
    /// Protects: the extractor's assumption that O-for-0 and l-for-1 kill a match, so it must repair first.
    @Test(arguments: ["+49 3O 1234567", "+1 (415) 555-O123", "(415) 555-0l23", "+44 7911 l23456"])
    func letterForDigitIsNotFound(_ text: String) {
        let region = text.hasPrefix("(") ? "US" : "DE"
        #expect(phones.findNumbers(in: text, region: region).isEmpty)
    }

    /// Protects: the warning that parse silently drops a letter inside digits and can return a wrong valid number.
    @Test func parseDropsLettersInsideDigits() {
        let m = phones.parse("+49 30 l234567", region: "DE")
        #expect(m?.e164 == "+4930234567")
        #expect(m?.isValid == true)
    }

    /// Protects: at VALID, a number glued to a Latin label is skipped; a space or colon makes it found.
    @Test func labelGluedToDigits() {
        #expect(phones.findNumbers(in: "Mobil0171 1234567", region: "DE").isEmpty)
        #expect(phones.findNumbers(in: "Mobil 0171 1234567", region: "DE").count == 1)
        #expect(phones.findNumbers(in: "Mobil:0171 1234567", region: "DE").count == 1)
        #expect(phones.findNumbers(in: "Tel+49 30 1234567", region: "DE").count == 1)
    }

    /// Protects: odd but real groupings and separators still match.
    @Test(arguments: [
        "+49 30 12 34 56 7", "+4930 123 4567", "030/1234567", "030 / 123 45 67", "+49 (30) 1234567",
        "0301234567",
    ])
    func oddGroupingStillMatches(_ text: String) {
        #expect(phones.findNumbers(in: text, region: "DE").map(\.e164) == ["+49301234567"])
    }
}

// MARK: - Leniency

@Suite("Leniency")
struct LeniencyTests {
    /// Protects: POSSIBLE also reports invalid candidates, flagged isValid == false, which VALID drops.
    @Test func possibleReportsInvalidCandidates() {
        let possible = LibPhoneNumber(leniency: .possible)
        let found = possible.findNumbers(in: "13800138000", region: "US")
        #expect(found.map(\.e164) == ["+13800138000"])
        #expect(found.first?.isValid == false)
        #expect(LibPhoneNumber(leniency: .valid).findNumbers(in: "13800138000", region: "US").isEmpty)
    }

    /// Protects: the default is VALID, the level that keeps registration numbers out.
    @Test func defaultIsValid() {
        #expect(LibPhoneNumber().leniency == .valid)
        #expect(phones.findNumbers(in: "HRB 123456", region: "DE").isEmpty)
        #expect(!LibPhoneNumber(leniency: .possible).findNumbers(in: "HRB 123456", region: "DE").isEmpty)
    }

    /// Protects: every leniency level finds a well-formatted number.
    @Test(arguments: LibPhoneNumber.Leniency.allCases)
    func everyLevelFindsCleanNumber(_ leniency: LibPhoneNumber.Leniency) {
        let found = LibPhoneNumber(leniency: leniency).findNumbers(in: "Tel. +49 30 1234567", region: "DE")
        #expect(found.map(\.e164) == ["+49301234567"])
    }
}

// MARK: - Parse errors

@Suite("Parse errors")
struct ParseErrorTests {
    /// Protects: parseNumber says why a string is not a number.
    @Test(arguments: [
        ("no digits", "US", PhoneNumberError.notANumber),
        ("+999 123 4567", "US", .invalidCountryCode),
        ("415 555 0123", "ZZ", .invalidCountryCode),
        ("1", "DE", .notANumber),
        ("+49 1234567890123456789", "DE", .tooLong),
    ])
    func reportsReason(_ text: String, _ region: String, _ error: PhoneNumberError) {
        #expect(throws: error) { try phones.parseNumber(text, region: region) }
    }
}

// MARK: - Region helpers

@Suite("Country calling codes and regions")
struct RegionHelperTests {
    /// Protects: region -> calling code for the card regions we expect, any case, nil when unknown.
    @Test(arguments: [
        ("US", 1), ("CA", 1), ("GB", 44), ("DE", 49), ("FR", 33), ("CN", 86), ("AU", 61), ("JP", 81),
        ("BR", 55), ("de", 49),
    ])
    func countryCodeForRegion(_ region: String, _ code: Int) {
        #expect(LibPhoneNumber.countryCode(forRegion: region) == code)
        #expect(phones.countryCode(forRegion: region) == code)
    }

    /// Protects: unknown, non-geographic and TLD-only codes (.uk, .eu, .com) give nil, not 0.
    @Test(arguments: ["XX", "ZZ", "001", "", "USA", "UK", "EU", "COM"])
    func unknownRegionHasNoCode(_ region: String) {
        #expect(LibPhoneNumber.countryCode(forRegion: region) == nil)
    }

    /// Protects: calling code -> main region, 001 for non-geographic codes, nil for unassigned ones.
    @Test(arguments: [
        (1, "US"), (44, "GB"), (49, "DE"), (33, "FR"), (86, "CN"), (61, "AU"), (81, "JP"), (55, "BR"),
        (800, "001"),
    ])
    func regionForCountryCode(_ code: Int, _ region: String) {
        #expect(LibPhoneNumber.region(forCountryCode: code) == region)
        #expect(phones.region(forCountryCode: code) == region)
    }

    /// Protects: unassigned and out-of-range calling codes give nil.
    @Test(arguments: [0, 999, -1, Int.max])
    func unassignedCodeHasNoRegion(_ code: Int) {
        #expect(LibPhoneNumber.region(forCountryCode: code) == nil)
        #expect(LibPhoneNumber.regions(forCountryCode: code).isEmpty)
    }

    /// Protects: the regions sharing +1 and +44 are listed with the main region first.
    @Test func sharedCallingCodes() {
        let nanp = LibPhoneNumber.regions(forCountryCode: 1)
        #expect(nanp.first == "US")
        #expect(nanp.contains("CA"))
        #expect(nanp.count > 20)
        #expect(LibPhoneNumber.regions(forCountryCode: 44) == ["GB", "GG", "IM", "JE"])
    }

    /// Protects: the supported-region list is complete past the 64-entry first buffer, and sorted.
    @Test func supportedRegions() {
        let regions = LibPhoneNumber.supportedRegions
        #expect(regions.count > 200)
        #expect(regions == regions.sorted())
        #expect(["US", "GB", "DE", "FR", "CN", "AU", "JP", "BR"].allSatisfy(regions.contains))
    }

    /// Protects: a fake PhoneNumberParsing without numbering-plan data answers "unknown" by default.
    @Test func protocolDefaultsAreUnknown() {
        struct Fake: PhoneNumberParsing {
            func findNumbers(in text: String, region: String) -> [PhoneNumberMatch] { [] }
            func parse(_ text: String, region: String) -> PhoneNumberMatch? { nil }
        }
        let fake: any PhoneNumberParsing = Fake()
        #expect(fake.countryCode(forRegion: "DE") == nil)
        #expect(fake.region(forCountryCode: 49) == nil)
        let real: any PhoneNumberParsing = phones
        #expect(real.region(forCountryCode: 49) == "DE")
    }
}

// MARK: - Threads

@Suite("Thread safety")
struct ThreadTests {
    static let text = """
        ACME GmbH · Tel: +49 30 1234567 · Fax: 030 1234568 · Mobil 0171 1234567
        电话：010-65529988 手机：+86 138 0013 8000 · (415) 555-0123 · 03-1234-5678
        """

    /// Protects: finding and parsing from many threads at once gives the same results as one thread.
    @Test func concurrentCallsAgree() {
        let regions = ["DE", "CN", "US", "JP"]
        let expectedFind = Dictionary(
            uniqueKeysWithValues: regions.map { ($0, phones.findNumbers(in: Self.text, region: $0)) })
        let expectedParse = phones.parse("+44 20 7946 0018", region: "US")
        #expect(expectedFind["DE", default: []].count >= 4)
        #expect(expectedParse?.e164 == "+442079460018")
        let mismatches = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            for round in 0..<25 {
                let region = regions[(i + round) % regions.count]
                let found = phones.findNumbers(in: Self.text, region: region)
                let parsed = phones.parse("+44 20 7946 0018", region: region)
                if found != expectedFind[region] || parsed != expectedParse {
                    mismatches.withLock { $0 += 1 }
                }
            }
        }
        #expect(mismatches.withLock { $0 } == 0)
    }
}
