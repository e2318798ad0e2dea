import CardModel
import CardStore
import Crypto
import Foundation
import Logging

/// What a push did, by contact ID (deleted ones by UID: their contacts are gone).
public struct CardDAVPushReport: Sendable, Hashable, Codable {
    public var created: [Int64] = []
    public var updated: [Int64] = []
    public var unchanged: [Int64] = []
    /// UIDs of erased contacts whose resources were deleted on the server.
    public var deleted: [String] = []
    /// Contacts changed on the server since our last push: not overwritten (pass --force).
    public var conflicts: [Int64] = []
    /// Erased contacts whose server copy changed since our last push: not deleted (pass --force).
    public var deleteConflicts: [String] = []

    public init() {}
}

/// Pushes the store's scanned contacts to a CardDAV address book: new ones are created,
/// edited ones replaced under their ETag, erased ones deleted, and nothing else is sent.
///
/// The vCards are 3.0 (RFC 6352 §6.1 requires servers to accept 3.0; 4.0 is optional).
/// Imported contacts stay home: they came from an address book.
public struct CardDAVPush: Sendable {
    public let store: any CardStoring
    public let client: CardDAVClient
    public let logger: Logger

    public init(store: any CardStoring, client: CardDAVClient, logger: Logger) {
        self.store = store
        self.client = client
        self.logger = logger
    }

    static func hash(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Runs one push. `force` overwrites (or deletes) server copies that changed since the last push.
    public func run(create: Bool, force: Bool = false) async throws -> CardDAVPushReport {
        try await client.prepare(create: create)
        let server = client.addressBook.absoluteString
        var records = Dictionary(
            uniqueKeysWithValues: try store.cardDAVRecords(server: server).map { ($0.uid, $0) })
        let contacts = try store.contacts(search: nil).map(\.contact).filter { $0.origin == .scanned }
        var report = CardDAVPushReport()
        for contact in contacts {
            let vCard = ContactExport.vCard(contact, version: .v3, photo: nil)
            let hash = Self.hash(vCard)
            let record = records.removeValue(forKey: contact.uid)
            if let record, record.contentHash == hash {
                report.unchanged.append(contact.id)
                continue
            }
            let url = record.flatMap { URL(string: $0.href) } ?? client.resourceURL(uid: contact.uid)
            var outcome = try await client.put(url, vCard: vCard, ifMatch: record.map { $0.etag ?? "*" })
            if outcome == .preconditionFailed && force {
                // Overwrite what is there now (or create it again when it was deleted there).
                outcome = try await client.put(url, vCard: vCard, ifMatch: try await client.etag(url))
            }
            guard case .done(var etag) = outcome else {
                report.conflicts.append(contact.id)
                logger.warning("carddav conflict", metadata: ["contact.id": "\(contact.id)"])
                continue
            }
            if etag == nil { etag = try await client.etag(url) }
            try store.saveCardDAVRecord(
                CardDAVRecord(
                    server: server, uid: contact.uid, href: url.absoluteString, etag: etag, contentHash: hash,
                    pushedAt: Date()))
            if record == nil { report.created.append(contact.id) } else { report.updated.append(contact.id) }
        }
        // What is left was pushed before and is no longer a contact: erased.
        for record in records.values.sorted(by: { $0.uid < $1.uid }) {
            guard let url = URL(string: record.href) else { continue }
            let outcome = try await client.delete(url, ifMatch: force ? nil : record.etag)
            if outcome == .preconditionFailed {
                report.deleteConflicts.append(record.uid)
                continue
            }
            try store.removeCardDAVRecord(server: server, uid: record.uid)
            report.deleted.append(record.uid)
        }
        logger.info(
            "carddav push",
            metadata: [
                "push.created": "\(report.created.count)", "push.updated": "\(report.updated.count)",
                "push.deleted": "\(report.deleted.count)", "push.unchanged": "\(report.unchanged.count)",
                "push.conflicts": "\(report.conflicts.count + report.deleteConflicts.count)",
            ])
        return report
    }
}
