import Foundation
import CardModel

/// Word lists used by scoring, built once from the compiled-in tables of `models/lexicons`.
///
/// Entries are folded (lowercased, diacritics removed) so look-ups are case- and
/// accent-insensitive; entries in Han, kana or Hangul are kept as they are and matched as
/// substrings (the `...Han` lists: Japanese and Chinese print no spaces between words).
struct Lexicons: Sendable {
    let givenNames: Set<String>
    /// The given names as spelled, lower-cased, with their accents (`isGivenName`).
    let givenNameSpellings: Set<String>
    let surnames: Set<String>
    let titleRoles: Set<String>
    let titleQualifiers: Set<String>
    /// The multi-word entries of `titleRoles`, `departmentMarkers`, `departmentAreas` and
    /// `companyForms` ("group of companies").
    let titleRolePhrases: PhraseLexicon
    let companyFormPhrases: PhraseLexicon
    let departmentMarkerPhrases: PhraseLexicon
    let departmentAreaPhrases: PhraseLexicon
    let titleHan: SubstringLexicon
    /// Endings of compound title words ("Steuerberater", "Vertriebsleiter").
    let titleSuffixes: [String]
    /// Roles only as a line's first word before a comma ("Chief, Division of Cardiology").
    let titleRolesBeforeComma: Set<String>
    /// Roles printed before a name as its honorific ("Professor Ryan Ashworth").
    let titleRolesBeforeName: Set<String>
    let departmentMarkers: Set<String>
    /// Words after which a unit word names the organisation ("National Laboratory").
    let organisationBeforeUnit: Set<String>
    let departmentMarkersHan: SubstringLexicon
    /// Japanese branch and office endings (店, 支店, 営業所): units on a card with kana only.
    let branchMarkersJapanese: SubstringLexicon
    /// Japanese company names that end in a branch word (商店, 代理店).
    let branchCompaniesJapanese: SubstringLexicon
    let departmentAreas: Set<String>
    let departmentAreasHan: SubstringLexicon
    let companyForms: Set<String>
    let companyFormsHan: SubstringLexicon
    let companyWords: Set<String>
    /// Legal forms printed before the name (company-forms.txt [leading]: PT, CV).
    let leadingCompanyForms: Set<String>
    /// Company words that end compounds ("geosystems", "infotech"): company-words.txt [compound-end].
    let companyCompoundEnds: [String]
    /// Trade words that open a line telling what a firm does ("Manufacturers & Exporters of"):
    /// company-words.txt [activity].
    let activityWords: Set<String>
    /// Words a trade's card vouches for itself with ("Licensed & Insured", "Free Estimates"):
    /// company-words.txt [claim].
    let claimWords: Set<String>
    let addressWords: Set<String>
    let addressSuffixes: [String]
    let addressHan: SubstringLexicon
    /// Address words matched with their accents, lower-cased (Vietnamese "phường", which
    /// folds to the given name "Phương").
    let addressWordsAccented: Set<String>
    /// Words before a year that date a firm ("Since 1998", "Est. 1990"): address-words.txt
    /// [founding].
    let foundingWords: Set<String>
    /// Words that name a building ("Plaza", "Building"): address-words.txt [premises].
    let premisesWords: Set<String>
    let namePrefixes: Set<String>
    let nameSuffixes: Set<String>
    /// Lower-case words a name may hold inside it: particles that begin a family name ("van",
    /// "de", "bin") and connectors between two ("e", "y"), `name-affixes.txt`.
    let nameParticles: Set<String>
    /// Whether a folded word is a post-nominal, written with or without its closing dot ("phd",
    /// "m.tech" for "M.Tech."; `Text.foldedWords` drops a word's last dot).
    func isNameSuffix(_ folded: String) -> Bool {
        nameSuffixes.contains(folded) || nameSuffixes.contains(folded + ".")
    }
    /// The connectors alone ("e", "y"): between two family names, never between two people.
    let nameConnectors: Set<String>
    /// Words that join a given name to the father's ("bin", "binti"), `name-affixes.txt`
    /// [patronymic].
    let namePatronymics: Set<String>
    /// Surnames in Han script, Chinese and Japanese (single and double character: 欧阳, 佐藤).
    let chineseSurnames: Set<String>
    /// Whether a Han text opens with a surname of one or two characters ("歐陽", "陳").
    func opensWithChineseSurname(_ text: String) -> Bool {
        chineseSurnames.contains(String(text.prefix(2))) || chineseSurnames.contains(String(text.prefix(1)))
    }
    /// Korean surnames in Hangul (김, 이, 박, 남궁).
    let hangulSurnames: Set<String>
    /// Japanese surnames (Han, 1-3 characters) and given names (Han or kana) of IPAdic: a line
    /// that splits into one of each is a Japanese name ("大川幸則" = 大川 + 幸則).
    let japaneseSurnames: Set<String>
    let japaneseGivenNames: Set<String>
    /// Japanese surname -> its readings as `Romaji.key`s ("横田" -> ["yokota"], "大川" -> ["okawa"]).
    let japaneseSurnameReadings: [String: [String]]
    /// Characters of Chinese given names (Faker zh_CN, zh_TW): a Chinese surname followed by one
    /// or two of them reads as a full name ("陳德威").
    let chineseGivenNameChars: Set<String>
    /// Folded country spelling -> ISO 3166 region.
    let countries: [String: String]
    /// Country-code top-level domains, lower case ("de", "br", "uk").
    let countryCodeDomains: Set<String>
    /// Every top-level domain of the root zone (Public Suffix List, ICANN section).
    let topLevelDomains: Set<String>
    /// Country spellings in Han script (matched as substrings) -> region.
    let countriesHan: [(String, String)]
    /// US/CA/AU subdivision code -> region, such as `CA` -> `US` (first region wins).
    let subdivisionCodes: [String: String]
    /// Brazilian state codes (`SP`, `RJ`, ...), printed after a dash at the end of an address
    /// line: "Jd. Samara - SP".
    let brazilianStates: Set<String>
    /// Folded legal form -> region it implies ("gmbh" -> `DE`, "pty ltd" -> `AU`).
    let companyFormRegions: [String: String]
    /// Folded state, province and prefecture names -> region ("maharashtra" -> `IN`), the ones
    /// that tell how a card's phones are read (`Regions`): the subdivisions listed with their
    /// short codes. The provinces listed with whole codes (VN-DN, TR-35: Vietnam, Malaysia,
    /// Indonesia, Turkey) end address lines (`provinceNames`) but name no region from a word of a
    /// line: "Bali", "Perak" or "Batman" is as often something else.
    let subdivisionNames: [String: String]
    /// Every folded state, province and prefecture name of subdivisions.txt.
    let provinceNames: Set<String>
    /// Place names printed with diacritics that OCR models without them lose, as
    /// (folded, accented), longest first: "sao paulo" -> "São Paulo". Only names that have no
    /// unaccented spelling in the lexicons ("Mexico" / "México" is left alone).
    let accentedPlaces: [(folded: String, accented: String)]
    /// Chinese province names (such as 北京市, stripped of 省/市 suffix too) -> `CN`.
    let chineseProvinces: SubstringLexicon

