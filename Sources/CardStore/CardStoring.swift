import CardModel
import Foundation

/// The customer store as the CLI and the pipeline see it: a review queue in front of contacts.
///
/// Every method that writes runs as one transaction: it happens completely or not at all. Methods
/// that change a candidate or contact take the reviewer's name (recorded in the audit trail) and
/// an optional `expectedVersion`: when given and the row has moved on, the method throws
/// ``StoreError/candidateConflict(id:expectedVersion:current:)`` and writes nothing. Without it,
/// a candidate that is no longer open still conflicts, so two reviewers can never both commit one
/// candidate.
///
/// ``SQLiteCardStore`` implements it with GRDB, ``PostgresCardStore`` with PostgresNIO; the
/// protocol names no database type, and one contract test suite runs against both.
public protocol CardStoring: Sendable {
    // MARK: Ingest

    /// Stores a scanned file and queues its cards, or reports the scan that already holds the same bytes.
    ///
    /// Copies the source file into the image folder (addressed by content hash) first, then
    /// writes the scan and its candidates in one transaction. Idempotent: the same bytes give
    /// `.duplicate(ofScan:)` however often and from however many processes they are enqueued. A
    /// previously recorded failure of the same bytes is replaced.
    func enqueue(_ scan: NewScan) throws(StoreError) -> EnqueueOutcome

    /// Records that a file could not be processed, so that every input ends in one visible state.
    ///
    /// `contentHash` is nil when the file could not even be read. Recording the same file again
    /// updates the reason; enqueueing the same bytes later replaces the failure. Returns the scan ID.
    /// With `claim` (a watcher of a shared drop folder), the record is written only while the claim
    /// is still the holder's, checked in the same transaction (else ``StoreError/fileClaimLost(name:)``).
    @discardableResult
    func recordFailure(sourcePath: String, contentHash: String?, reason: String, claim: FileClaim?)
        throws(StoreError) -> Int64

    /// The scan already holding these bytes as queued cards, or nil (also nil for a recorded failure).
    ///
    /// Lets the pipeline skip OCR for files it has stored before (a rerun after an interruption).
    func existingScan(contentHash: String) throws(StoreError) -> Int64?

    // MARK: Shared drop folders

    /// True when several machines share this store (PostgreSQL): the watchers of one drop folder on
    /// a network share then split its files through ``claimFile(folder:name:holder:lease:)``
    /// instead of one watcher's local `flock`.
    var isShared: Bool { get }

    /// Claims a file of a shared drop folder for `lease` seconds; false while another holder's
    /// claim is live. A watcher that dies loses its claims when their lease ends.
    func claimFile(folder: String, name: String, holder: String, lease: TimeInterval) throws(StoreError) -> Bool

    /// Extends a file claim this holder still has by its lease (the watcher's heartbeat while it
    /// reads the file); false when the claim is no longer the holder's (the row count is read).
    func renewFileClaim(_ claim: FileClaim) throws(StoreError) -> Bool

    /// Ends a claim (the file was moved, or is left for a later try).
    func releaseFile(folder: String, name: String, holder: String) throws(StoreError)

    // MARK: Queue

    /// A local file holding the stored copy of the candidate's scanned file, for a viewer; nil
    /// when the copy is gone (erased). SQLite returns its image folder's file; PostgreSQL writes
    /// the bytes from the database to a private temporary file.
    func imageFile(ofCandidate id: Int64) throws(StoreError) -> URL?

    /// Claims the oldest open candidate this reviewer may act on that nobody else holds (or whose
    /// holder's lease expired), for `lease` seconds; nil when none is left. Reviewers on several
    /// machines get different cards. A decision or ``releaseClaim(_:reviewer:)`` ends the claim.
    func claimNextCandidate(reviewer: String, lease: TimeInterval, excluding: Set<Int64>) throws(StoreError)
        -> Candidate?

    /// Gives a claimed candidate back (skip, quit).
    func releaseClaim(_ id: Int64, reviewer: String) throws(StoreError)

    /// Extends this reviewer's claim on an open candidate by `lease` seconds (the review session's
    /// heartbeat while the card is on screen); false when the claim is no longer theirs or the
    /// card was decided (the row count is read). `review` renews before each decision too: a
    /// reviewer whose claim another reviewer took is told so instead of deciding under them.
    func renewClaim(_ id: Int64, reviewer: String, lease: TimeInterval) throws(StoreError) -> Bool

    /// Candidates with the given statuses, oldest first.
    func candidates(status: [CandidateStatus], limit: Int?) throws(StoreError) -> [CandidateSummary]
    /// Recorded failures, newest first.
    func failures() throws(StoreError) -> [ScanFailure]
    /// One candidate with its fields, OCR text and image path.
    func candidate(_ id: Int64) throws(StoreError) -> Candidate
    /// Contacts the candidate may duplicate (same email, same E.164 phone, similar name at the same company).
    func possibleDuplicates(ofCandidate id: Int64) throws(StoreError) -> [DuplicateMatch]

