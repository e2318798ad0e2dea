/// What kind of line a phone number is, as a numbering plan tells it.
public enum PhoneNumberType: String, Hashable, Sendable, Codable {
    case fixedLine, mobile, fixedLineOrMobile, tollFree, premiumRate, sharedCost, voip
    case personalNumber, pager, uan, voicemail, unknown
}

/// A phone number found in text and understood under a numbering plan.
public struct PhoneNumberMatch: Hashable, Sendable {
    /// The matched text exactly as it appears in the input.
    public var raw: String
    /// UTF-8 byte offsets of `raw` in the input.
    public var utf8Range: Range<Int>
    /// E.164 form, such as `+14155550123`.
    public var e164: String
    /// International format for display, such as `+1 415-555-0123`.
    public var international: String
    /// ISO 3166 region of the number, such as `US`, or `ZZ` when unknown.
    public var region: String
    public var type: PhoneNumberType
    /// True when the number is valid under its region's numbering plan (not only possible).
    public var isValid: Bool
    /// True for an invalid number that is long enough to dial within its area but lacks the
    /// area code: a Brazilian `2681-7485` printed without its `(11)`. Its `e164` is not usable.
    public var isLocalOnly: Bool

    public init(
        raw: String, utf8Range: Range<Int>, e164: String, international: String, region: String,
        type: PhoneNumberType, isValid: Bool, isLocalOnly: Bool = false
    ) {
        self.raw = raw
        self.utf8Range = utf8Range
        self.e164 = e164
        self.international = international
        self.region = region
        self.type = type
        self.isValid = isValid
        self.isLocalOnly = isLocalOnly
    }
}

/// Finds and parses phone numbers: the seam that keeps extraction pure Swift.
///
/// The real implementation (`CardPhone.LibPhoneNumber`) wraps Debian's libphonenumber; tests of
/// the layers above may use it directly (it is deterministic) or a fake.
public protocol PhoneNumberParsing: Sendable {
    /// Finds phone numbers in free text; numbers without a country code are read under `region`
    /// (ISO 3166 code such as `US`, `DE`, `CN`).
    func findNumbers(in text: String, region: String) -> [PhoneNumberMatch]

    /// Parses one string that should be a single phone number, or returns nil.
    func parse(_ text: String, region: String) -> PhoneNumberMatch?

    /// Country calling code of a region (`DE` -> 49), or nil when unknown. Lets the extractor
    /// turn a region guessed from a TLD or an address into the `+NN` it expects to see.
    func countryCode(forRegion region: String) -> Int?

    /// Main region of a country calling code (49 -> `DE`, 1 -> `US`; `001` for non-geographic
    /// codes such as 800), or nil when unknown. Lets the extractor read a card's region from a
    /// `+NN` prefix and parse that card's national-format numbers under it.
    func region(forCountryCode countryCode: Int) -> String?
}

extension PhoneNumberParsing {
    /// Default for implementations without numbering-plan data (such as test fakes): unknown.
    public func countryCode(forRegion region: String) -> Int? { nil }

    /// Default for implementations without numbering-plan data (such as test fakes): unknown.
    public func region(forCountryCode countryCode: Int) -> String? { nil }
}