    /// The one shared instance; immutable after construction. The files the contact model
    /// needs too (name affixes, given names, Chinese surnames, countries, subdivisions) are
    /// compiled once, into CardModel's table (scripts/build-lexicons).
    static let shared = Lexicons(tables: allTables, hidingNames: hiddenNameModulus)

    /// For measurement only (`cardscan eval --hide-names N`, which sets it): with
    /// `CARDSCAN_HIDE_NAMES=N` (2 or more) in the environment, the given names and surnames whose
    /// stable hash is a multiple of N are left out of the lexicons, so labelled cards show how
    /// names the lexicons do not know fare (real cards carry many: the tuning half's names were
    /// added to the lists as they were found, a new card's are not). Nil otherwise.
    static let hiddenNameModulus: UInt64? = ProcessInfo.processInfo.environment[hideNamesVariable]
        .flatMap { UInt64($0) }.flatMap { $0 >= 2 ? $0 : nil }
    static let hideNamesVariable = "CARDSCAN_HIDE_NAMES"

    /// Whether `name` (folded) is hidden under modulus `n`: FNV-1a of its UTF-8, the same on every
    /// machine and run (Swift's own hash is seeded per process).
    static func hides(_ name: String, modulus n: UInt64) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash % n == 0
    }

    /// Every lexicon file's sections, keyed `file/section`: CardExtraction's own and CardModel's.
    static let allTables = GeneratedLexicons.tables.merging(ContactLexiconTables.tables) { own, _ in own }

    init(tables: [String: String], hidingNames modulus: UInt64? = nil) {
        func list(_ key: String) -> [String] {
            (tables[key] ?? "").split(separator: "\n").map { String($0) }
        }
        func folded(_ key: String) -> Set<String> { Set(list(key).flatMap { Lexicons.spellings(Text.fold($0)) }) }
        /// Every section of a file (`world-titles` -> its per-locale sections), in key order.
        func sections(_ file: String) -> [String] {
            tables.keys.filter { $0.hasPrefix(file + "/") }.sorted().flatMap { list($0) }
        }
        func foldedWords(_ entries: [String]) -> Set<String> {
            Set(entries.filter { !Lexicons.isCJK($0) }.flatMap { Lexicons.spellings(Text.fold($0)) })
        }
        func substrings(_ entries: [String]) -> SubstringLexicon {
            var seen = Set<String>()
            return SubstringLexicon(entries.filter { Lexicons.isCJK($0) && seen.insert($0).inserted })
        }

        // Generated world lists (Faker's locales, models/README.md) extend the curated ones.
        let worldTitles = sections("world-titles")
        let worldCompany = list("world-company-words/word")
        let addressWords = folded("address-words/main")
        let companyWords = folded("company-words/main").union(foldedWords(worldCompany))
        let companyForms = folded("company-forms/main").union(folded("world-company-words/form"))
        let markers = list("department-words/marker")
        let areas = list("department-words/area")
        let departmentWords = foldedWords(markers).union(foldedWords(areas))
        // Job lists name trades whose head words are also street, company or unit words
        // ("Praça da marinha" -> "praça"): those keep their other meaning only.
        let worldRoles = foldedWords(worldTitles).subtracting(addressWords).subtracting(companyWords)
            .subtracting(companyForms).subtracting(departmentWords)
        titleRoles = folded("title-words/role").union(worldRoles)
        titleQualifiers = folded("title-words/qualifier")

        // Census names include words that are field words on a card ("Sales", "Street",
        // "Service", "Senior", "Bank"): those count for their field, not as names.
        let fieldWords = titleRoles.union(titleQualifiers).union(departmentWords)
            .union(companyWords).union(companyForms).union(addressWords)
        let shown = { (name: String) in modulus.map { !Lexicons.hides(name, modulus: $0) } ?? true }
        givenNames = folded("given-names/main").union(foldedWords(sections("world-given-names")))
            .subtracting(fieldWords).filter(shown)
        givenNameSpellings = Set(
            (list("given-names/main") + sections("world-given-names")).map { $0.lowercased() })
        surnames = folded("surnames/main").union(foldedWords(sections("world-surnames")))
            .subtracting(fieldWords).filter(shown)
        titleHan = substrings(list("title-words/han") + worldTitles)
        titleSuffixes = list("title-words/suffix").map { Text.fold($0) }
        titleRolesBeforeComma = folded("title-words/before-comma")
        titleRolesBeforeName = folded("title-words/before-name")
        departmentMarkers = foldedWords(markers)
        organisationBeforeUnit = folded("department-words/before-organisation")
        departmentMarkersHan = substrings(markers)
        branchMarkersJapanese = substrings(list("department-words/branch-ja"))
        branchCompaniesJapanese = substrings(list("department-words/branch-ja-company"))
        departmentAreas = foldedWords(areas)
        departmentAreasHan = substrings(areas)
        self.companyForms = companyForms
        companyFormsHan = substrings(list("company-forms/han") + list("world-company-words/han"))
        self.companyWords = companyWords
        leadingCompanyForms = folded("company-forms/leading")
        companyCompoundEnds = folded("company-words/compound-end").sorted()
        activityWords = folded("company-words/activity")
        claimWords = folded("company-words/claim")
        self.addressWords = addressWords
        addressSuffixes = list("address-words/suffix").map { Text.fold($0) }
        addressHan = SubstringLexicon(list("address-words/han"))
        addressWordsAccented = Set(list("address-words/accented").map { $0.lowercased() })
        premisesWords = folded("address-words/premises")
        foundingWords = folded("address-words/founding")
        namePrefixes = folded("name-affixes/prefix")
        nameSuffixes = folded("name-affixes/suffix")
        nameParticles = Set(
            (list("name-affixes/particle") + list("name-affixes/connector")).map { $0.lowercased() })
        nameConnectors = Set(list("name-affixes/connector").map { $0.lowercased() })
        namePatronymics = Set(list("name-affixes/patronymic").map { $0.lowercased() })
        let cjkSurnames = sections("cjk-surnames")
        chineseSurnames = Set(list("chinese-surnames/main") + cjkSurnames.filter { Text.containsHan($0) })
        hangulSurnames = Set(cjkSurnames.filter { Lexicons.isHangul($0) })
        japaneseSurnames = Set(list("japanese-names/surname"))
        japaneseGivenNames = Set(list("japanese-names/given"))
        japaneseSurnameReadings = list("japanese-names/surname-reading").reduce(into: [:]) { table, entry in
            let parts = entry.split(separator: " ", maxSplits: 1).map(String.init)
            if parts.count == 2 { table[parts[0], default: []].append(Romaji.key(parts[1])) }
        }
        chineseGivenNameChars = Set(list("chinese-given-name-chars/main"))

        var countries: [String: String] = [:]
        var countriesHan: [(String, String)] = []
        for row in list("countries/main") {
            let parts = row.split(separator: "\t", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if Text.containsHan(parts[1]) {
                countriesHan.append((parts[1], parts[0]))
            } else if countries[Text.fold(parts[1])] == nil {
                countries[Text.fold(parts[1])] = parts[0]
            }
        }
        // Common short forms that iso-codes does not list as names.
        for (spelling, region) in [
            ("usa", "US"), ("u.s.a.", "US"), ("uk", "GB"), ("u.k.", "GB"), ("england", "GB"),
            ("scotland", "GB"), ("wales", "GB"), ("great britain", "GB"), ("prc", "CN"),
            ("p.r. china", "CN"), ("p.r.c.", "CN"), ("uae", "AE"), ("holland", "NL"),
            ("south korea", "KR"), ("korea", "KR"), ("russia", "RU"), ("vietnam", "VN"),
            ("taiwan", "TW"), ("czech republic", "CZ"), ("turkey", "TR"),
        ] where countries[spelling] == nil {
            countries[spelling] = region
        }
        self.countries = countries
        // Country-code top-level domains: the ISO 3166 codes, and the few that differ (.uk for
        // GB, .eu, .ac).
        countryCodeDomains = Set(countries.values.map { $0.lowercased() }).union(["uk", "eu", "ac"])
        topLevelDomains = Set(list("top-level-domains/main").map { $0.lowercased() })
        self.countriesHan = countriesHan.sorted { $0.0.count > $1.0.count }

        var formRegions: [String: String] = [:]
        for row in list("company-form-regions/main") {
            let parts = row.split(separator: "\t").map(String.init)
            if parts.count == 2 { formRegions[Text.fold(parts[0])] = parts[1] }
        }
        companyFormRegions = formRegions

        var codes: [String: String] = [:]
        var brazil: Set<String> = []
        var provinces: [String] = []
        var places: Set<String> = []
        var names: [String: String] = [:]
        for row in list("subdivisions/main") {
            let parts = row.split(separator: "\t").map(String.init)
            guard parts.count == 3 else { continue }
            if parts[0] == "CN" && Text.containsHan(parts[2]) {
                provinces.append(parts[2])
                let short = parts[2].replacingOccurrences(of: "省", with: "").replacingOccurrences(
                    of: "市", with: "")
                if short.count >= 2 && short != parts[2] { provinces.append(short) }
            } else {
                if parts[0] == "BR", parts[1].count == 2 { brazil.insert(parts[1]) }
                if ["US", "CA", "AU"].contains(parts[0]), codes[parts[1]] == nil {
                    codes[parts[1]] = parts[0]
                }
                let name = Text.fold(parts[2])
                if name.count >= 4 { places.insert(name) }
                if name.count >= 4, names[name] == nil, !parts[1].contains("-") { names[name] = parts[0] }
            }
        }
        var spellings: [String: Set<String>] = [:]
        for row in list("subdivisions/main") + list("countries/main") {
            guard let name = row.split(separator: "\t").last.map(String.init), !Text.containsHan(name),
                // Latin-1 letters only: iso-codes transliterates Indian states ("Mahārāshtra")
                name.unicodeScalars.allSatisfy({ $0.value <= 0xFF })
            else { continue }
            spellings[Text.fold(name), default: []].insert(name)
        }
        accentedPlaces = spellings.compactMap { (folded, names) -> (String, String)? in
            guard names.count == 1, let name = names.first, Text.fold(name) != name.lowercased(),
                folded.count >= 4
            else { return nil }
            return (folded, name)
        }.sorted { $0.0.count != $1.0.count ? $0.0.count > $1.0.count : $0.0 < $1.0 }
        subdivisionCodes = codes
        brazilianStates = brazil
        subdivisionNames = names
        chineseProvinces = SubstringLexicon(provinces)
        provinceNames = places
        titleRolePhrases = PhraseLexicon(titleRoles)
        departmentMarkerPhrases = PhraseLexicon(departmentMarkers)
        departmentAreaPhrases = PhraseLexicon(departmentAreas)
        companyFormPhrases = PhraseLexicon(companyForms)
    }

    /// The role words and phrases of a line, from its folded words and text: whole role words,
    /// compound endings ("Steuerberater"), role words hyphenated to a scope ("Manager-Equities"),
    /// multi-word roles, and a role only before a comma at the start ("Dean, School of ...").
    func roleHits(words: [String], folded: String) -> [String] {
        // Words glued by a hyphen or a dot ("Manager-Marketing", "Sr.Executive-Accounts").
        let glued = words.filter { ($0.contains("-") || $0.contains(".")) && !$0.contains("@") }
        let hyphenParts = glued.flatMap { w in
            w.split(whereSeparator: { $0 == "-" || $0 == "." }).map(String.init).filter { $0.count >= 3 }
        }
        let beforeComma = folded.split(separator: " ").first.flatMap { first in
            first.hasSuffix(",") && titleRolesBeforeComma.contains(String(first.dropLast()))
                ? String(first.dropLast()) : nil
        }
        return (words + hyphenParts).filter { w in
            titleRoles.contains(w) || titleSuffixes.contains { w.count > $0.count + 2 && w.hasSuffix($0) }
        } + titleRolePhrases.matches(inFolded: folded) + (beforeComma.map { [$0] } ?? [])
    }

    /// Whether a folded word is in a lexicon of roles, company words or forms, unit words or
    /// address words (or, with `names`, of given names and surnames): a word as printed, not a
    /// fragment of one.
    func knows(_ word: String, names: Bool) -> Bool {
        titleRoles.contains(word) || companyWords.contains(word) || companyForms.contains(word)
            || departmentMarkers.contains(word) || departmentAreas.contains(word)
            || addressWords.contains(word)
            || (names && isNameWord(word))
    }

    /// Whether a folded word is a given name or a surname of the lexicons.
    func isNameWord(_ word: String) -> Bool { givenNames.contains(word) || surnames.contains(word) }

    /// Whether a printed word is a given name. Matched folded (OCR drops accents), unless it
    /// holds a letter only Vietnamese prints (`ContactText.vietnameseLetterCount`: a horn, a dot
    /// below, a hook above ...) and no given name is so spelled: "MẠI" of "THƯƠNG MẠI"
    /// (commerce) is not the name Mai.
    func isGivenName(printed word: String) -> Bool {
        let folded = Text.fold(word)
        let known = givenNames.contains(folded)
            || folded.split(separator: "-").first.map({ givenNames.contains(String($0)) }) == true
        guard known, ContactText.vietnameseLetterCount(word) > 0 else { return known }
        return givenNameSpellings.contains(word.lowercased())
    }

    /// Whether a folded token is a legal form, written with or without its dot ("ltd", "ltd.",
    /// "a.s.").
    func isCompanyForm(_ token: String) -> Bool {
        companyForms.contains(token) || companyForms.contains(token + ".")
            || (token.hasSuffix(".") && companyForms.contains(String(token.dropLast())))
    }

    /// Han, kana or Hangul in `text`: scripts printed without spaces between words (or, for
    /// Hangul, with particles glued on), so their lexicon entries are matched as substrings.
    static func isCJK(_ text: String) -> Bool { text.unicodeScalars.contains(where: isCJK) }

    /// Han, kana and Hangul characters in `text`.
    static func cjkCount(_ text: String) -> Int { text.unicodeScalars.filter(isCJK).count }

    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        (0x3040...0x30FF).contains(s.value) || (0x3400...0x4DBF).contains(s.value)
            || (0x4E00...0x9FFF).contains(s.value) || (0xAC00...0xD7AF).contains(s.value)
            || (0x1100...0x11FF).contains(s.value) || (0x3130...0x318F).contains(s.value)
            || (0x3200...0x32FF).contains(s.value)
    }

    /// A folded entry and its spelling without the letters that folding keeps but capitals or
    /// OCR lose: Turkish dotless ı ("Yılmaz" is printed "YILMAZ", which folds to "yilmaz") and
    /// Vietnamese đ ("Đặng" read "Dang").
    static func spellings(_ folded: String) -> [String] {
        let plain = folded.replacingOccurrences(of: "ı", with: "i").replacingOccurrences(of: "đ", with: "d")
        return plain == folded ? [folded] : [folded, plain]
    }

    /// Hangul syllables or letters in `text`.
    static func isHangul(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0xAC00...0xD7AF).contains($0.value) || (0x1100...0x11FF).contains($0.value) }
    }
}
