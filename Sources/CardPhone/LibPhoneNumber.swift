import CPhoneNumber
import CardModel

/// Finds and parses phone numbers with Debian's libphonenumber (C++), reached through the C shim
/// in `Sources/CPhoneNumber`.
///
/// A value type with no state of its own: copy it freely and share it between threads. Every
/// call goes to libphonenumber's one process-wide `PhoneNumberUtil`; see `CardPhone.md` for why
/// that is safe and how the shim owns memory.
///
/// ```swift
/// let phones = LibPhoneNumber()
/// phones.findNumbers(in: "Tel: +49 30 1234567", region: "US").first?.e164  // "+49301234567"
/// ```
public struct LibPhoneNumber: PhoneNumberParsing, Sendable {
    /// How strictly `findNumbers(in:region:)` filters candidates (libphonenumber's `Leniency`).
    public enum Leniency: String, Hashable, Sendable, CaseIterable {
        /// Possible numbers: a plausible length for the region, not necessarily valid.
        case possible
        /// Possible and valid under the region's numbering plan.
        case valid
        /// Valid, and the digit groups are grouped in a possible way for the region.
        case strictGrouping
        /// Valid, and grouped exactly as libphonenumber would format it, or as one block.
        case exactGrouping

        var c: CPNLeniency {
            switch self {
            case .possible: CPN_LENIENCY_POSSIBLE
            case .valid: CPN_LENIENCY_VALID
            case .strictGrouping: CPN_LENIENCY_STRICT_GROUPING
            case .exactGrouping: CPN_LENIENCY_EXACT_GROUPING
            }
        }
    }

    /// How strictly `findNumbers(in:region:)` filters candidates.
    public var leniency: Leniency

    /// Creates a parser.
    ///
    /// - Parameter leniency: `.valid` (the default) reports only numbers that are valid under
    ///   their numbering plan, which keeps postcodes, order numbers and OCR garbage out;
    ///   `.possible` also reports numbers of a plausible length, with `isValid == false` on the
    ///   ones that fail validation, for callers that want to score doubtful candidates.
    public init(leniency: Leniency = .valid) {
        self.leniency = leniency
    }

    // MARK: - PhoneNumberParsing

    /// Finds phone numbers in free text, in order of appearance.
    ///
    /// Numbers written without a country code are read under `region` (ISO 3166, such as `US`;
    /// case does not matter; `ZZ` accepts only numbers written with `+`). Returns an empty array
    /// when there are none, or when libphonenumber fails internally.
    public func findNumbers(in text: String, region: String) -> [PhoneNumberMatch] {
        var text = text
        let region = region.uppercased()
        return text.withUTF8 { utf8 -> [PhoneNumberMatch] in
            var list = CPNNumberList()
            defer { cpn_number_list_free(&list) }
            // Safe from any thread. phonenumberutil.h: "The PhoneNumberUtil is implemented as a
            // singleton. Therefore, calling GetInstance multiple times will only result in one
            // instance being created."; libphonenumber's cpp/README: Boost is needed for thread
            // safety only in "multi-threaded environments that are not Linux and Mac" (the POSIX
            // build Debian ships). The shim builds a fresh PhoneNumberMatcher per call; the
            // evidence is listed in shim.cpp and checked by ThreadTests.
            // max_tries 0: no limit, as PhoneNumberMatcher's own two-argument constructor does;
            // a card's text is short, so the matcher's work stays bounded by its length.
            let status = utf8.withMemoryRebound(to: CChar.self) { chars in
                cpn_find_numbers(chars.baseAddress, chars.count, region, leniency.c, 0, &list)
            }
            guard status == CPN_STATUS_OK, let items = list.items else { return [] }
            return UnsafeBufferPointer(start: items, count: list.count).map(PhoneNumberMatch.init(c:))
        }
    }

    /// Parses one string that should be a single phone number, or returns nil.
    ///
    /// Leading text such as `Tel: ` is skipped. A result may still be invalid (`isValid == false`)
    /// when its length is possible; use `parseNumber(_:region:)` to learn why parsing failed.
    public func parse(_ text: String, region: String) -> PhoneNumberMatch? {
        try? parseNumber(text, region: region)
    }

    // MARK: - Beyond the protocol

    /// Parses one string that should be a single phone number, or throws why it is not one.
    public func parseNumber(_ text: String, region: String) throws(PhoneNumberError) -> PhoneNumberMatch {
        var text = text
        let region = region.uppercased()
        let result: Result<PhoneNumberMatch, PhoneNumberError> = text.withUTF8 { utf8 in
            var number = CPNNumber()
            defer { cpn_number_free(&number) }
            let status = utf8.withMemoryRebound(to: CChar.self) { chars in
                cpn_parse(chars.baseAddress, chars.count, region, &number)
            }
            if let error = PhoneNumberError(status: status, function: "cpn_parse") {
                return .failure(error)
            }
            return .success(PhoneNumberMatch(c: number))
        }
        return try result.get()
    }

    /// Country calling code of a region (`DE` -> 49, `us` -> 1), or nil for an unknown region.
    public func countryCode(forRegion region: String) -> Int? {
        Self.countryCode(forRegion: region)
    }

    /// Main region of a country calling code (1 -> `US`, 44 -> `GB`, 86 -> `CN`); `001` for
    /// non-geographic codes such as 800; nil for codes that are not assigned.
    public func region(forCountryCode countryCode: Int) -> String? {
        Self.region(forCountryCode: countryCode)
    }

