/// How ``Fields/merged(with:rule:)`` combines two sets of fields: which value a single field
/// keeps, and when a listed value of the second set is a copy of one of the first.
///
/// Values are compared by ``ContactNormalizer``'s keys (e-mail, web address, phone); the rule
/// only decides what to do with them.
public struct MergeRule<Value: FieldContent> {
    /// The value a single text field keeps, from the first set's and the second set's.
    public var single: (FieldName, _ first: Value?, _ second: Value?) -> Value?
    /// True when an e-mail or web address (`.email`, `.website`) of the second set, by its key,
    /// copies one of the first set's, by its key, though the keys differ. Equal keys always do.
    public var isCopy: (FieldName, _ second: String, _ first: String) -> Bool
    /// True when a phone of the second set copies a phone of the first set (with that key)
    /// though their keys differ.
    public var isPhoneCopy: (_ second: Value.Phone, _ first: String) -> Bool

    public init(
        single: @escaping (FieldName, Value?, Value?) -> Value?,
        isCopy: @escaping (FieldName, String, String) -> Bool = { _, _, _ in false },
        isPhoneCopy: @escaping (Value.Phone, String) -> Bool = { _, _ in false }
    ) {
        self.single = single
        self.isCopy = isCopy
        self.isPhoneCopy = isPhoneCopy
    }

    /// The first set's values win; the second fills the single fields the first lacks.
    public static var fillGaps: MergeRule { MergeRule(single: { _, first, second in first ?? second }) }

    /// As ``fillGaps``, except that the fields in `take` take the second set's value when it has one.
    public static func taking(_ take: Set<FieldName>) -> MergeRule {
        MergeRule(single: { field, first, second in
            take.contains(field) ? second ?? first : first ?? second
        })
    }
}

extension Fields {
    /// The one merge of contact fields: the scan's two sides (`--duplex`), a card's QR codes
    /// over its printed text, a candidate into a stored contact.
    ///
    /// Single fields are the rule's choice. Each list holds this set's values, then the other
    /// set's that are neither equal by key to a value already taken nor a copy (by the rule) of
    /// one of this set's; equal keys within a set count once.
    public func merged(with other: Fields, rule: MergeRule<Value>) -> Fields {
        var out = self
        for field in FieldName.cardText {
            out[field] = rule.single(field, self[field], other[field])
        }
        func unite(_ field: FieldName, _ first: [Value], _ second: [Value], key: (String) -> String) -> [Value] {
            Self.unite(first, second, key: { key($0.text) }, isCopy: { rule.isCopy(field, key($0.text), $1) })
        }
        out.emails = unite(.email, emails, other.emails, key: ContactNormalizer.emailKey)
        out.websites = unite(.website, websites, other.websites, key: ContactNormalizer.websiteKey)
        out.phones = Self.unite(
            phones, other.phones, key: ContactNormalizer.phoneKey,
            isCopy: rule.isPhoneCopy)
        return out
    }

    /// `first` without repeated keys, then the values of `second` whose key is new and that
    /// copy none of `first`'s.
    static func unite<T>(_ first: [T], _ second: [T], key: (T) -> String, isCopy: (T, String) -> Bool) -> [T] {
        var seen: Set<String> = []
        var out = first.filter { seen.insert(key($0)).inserted }
        let firstKeys = Array(seen)
        for value in second where !seen.contains(key(value)) {
            guard !firstKeys.contains(where: { isCopy(value, $0) }) else { continue }
            seen.insert(key(value))
            out.append(value)
        }
        return out
    }
}
