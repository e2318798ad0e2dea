import CardModel
import Foundation

// MARK: - Ingest

/// One card found in a scanned file, ready to be queued for review.
public struct NewCandidate: Sendable, Hashable {
    /// Position of the card in the file's detection order (0-based), unique per page.
    public var cardIndex: Int
    /// Page of the file the card is on (0-based; always 0 for single images).
    public var page: Int
    /// Where the card is on the page, when known.
    public var bbox: PixelBox?
    public var fields: CardFields
    /// The recognised text of the card, kept for the reviewer (and erased with the contact).
    public var ocrText: String
    /// Overall confidence of the card in 0...1; the second-review policy compares against it.
    public var confidence: Double

    public init(
        cardIndex: Int, page: Int = 0, bbox: PixelBox? = nil, fields: CardFields, ocrText: String,
        confidence: Double
    ) {
        self.cardIndex = cardIndex
        self.page = page
        self.bbox = bbox
        self.fields = fields
        self.ocrText = ocrText
        self.confidence = confidence
    }
}

/// One scanned file and the cards found in it.
public struct NewScan: Sendable, Hashable {
    /// The path as the user gave it (shown to reviewers).
    public var sourcePath: String
    /// SHA-256 of the file's bytes, 64 lowercase hex digits (``ContentHash/sha256(of:)``).
    public var contentHash: String
    /// The file to copy into the store's image folder.
    public var sourceFile: URL
    public var candidates: [NewCandidate]
    /// What the rep wrote about the cards of this file (`scan --note`), carried to their contacts.
    public var note: String?
    /// Where the cards were collected (`scan --event "Hannover Messe 2026"`).
    public var event: String?
    /// A watcher of a shared drop folder: the claim it holds on the file. The store checks, in the
    /// enqueue transaction, that the claim is still this holder's (and renews it); a lost claim
    /// stores nothing and throws ``StoreError/fileClaimLost(name:)``. Nil elsewhere.
    public var claim: FileClaim? = nil

    public init(
        sourcePath: String, contentHash: String, sourceFile: URL, candidates: [NewCandidate], note: String? = nil,
        event: String? = nil, claim: FileClaim? = nil
    ) {
        self.sourcePath = sourcePath
        self.contentHash = contentHash
        self.sourceFile = sourceFile
        self.candidates = candidates
        self.note = note
        self.event = event
        self.claim = claim
    }
}

/// A watcher's claim on one file of a shared drop folder (``CardStoring/claimFile(folder:name:holder:lease:)``).
public struct FileClaim: Sendable, Hashable {
    /// The drop folder's ID, the same on every station.
    public var folder: String
    /// The file's name in the folder (display form).
    public var name: String
    /// The watcher holding the claim.
    public var holder: String
    /// Seconds a renewal extends the claim by.
    public var lease: TimeInterval

    public init(folder: String, name: String, holder: String, lease: TimeInterval) {
        self.folder = folder
        self.name = name
        self.holder = holder
        self.lease = lease
    }
}

/// What ``CardStoring/enqueue(_:)`` did.
public enum EnqueueOutcome: Sendable, Hashable {
    /// The scan is new (or replaces an earlier failure of the same bytes); its cards are queued.
    case queued(scanID: Int64, candidateIDs: [Int64])
    /// The same bytes were stored before as this scan; nothing was written.
    case duplicate(ofScan: Int64)
}

// MARK: - Queue

/// Where a candidate is in review. Stored as text with a CHECK constraint.
public enum CandidateStatus: String, Sendable, Codable, CaseIterable {
    /// Waiting for a reviewer.
    case pending
    /// Confirmed once; the policy wants a second, different reviewer.
    case awaitingSecondReview = "awaiting_second_review"
    /// Committed as a new contact.
    case accepted
    /// Committed into an existing contact.
    case merged
    /// Rejected; never becomes a contact.
    case rejected

