import CardModel
import Foundation

/// Operations the SQLite store has and the PostgreSQL store does not have yet. Each refuses
/// plainly, with nothing written, rather than pretending: undo in review (issue 11), address-book
/// import and the CardDAV push records (issue 12) were built beside the PostgreSQL store and are
/// still to be ported (the v3/v4 columns and tables of `Schema.swift`).
extension PostgresCardStore {
    public func undoDecision(_ id: Int64, reviewer: String, expectedVersion: Int) throws(StoreError) -> Candidate {
        throw .notOnThisStore(operation: "undo a decision", store: "PostgreSQL")
    }

    public func importContacts(_ contacts: [ImportedContact], source: String, actor: String) throws(StoreError)
        -> ImportReport
    {
        throw .notOnThisStore(operation: "import an address book", store: "PostgreSQL")
    }

    public func cardDAVRecords(server: String) throws(StoreError) -> [CardDAVRecord] {
        throw .notOnThisStore(operation: "push to a CardDAV server", store: "PostgreSQL")
    }

    public func saveCardDAVRecord(_ record: CardDAVRecord) throws(StoreError) {
        throw .notOnThisStore(operation: "push to a CardDAV server", store: "PostgreSQL")
    }

    public func removeCardDAVRecord(server: String, uid: String) throws(StoreError) {
        throw .notOnThisStore(operation: "push to a CardDAV server", store: "PostgreSQL")
    }
}
