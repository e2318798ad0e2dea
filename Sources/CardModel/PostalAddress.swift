import Foundation

/// A postal address in parts, as vCard's `ADR` and the address books' import columns want it.
///
/// The printed form stays in ``ContactFields/address``; these parts sit beside it. An absent
/// part is an empty string.
public struct PostalAddress: Hashable, Sendable, Codable {
    /// Street, number, building, suite, district: everything before the city.
    public var street: String
    /// City or town.
    public var city: String
    /// State, province or prefecture, as printed ("PR", "CA", "Bayern").
    public var region: String
    public var postcode: String
    /// The country as printed ("Brasil", "Germany").
    public var country: String
    /// ISO 3166 code of the country, when the country or the region names one ("BR").
    public var countryCode: String

    public init(
        street: String = "", city: String = "", region: String = "", postcode: String = "",
        country: String = "",
        countryCode: String = ""
    ) {
        self.street = street
        self.city = city
        self.region = region
        self.postcode = postcode
        self.country = country
        self.countryCode = countryCode
    }

    enum CodingKeys: String, CodingKey { case street, city, region, postcode, country, countryCode }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        street = try c.decodeIfPresent(String.self, forKey: .street) ?? ""
        city = try c.decodeIfPresent(String.self, forKey: .city) ?? ""
        region = try c.decodeIfPresent(String.self, forKey: .region) ?? ""
        postcode = try c.decodeIfPresent(String.self, forKey: .postcode) ?? ""
        country = try c.decodeIfPresent(String.self, forKey: .country) ?? ""
        countryCode = try c.decodeIfPresent(String.self, forKey: .countryCode) ?? ""
    }

    public var isEmpty: Bool { [street, city, region, postcode, country].allSatisfy(\.isEmpty) }

    /// The parts on one line, street first.
    public var formatted: String {
        let cityLine = [postcode, city, region].filter { !$0.isEmpty }.joined(separator: " ")
        return [street, cityLine, country].filter { !$0.isEmpty }.joined(separator: ", ")
    }

    // Postcode shapes of the formats the extractor reads (Extraction.md, "Addresses").
    nonisolated(unsafe) static let brazil = /^\d{5}-\d{3}$/
    nonisolated(unsafe) static let usZip = /^\d{5}(-\d{4})?$/
    nonisolated(unsafe) static let numeric = /^\d{4,6}$/
    nonisolated(unsafe) static let uk = /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/
    nonisolated(unsafe) static let canada = /^[A-Z]\d[A-Z] ?\d[A-Z]\d$/
    nonisolated(unsafe) static let japan = /^〒?\d{3}-\d{4}$/
    nonisolated(unsafe) static let netherlands = /^\d{4} ?[A-Z]{2}$/

    static func isPostcode(_ text: String) -> Bool {
        let t = text.trimmingCharacters(in: .whitespaces)
        return [
            t.wholeMatch(of: brazil) != nil, t.wholeMatch(of: usZip) != nil, t.wholeMatch(of: numeric) != nil,
            t.uppercased() == t && t.wholeMatch(of: uk) != nil, t.wholeMatch(of: canada) != nil,
            t.wholeMatch(of: japan) != nil, t.wholeMatch(of: netherlands) != nil,
        ].contains(true)
    }

    /// Splits a printed address into parts.
    ///
    /// Reads the forms cards print: "Rua XV de Novembro, 2313, Curitiba - PR, 80020-192",
    /// "1 Main St, Springfield, IL 62701, USA", "Leopoldstraße 12, 80802 München, Germany",
    /// "10 Downing St, London SW1A 2AA". The country comes from the last segment when the
    /// countries lexicon knows it; a region from a subdivision code or name; what cannot be
    /// placed stays in the street. Addresses in Han script stay whole in the street.
    public static func parse(_ printed: String) -> PostalAddress {
        let lexicons = ContactLexicons.shared
        var address = PostalAddress()
        let text = printed.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return address }
        if text.unicodeScalars.contains(where: ContactText.isCJK) {
            address.street = text
            return address
        }
        var segments = text.replacingOccurrences(of: "\n", with: ",").split(separator: ",")
            .flatMap { $0.components(separatedBy: " - ") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if let last = segments.last, let code = lexicons.countries[ContactText.fold(last)], segments.count > 1
        {
            address.country = last
            address.countryCode = code
            segments.removeLast()
        }
        // From the end: postcodes, regions and the city they sit beside.
        var cityIndex: Int?
        var index = segments.count - 1
        while index >= 1 {
            let segment = segments[index]
            let words = segment.split(separator: " ").map(String.init)
            if address.postcode.isEmpty, isPostcode(segment) {
                address.postcode = segment
                segments.remove(at: index)
                index -= 1
                continue
            }
            if address.region.isEmpty, words.count == 1, isRegion(segment) {
                address.region = segment
                segments.remove(at: index)
                index -= 1
                continue
            }
            // "IL 62701", "Springfield IL 62701", "80802 München", "London SW1A 2AA".
            if address.postcode.isEmpty, words.count >= 2 {
                if let last = words.last,
                    isPostcode(last) || isPostcode(words.suffix(2).joined(separator: " "))
                {
                    let two = words.suffix(2).joined(separator: " ")
                    let postcodeWords = isPostcode(two) && words.count >= 2 && !isPostcode(last) ? 2 : 1
                    address.postcode = words.suffix(postcodeWords).joined(separator: " ")
                    var rest = Array(words.dropLast(postcodeWords))
                    if let region = rest.last, address.region.isEmpty, isRegion(region), region.count <= 3 {
                        address.region = region
                        rest.removeLast()
                    }
                    if rest.isEmpty {
                        segments.remove(at: index)
                    } else {
                        segments[index] = rest.joined(separator: " ")
                        cityIndex = index
                    }
                    index -= 1
                    continue
                }
                if let first = words.first, isPostcode(first) {
                    address.postcode = first
                    segments[index] = words.dropFirst().joined(separator: " ")
                    cityIndex = index
                    index -= 1
                    continue
                }
            }
            break
        }
        if cityIndex == nil, segments.count >= 2, !address.postcode.isEmpty || !address.region.isEmpty {
            cityIndex = segments.count - 1
        }
        if let cityIndex, cityIndex < segments.count, cityIndex >= 1 {
            address.city = segments[cityIndex]
            segments.remove(at: cityIndex)
        }
        address.street = segments.joined(separator: ", ")
        if address.countryCode.isEmpty, !address.region.isEmpty {
            address.countryCode = lexicons.subdivisions[ContactText.fold(address.region)] ?? ""
        }
        return address
    }

    static func isRegion(_ text: String) -> Bool {
        let folded = ContactText.fold(text)
        guard ContactLexicons.shared.subdivisions[folded] != nil else { return false }
        // Codes are printed in capitals ("PR", "CA"); a lowercase word is more likely a place.
        return text.count > 3 || text == text.uppercased()
    }
}