    /// Statuses a reviewer can still act on.
    public static let open: [CandidateStatus] = [.pending, .awaitingSecondReview]
}

/// One row of the queue listing: cheap to read for thousands of candidates.
public struct CandidateSummary: Sendable, Hashable, Codable {
    public var id: Int64
    public var scanID: Int64
    public var status: CandidateStatus
    public var confidence: Double
    public var name: String?
    public var company: String?
    public var email: String?
    public var sourcePath: String
    public var createdAt: Date
    public var version: Int
}

/// A queued card with everything a reviewer needs.
public struct Candidate: Sendable, Hashable, Codable {
    public var id: Int64
    public var scanID: Int64
    public var cardIndex: Int
    public var page: Int
    public var bbox: PixelBox?
    public var fields: CardFields
    public var ocrText: String
    public var confidence: Double
    public var status: CandidateStatus
    /// Incremented by every change; pass it back as `expectedVersion` to detect a lost race.
    public var version: Int
    public var contactID: Int64?
    public var sourcePath: String
    public var contentHash: String
    /// The stored copy of the source image, when it still exists.
    public var imagePath: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var reviewedBy: String?
    public var reviewedAt: Date?
    public var rejectReason: String?
    /// The reviewer who confirmed it first, while it waits for a second review.
    public var firstReviewer: String?
    /// The values the first reviewer confirmed, while it waits for a second review.
    public var firstReviewFields: ContactFields?
    /// The tags the first reviewer gave, while it waits for a second review.
    public var firstReviewTags: [Tag]?
    /// The rep's note on the scan (`scan --note`), the contact's note unless a reviewer changes it.
    public var note: String? = nil
    /// Where the card was collected (`scan --event`), the contact's event unless a reviewer changes it.
    public var event: String? = nil

    public var state: CandidateState {
        CandidateState(
            status: status, version: version, reviewedBy: reviewedBy ?? firstReviewer, reviewedAt: reviewedAt,
            contactID: contactID)
    }
}

/// A recorded failure: a file that could not be processed, with the reason.
public struct ScanFailure: Sendable, Hashable, Codable {
    public var scanID: Int64
    public var sourcePath: String
    public var contentHash: String?
    public var reason: String
    public var updatedAt: Date
}

// MARK: - Contacts

/// A `key:value` label on a contact, such as `customer-type:prospect`, `industry:retail`,
/// `region:emea`.
public struct Tag: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// Parses `key:value`; the key is lowercased, both sides are trimmed and must not be empty.
    public init(parsing text: String) throws(StoreError) {
        guard let colon = text.firstIndex(of: ":") else { throw .invalidTag(text) }
        let key = text[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, !value.isEmpty else { throw .invalidTag(text) }
        self.init(key: key, value: value)
    }

    public var description: String { "\(key):\(value)" }

    public static func < (a: Tag, b: Tag) -> Bool { (a.key, a.value) < (b.key, b.value) }
}

/// A committed customer record.
public struct Contact: Sendable, Hashable, Codable {
    public var id: Int64
    public var fields: ContactFields
    public var tags: [Tag]
    /// Incremented by every change; pass it back as `expectedVersion` to detect a lost race.
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
    /// The candidates that were accepted as or merged into this contact.
    public var candidateIDs: [Int64]
    /// The contact's stable identity in address books: `urn:uuid:...` for a scanned contact
    /// (vCard `UID`, the CardDAV resource name), the file's own `UID` for an imported one.
    public var uid: String
    /// Whether a reviewer confirmed it from a card or it was read from an address book.
    public var origin: ContactOrigin

    public init(
        id: Int64, fields: ContactFields, tags: [Tag] = [], version: Int = 1, createdAt: Date, updatedAt: Date,
        candidateIDs: [Int64] = [], uid: String? = nil, origin: ContactOrigin = .scanned
    ) {
        self.id = id
        self.fields = fields
        self.tags = tags
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.candidateIDs = candidateIDs
        self.uid = uid ?? Self.newUID()
        self.origin = origin
    }

