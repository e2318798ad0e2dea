import CardModel
import Foundation

/// The store's search text. The comparison keys of names and companies are
/// ``ContactNormalizer``'s (nameKey, companyKey, namesAreClose).
enum Normalize {
    /// Folded text used by `contacts list --search`.
    static func searchText(_ fields: ContactFields, tags: [Tag]) -> String {
        var parts = FieldName.singleText.compactMap { fields[$0] }
        parts +=
            fields.emails + fields.websites + fields.phones.map(\.value) + fields.phones.compactMap(\.e164)
        parts += tags.map(\.description)
        return parts.joined(separator: "\n").folding(
            options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    static func searchQuery(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }
}
