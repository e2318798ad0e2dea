import Foundation

/// Word lists used by scoring, built once from the compiled-in tables of `models/lexicons`.
///
/// Entries are folded (lowercased, diacritics removed) so look-ups are case- and
/// accent-insensitive; Han entries are kept as they are and matched as substrings.
struct Lexicons: Sendable {
    let givenNames: Set<String>
    let surnames: Set<String>
    let titleRoles: Set<String>
    let titleQualifiers: Set<String>
    let titleHan: [String]
    /// Endings of compound title words ("Steuerberater", "Vertriebsleiter").
    let titleSuffixes: [String]
    let departmentMarkers: Set<String>
    let departmentMarkersHan: [String]
    let departmentAreas: Set<String>
    let departmentAreasHan: [String]
    let companyForms: Set<String>
    let companyFormsHan: [String]
    let companyWords: Set<String>
    let addressWords: Set<String>
    let addressSuffixes: [String]
    let addressHan: [String]
    let namePrefixes: Set<String>
    let nameSuffixes: Set<String>
    let chineseSurnames: Set<String>
    /// Folded country spelling -> ISO 3166 region.
    let countries: [String: String]
    /// Country spellings in Han script (matched as substrings) -> region.
    let countriesHan: [(String, String)]
    /// US/CA/AU subdivision code -> region, such as `CA` -> `US` (first region wins).
    let subdivisionCodes: [String: String]
    /// Brazilian state codes (`SP`, `RJ`, ...), printed after a dash at the end of an address
    /// line: "Jd. Samara - SP".
    let brazilianStates: Set<String>
    /// Folded legal form -> region it implies ("gmbh" -> `DE`, "pty ltd" -> `AU`).
    let companyFormRegions: [String: String]
    /// Folded state, province and prefecture names -> region ("maharashtra" -> `IN`).
    let subdivisionNames: [String: String]
    /// Place names printed with diacritics that OCR models without them lose, as
    /// (folded, accented), longest first: "sao paulo" -> "São Paulo". Only names that have no
    /// unaccented spelling in the lexicons ("Mexico" / "México" is left alone).
    let accentedPlaces: [(folded: String, accented: String)]
    /// Chinese province names (such as 北京市, stripped of 省/市 suffix too) -> `CN`.
    let chineseProvinces: [String]

    /// The one shared instance; immutable after construction.
    static let shared = Lexicons(tables: GeneratedLexicons.tables)

    init(tables: [String: String]) {
        func list(_ key: String) -> [String] {
            (tables[key] ?? "").split(separator: "\n").map { String($0) }
        }
        func folded(_ key: String) -> Set<String> { Set(list(key).map { Text.fold($0) }) }

        // Census names include words that are field words on a card ("Sales", "Street",
        // "Service", "Senior", "Bank"): those count for their field, not as names.
        let fieldWords = folded("title-words/role").union(folded("title-words/qualifier"))
            .union(folded("department-words/marker")).union(folded("department-words/area"))
            .union(folded("company-words/main")).union(folded("company-forms/main"))
            .union(folded("address-words/main"))
        givenNames = folded("given-names/main").subtracting(fieldWords)
        surnames = folded("surnames/main").subtracting(fieldWords)
        titleRoles = folded("title-words/role")
        titleQualifiers = folded("title-words/qualifier")
        titleHan = list("title-words/han")
        titleSuffixes = list("title-words/suffix").map { Text.fold($0) }
        let markers = list("department-words/marker")
        departmentMarkers = Set(markers.filter { !Text.containsHan($0) }.map { Text.fold($0) })
        departmentMarkersHan = markers.filter { Text.containsHan($0) }
        let areas = list("department-words/area")
        departmentAreas = Set(areas.filter { !Text.containsHan($0) }.map { Text.fold($0) })
        departmentAreasHan = areas.filter { Text.containsHan($0) }
        companyForms = folded("company-forms/main")
        companyFormsHan = list("company-forms/han")
        companyWords = folded("company-words/main")
        addressWords = folded("address-words/main")
        addressSuffixes = list("address-words/suffix").map { Text.fold($0) }
        addressHan = list("address-words/han")
        namePrefixes = folded("name-affixes/prefix")
        nameSuffixes = folded("name-affixes/suffix")
        chineseSurnames = Set(list("chinese-surnames/main"))

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
                if name.count >= 4, names[name] == nil { names[name] = parts[0] }
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
        chineseProvinces = provinces
    }
}