    /// A fresh `urn:uuid:` identity (RFC 6350 section 6.7.6 recommends the urn:uuid form).
    public static func newUID() -> String { "urn:uuid:" + UUID().uuidString.lowercased() }
}

/// A contact row in a listing, with the contacts it may duplicate.
public struct ContactListing: Sendable, Hashable, Codable {
    public var contact: Contact
    public var possibleDuplicates: [Int64]
}

// MARK: - Edits

/// A field that `--set FIELD=VALUE` can change: the contact model's one field enumeration.
public typealias EditableField = FieldName

extension EditableField {
    /// The field a person typed: case-insensitive, singular or plural (`emails`, `phones`,
    /// `websites`, `faxes`, as `--take` spells them), `e-mail` for `email` (issue 11).
    public init?(named text: String) {
        let name = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "")
        if let field = EditableField(rawValue: name) {
            self = field
        } else if name.hasSuffix("es"), let field = EditableField(rawValue: String(name.dropLast(2))) {
            self = field
        } else if name.hasSuffix("s"), let field = EditableField(rawValue: String(name.dropLast())) {
            self = field
        } else {
            return nil
        }
    }
}

/// The field names `merge --take` uses: the single fields and `phones`, `emails`, `websites`.
public enum MergeField {
    /// The names the store's merge understands.
    public static let names = FieldName.card.map(\.key)

    /// The merge name for what a person typed, singular or plural (`email` or `emails`,
    /// `Title` or `titles`); nil when it names no field.
    public static func named(_ text: String) -> String? {
        let name = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "")
        for candidate in [name, name + "s", String(name.dropLast())] where names.contains(candidate) {
            return candidate
        }
        return nil
    }
}


extension FieldEdit {
    /// Parses `FIELD=VALUE` (the field name is case-insensitive).
    public init(parsing text: String) throws(StoreError) {
        guard let equals = text.firstIndex(of: "=") else { throw .unknownField(text) }
        let name = text[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
        guard let field = EditableField(named: name) else { throw .unknownField(name) }
        self.init(
            field: field,
            value: String(text[text.index(after: equals)...]).trimmingCharacters(in: .whitespaces))
    }
}

// MARK: - Review decisions

/// Rules a reviewer's decision is checked against.
public struct ReviewPolicy: Sendable, Hashable {
    /// Candidates with overall confidence below this need a second, different reviewer.
    public var secondReviewBelow: Double?
    /// Accept even when the candidate looks like an existing contact (the reviewer chose
    /// "keep separate").
    public var keepSeparate: Bool

    public init(secondReviewBelow: Double? = nil, keepSeparate: Bool = false) {
        self.secondReviewBelow = secondReviewBelow
        self.keepSeparate = keepSeparate
    }
}

/// What ``CardStoring/accept(_:edits:tags:reviewer:expectedVersion:policy:)`` did.
public enum AcceptOutcome: Sendable, Hashable {
    /// The candidate is now this contact.
    case committed(Contact)
    /// The first confirmation is recorded; a different reviewer must accept it again.
    case awaitingSecondReview(Candidate)
}

/// Why a candidate may be an existing contact.
public enum DuplicateReason: String, Sendable, Hashable, Codable {
    case sameEmail = "same_email"
    case samePhone = "same_phone"
    case similarNameAndCompany = "similar_name_and_company"
}

/// A field whose value differs between a candidate and a contact.
public struct FieldDifference: Sendable, Hashable, Codable {
    public var field: String
    public var candidate: String?
    public var contact: String?
}

/// A contact the candidate may duplicate, with the reasons and the fields that differ.
public struct DuplicateMatch: Sendable, Hashable, Codable {
    public var contactID: Int64
    public var reasons: [DuplicateReason]
    public var differences: [FieldDifference]
}

// MARK: - Audit and erasure

/// One row of the append-only audit trail.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var id: Int64
    public var at: Date
    public var actor: String
    /// `enqueue`, `record_failure`, `first_review`, `accept`, `reject`, `merge`, `edit`, `erase`.
    public var action: String
    /// `scan`, `candidate` or `contact`.
    public var entity: String
    public var entityID: Int64
    public var contactID: Int64?
    /// JSON of the values before the change, nil when there were none or they were erased.
    public var oldValues: String?
    /// JSON of the values after the change, nil when there are none or they were erased.
    public var newValues: String?
    /// True when an erasure removed the values of this row.
    public var redacted: Bool
}