    /// Country calling code of a region (`DE` -> 49, `us` -> 1), or nil for an unknown region.
    public static func countryCode(forRegion region: String) -> Int? {
        let code = cpn_country_code_for_region(region.uppercased())
        return code > 0 ? Int(code) : nil
    }

    /// Main region of a country calling code (1 -> `US`, 44 -> `GB`, 86 -> `CN`); `001` for
    /// non-geographic codes such as 800; nil for codes that are not assigned.
    public static func region(forCountryCode countryCode: Int) -> String? {
        guard let code = Int32(exactly: countryCode) else { return nil }
        var region = CPNRegion()
        guard cpn_region_for_country_code(code, &region) == CPN_STATUS_OK else { return nil }
        let string = String(region)
        return string == "ZZ" ? nil : string
    }

    /// Every region that shares a country calling code, main region first
    /// (1 -> `US`, `AG`, `AI`, ..., `CA`, ...); empty for codes that are not assigned.
    public static func regions(forCountryCode countryCode: Int) -> [String] {
        guard let code = Int32(exactly: countryCode) else { return [] }
        return regionList { buffer, capacity in cpn_regions_for_country_code(code, buffer, capacity) }
    }

    /// Every region libphonenumber has metadata for, sorted (`AC`, `AD`, ..., `ZW`).
    public static var supportedRegions: [String] {
        regionList { buffer, capacity in cpn_supported_regions(buffer, capacity) }
    }

    /// Calls a shim function that fills a caller buffer and returns the total count, growing
    /// the buffer once if the first one was too small.
    private static func regionList(
        _ fill: (UnsafeMutablePointer<CPNRegion>?, Int) -> Int
    ) -> [String] {
        var buffer = [CPNRegion](repeating: CPNRegion(), count: 64)
        var total = buffer.withUnsafeMutableBufferPointer { fill($0.baseAddress, $0.count) }
        if total > buffer.count {
            buffer = [CPNRegion](repeating: CPNRegion(), count: total)
            total = min(total, buffer.withUnsafeMutableBufferPointer { fill($0.baseAddress, $0.count) })
        }
        return buffer.prefix(total).map(String.init)
    }
}

/// Why libphonenumber could not parse a string as a phone number.
public enum PhoneNumberError: Error, Hashable, Sendable {
    /// The number starts with + or an international prefix, but the country code is unknown.
    case invalidCountryCode
    /// Not a phone number at all (no digits in a plausible place, or illegal characters).
    case notANumber
    /// Too few digits after an international dialling prefix such as 00 or 011.
    case tooShortAfterInternationalPrefix
    /// Too few digits for a national significant number.
    case tooShort
    /// Too many digits for a national significant number.
    case tooLong
    /// The shim failed (`status` is its `CPNStatus`) in the named C function; a bug, not bad input.
    case internalError(function: String, status: Int)

    /// nil for `CPN_STATUS_OK`.
    init?(status: CPNStatus, function: String) {
        switch status {
        case CPN_STATUS_OK: return nil
        case CPN_STATUS_INVALID_COUNTRY_CODE: self = .invalidCountryCode
        case CPN_STATUS_NOT_A_NUMBER: self = .notANumber
        case CPN_STATUS_TOO_SHORT_AFTER_IDD: self = .tooShortAfterInternationalPrefix
        case CPN_STATUS_TOO_SHORT_NSN: self = .tooShort
        case CPN_STATUS_TOO_LONG_NSN: self = .tooLong
        default: self = .internalError(function: function, status: Int(status.rawValue))
        }
    }
}

extension PhoneNumberMatch {
    /// Copies a shim number into a Swift value; the caller still frees `c`.
    init(c: CPNNumber) {
        self.init(
            raw: String(cOrEmpty: c.raw),
            utf8Range: Int(c.start)..<Int(max(c.start, c.end)),
            e164: String(cOrEmpty: c.e164),
            international: String(cOrEmpty: c.international),
            region: String(c.region),
            type: PhoneNumberType(c: c.type),
            isValid: c.is_valid,
            isLocalOnly: c.is_local_only
        )
    }
}

extension PhoneNumberType {
    init(c: CPNNumberType) {
        switch c {
        case CPN_TYPE_FIXED_LINE: self = .fixedLine
        case CPN_TYPE_MOBILE: self = .mobile
        case CPN_TYPE_FIXED_LINE_OR_MOBILE: self = .fixedLineOrMobile
        case CPN_TYPE_TOLL_FREE: self = .tollFree
        case CPN_TYPE_PREMIUM_RATE: self = .premiumRate
        case CPN_TYPE_SHARED_COST: self = .sharedCost
        case CPN_TYPE_VOIP: self = .voip
        case CPN_TYPE_PERSONAL_NUMBER: self = .personalNumber
        case CPN_TYPE_PAGER: self = .pager
        case CPN_TYPE_UAN: self = .uan
        case CPN_TYPE_VOICEMAIL: self = .voicemail
        default: self = .unknown
        }
    }
}

extension String {
    fileprivate init(cOrEmpty pointer: UnsafeMutablePointer<CChar>?) {
        self = pointer.map { String(cString: $0) } ?? ""
    }

    /// Reads the NUL-terminated code out of a `CPNRegion` (a C `char[4]`, a tuple in Swift).
    fileprivate init(_ region: CPNRegion) {
        var code = region.code
        self = withUnsafeBytes(of: &code) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