    /// Confirms a candidate (with edits) as a new contact, or records the first of two reviews.
    func accept(
        _ id: Int64, edits: [FieldEdit], tags: [Tag], reviewer: String, expectedVersion: Int?,
        policy: ReviewPolicy
    ) throws(StoreError) -> AcceptOutcome

    /// Rejects a candidate; it never becomes a contact.
    func reject(_ id: Int64, reason: String?, reviewer: String, expectedVersion: Int?) throws(StoreError)
        -> Candidate

    /// Merges a candidate into an existing contact, field by field.
    ///
    /// Empty contact fields take the candidate's value; fields named in `take` take the
    /// candidate's value even when the contact has one; emails, phones and websites are united.
    /// `edits` apply last.
    func merge(
        _ id: Int64, into contactID: Int64, take: Set<String>, edits: [FieldEdit], reviewer: String,
        expectedVersion: Int?
    ) throws(StoreError) -> Contact

    /// Undoes `reviewer`'s own decision on a candidate (accept, merge, reject, or a first review),
    /// as long as nothing else has touched the card (`expectedVersion` is the version the decision
    /// left) or the contact it made or changed. The candidate is pending again; an accepted card's
    /// contact is removed; a merged contact gets back the values it had before the merge. Audited.
    ///
    /// - Throws: ``StoreError/candidateConflict(id:expectedVersion:current:)`` when the card has
    ///   moved on, ``StoreError/undoNotPossible(id:reason:)`` when the decision was someone
    ///   else's or its contact was changed since.
    func undoDecision(_ id: Int64, reviewer: String, expectedVersion: Int) throws(StoreError) -> Candidate

    /// The store-wide second-review threshold (shared by every reviewer of this store), if any.
    func secondReviewThreshold() throws(StoreError) -> Double?

    /// Stores (or with nil removes) the store-wide second-review threshold.
    func setSecondReviewThreshold(_ value: Double?, actor: String) throws(StoreError)

    // MARK: Contacts

    /// Contacts matching `search` (case-insensitive, any field or tag), with possible duplicates.
    func contacts(search: String?) throws(StoreError) -> [ContactListing]
    /// One contact.
    func contact(_ id: Int64) throws(StoreError) -> Contact
    /// Edits a contact's fields and tags.
    func editContact(
        _ id: Int64, edits: [FieldEdit], addTags: [Tag], removeTags: [Tag], actor: String,
        expectedVersion: Int?
    ) throws(StoreError) -> Contact
    /// Everything the store holds about the person of contact `id` (see ``PersonRecords``), plus
    /// the candidates a reviewer links to the person (`alsoCandidates`).
    func personRecords(ofContact id: Int64, alsoCandidates: [Int64]) throws(StoreError) -> PersonRecords

    /// Erases a person: the contact, every candidate ``personRecords(ofContact:alsoCandidates:)``
    /// finds (with OCR text and images), the failure records naming them, and every trace of
    /// their values in the store's files; the audit keeps that an erasure happened, without the
    /// values. A candidate of `alsoCandidates` that belongs to another contact is refused.
    func eraseContact(_ id: Int64, actor: String, alsoCandidates: [Int64]) throws(StoreError) -> ErasureReport

    /// Adds the contacts read from an address-book file, in one transaction: all or nothing.
    ///
    /// Each is stored with origin `imported` under its file UID (or one derived from its
    /// values) and audited as created by `actor` from `source`; a contact whose UID is already
    /// stored is updated when its values changed and left alone otherwise, so importing a file
    /// twice changes nothing. Imported contacts take part in duplicate detection like any other.
    func importContacts(_ contacts: [ImportedContact], source: String, actor: String) throws(StoreError)
        -> ImportReport

    // MARK: CardDAV push records

    /// What was pushed to the address book `server` (its URL), one record per contact UID.
    func cardDAVRecords(server: String) throws(StoreError) -> [CardDAVRecord]
    /// Stores (replacing) the record of one pushed contact.
    func saveCardDAVRecord(_ record: CardDAVRecord) throws(StoreError)
    /// Forgets a pushed contact (after its resource was deleted on the server).
    func removeCardDAVRecord(server: String, uid: String) throws(StoreError)

    // MARK: Audit

    /// The audit trail, oldest first; only rows about one contact (and its candidates) when given.
    func auditTrail(contactID: Int64?) throws(StoreError) -> [AuditEntry]
}

extension CardStoring {
    /// Records a failure outside a shared drop folder (see ``recordFailure(sourcePath:contentHash:reason:claim:)``).
    @discardableResult
    public func recordFailure(sourcePath: String, contentHash: String?, reason: String) throws(StoreError) -> Int64 {
        try recordFailure(sourcePath: sourcePath, contentHash: contentHash, reason: reason, claim: nil)
    }

    /// Erases the person of contact `id` (see ``eraseContact(_:actor:alsoCandidates:)``).
    public func eraseContact(_ id: Int64, actor: String) throws(StoreError) -> ErasureReport {
        try eraseContact(id, actor: actor, alsoCandidates: [])
    }
}