/// What ``CardStoring/eraseContact(_:actor:alsoCandidates:)`` removed.
public struct ErasureReport: Sendable, Hashable, Codable {
    public var contactID: Int64
    /// Every erased candidate: the contact's own and the same person's other cards.
    public var candidateIDs: [Int64]
    public var scanIDs: [Int64]
    public var imagesRemoved: Int
    public var auditRowsRedacted: Int
    /// Erased failure records that named the person (file name or reason).
    public var failureIDs: [Int64] = []
    /// Other contacts sharing an e-mail or phone with the erased one: not erased, only named.
    public var otherContactsSharing: [Int64] = []
    /// What the store could not clear at once (a reader holding the SQLite WAL; PostgreSQL's WAL
    /// archives, replicas, backups), or nil.
    public var remainingTraces: String?
}

/// Everything the store holds about one person (an access request, `contacts export-person`),
/// which is also what erasing the person removes.
public struct PersonRecords: Sendable, Hashable, Codable {
    /// The contact as confirmed.
    public var contact: Contact
    /// Every candidate of the person: accepted or merged into the contact, and the other cards
    /// (pending, awaiting a second review, rejected) that share an e-mail or phone with it.
    public var candidates: [Candidate]
    /// Recorded failures whose file name or reason names the person.
    public var failures: [ScanFailure]
    /// Audit rows about the contact, its candidates and their scans (values as stored).
    public var audit: [AuditEntry]
    /// Other contacts sharing an e-mail or phone (possibly the same person; not included).
    public var otherContactsSharing: [Int64]
    /// Where the person's contact was sent: the CardDAV address books (server URL, resource URL,
    /// when) that `contacts push` recorded for the contact's UID. Kept after an erasure until the
    /// next push deletes the resource on the server.
    public var pushedTo: [CardDAVRecord] = []
}

// MARK: - Import

/// What ``CardStoring/importContacts(_:source:actor:)`` did.
public struct ImportReport: Sendable, Hashable, Codable {
    /// The file name as given.
    public var source: String
    /// New contacts.
    public var created: [Int64]
    /// Contacts imported before whose values changed in the file.
    public var updated: [Int64]
    /// Contacts already stored with the same values (or scanned contacts with the same UID).
    public var unchanged: [Int64]
    /// Imported contacts that may duplicate other contacts, with those contacts.
    public var possibleDuplicates: [Int64: [Int64]]
}

// MARK: - CardDAV

/// One contact as last pushed to a CardDAV address book.
public struct CardDAVRecord: Sendable, Hashable, Codable {
    /// The address book's URL.
    public var server: String
    /// The contact's UID.
    public var uid: String
    /// The resource's URL on the server.
    public var href: String
    /// The ETag the server gave the resource, when it sent one.
    public var etag: String?
    /// SHA-256 (hex) of the vCard pushed: a contact whose vCard hashes the same is not sent again.
    public var contentHash: String
    public var pushedAt: Date

    public init(server: String, uid: String, href: String, etag: String?, contentHash: String, pushedAt: Date) {
        self.server = server
        self.uid = uid
        self.href = href
        self.etag = etag
        self.contentHash = contentHash
        self.pushedAt = pushedAt
    }
}
