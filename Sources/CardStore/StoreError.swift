import Foundation

/// Everything that can go wrong in the store, with where it went wrong and what to do.
///
/// Messages carry IDs, file paths and field names only, never a contact's values (names,
/// emails, phones), so they are safe to log and to show in shared terminals.
public enum StoreError: Error, Sendable, Equatable {
    /// The database file or its folder cannot be created, opened or written.
    case cannotOpen(path: String, reason: String)
    /// The file at the store's path is not an SQLite database (a mistyped `--db`, another file).
    case notADatabase(path: String)
    /// A command that only reads was pointed at a store that does not exist; nothing was created.
    case storeNotFound(path: String)
    /// The database was written by a newer cardscan (it has migrations this build does not know).
    case newerSchema(path: String, unknownMigrations: [String])
    /// The image could not be copied into the store's image folder.
    case cannotStoreImage(path: String, reason: String)
    /// The file's bytes changed between hashing and copying (it is still being written).
    case contentChanged(path: String)
    /// A content hash that is not 64 lowercase hexadecimal characters.
    case invalidContentHash(String)
    /// No candidate with this ID.
    case candidateNotFound(Int64)
    /// No contact with this ID.
    case contactNotFound(Int64)
    /// Another reviewer changed the candidate first; nothing was written.
    case candidateConflict(id: Int64, expectedVersion: Int?, current: CandidateState)
    /// Another reviewer changed the contact first; nothing was written.
    case contactConflict(id: Int64, expectedVersion: Int, currentVersion: Int)
    /// The candidate needs a second, different reviewer (confidence below the policy threshold).
    case secondReviewerRequired(id: Int64, firstReviewer: String, confidence: Double, threshold: Double)
    /// The candidate looks like existing contacts; merge it or keep it separate explicitly.
    case possibleDuplicate(id: Int64, contactIDs: [Int64])
    /// A decision cannot be undone (someone else's, or its contact changed since); `reason` says why.
    case undoNotPossible(id: Int64, reason: String)
    /// A field name that `--set` does not know.
    case unknownField(String)
    /// A tag not of the form `key:value`.
    case invalidTag(String)
    /// A value that cannot be stored (bad threshold, unknown format ...).
    case invalidValue(field: String, reason: String)
    /// The database reported an error the store did not expect.
    case database(operation: String, reason: String)
    /// The PostgreSQL server refused the operation: the user lacks the database role it needs.
    case permissionDenied(operation: String, role: String)
    /// A watcher of a shared drop folder no longer holds its claim on the file (its lease ended
    /// and another station took the file): nothing was stored by this watcher.
    case fileClaimLost(name: String)
}

/// Where a candidate stands now, shown to a reviewer who lost a race.
public struct CandidateState: Sendable, Equatable, Codable {
    public var status: CandidateStatus
    public var version: Int
    public var reviewedBy: String?
    public var reviewedAt: Date?
    public var contactID: Int64?

    public init(
        status: CandidateStatus, version: Int, reviewedBy: String?, reviewedAt: Date?, contactID: Int64?
    ) {
        self.status = status
        self.version = version
        self.reviewedBy = reviewedBy
        self.reviewedAt = reviewedAt
        self.contactID = contactID
    }

    /// "accepted by alice at 2026-11-22T16:40:00Z as contact #7 (version 3)".
    public var summary: String {
        var text = status.rawValue.replacingOccurrences(of: "_", with: " ")
        if let reviewedBy { text += " by \(reviewedBy)" }
        if let reviewedAt { text += " at \(ISO8601DateFormatter().string(from: reviewedAt))" }
        if let contactID { text += " as contact #\(contactID)" }
        return text + " (version \(version))"
    }
}

extension StoreError: CustomStringConvertible, LocalizedError {
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            if path.hasPrefix("postgres://") {
                return "Cannot open the store at \(path): \(reason)."
            }
            return "Cannot open the store at \(path): \(reason). Check that the folder is writable "
                + "by you, or pass --db PATH (or set CARDSCAN_DB) to use another file."
        case .notADatabase(let path):
            return "\(path) is not a cardscan store (the file is not an SQLite database). Check the --db path "
                + "(or CARDSCAN_DB); the file was not changed."
        case .storeNotFound(let path):
            return "No store at \(path): nothing has been scanned into it, and reading commands never create one. "
                + "Check the --db path (or CARDSCAN_DB), or run `cardscan scan` first."
        case .newerSchema(let path, let unknown):
            return "The store at \(path) was written by a newer cardscan (unknown migrations: "
                + "\(unknown.joined(separator: ", "))). Upgrade cardscan; this version will not write to it."
        case .cannotStoreImage(let path, let reason):
            return "Cannot copy \(path) into the store's image folder: \(reason). Check free space and "
                + "permissions of the store folder."
        case .contentChanged(let path):
            return "\(path) changed while it was being stored (still being written?). Wait until the "
                + "copy is complete and scan it again."
        case .invalidContentHash(let hash):
            return "Invalid content hash '\(hash.prefix(80))': expected 64 lowercase hex digits (SHA-256). "
                + "This is a bug in the caller; please report it."
        case .candidateNotFound(let id):
            return "No candidate #\(id) in the queue. Run `cardscan queue list --status all` to see the IDs."
        case .contactNotFound(let id):
            return "No contact #\(id). Run `cardscan contacts list` to see the IDs."
        case .candidateConflict(let id, let expected, let current):
            let expectation = expected.map { " (you had version \($0))" } ?? ""
            return "Candidate #\(id) was changed by someone else first\(expectation): it is now "
                + "\(current.summary). Nothing was written. Run `cardscan queue show \(id)` to see it."
        case .contactConflict(let id, let expected, let current):
            return "Contact #\(id) was changed by someone else first (you had version \(expected), it is "
                + "now version \(current)). Nothing was written. Run `cardscan contacts show \(id)` and retry."
        case .secondReviewerRequired(let id, let first, let confidence, let threshold):
            return "Candidate #\(id) has confidence \(String(format: "%.2f", confidence)), below the "
                + "second-review threshold \(String(format: "%.2f", threshold)), and was first confirmed by "
                + "\(first). A different reviewer must accept it (run as that person or pass --reviewer NAME)."
        case .possibleDuplicate(let id, let contacts):
            let list = contacts.map { "#\($0)" }.joined(separator: ", ")
            return "Candidate #\(id) is a possible duplicate of contact \(list). Merge it with "
                + "`cardscan queue merge \(id) --into \(contacts.first ?? 0)`, or accept it as a new contact "
                + "with --keep-separate. `cardscan queue show \(id)` lists the differing fields."
        case .undoNotPossible(let id, let reason):
            return "Cannot undo the decision on candidate #\(id): \(reason). Nothing was changed."
        case .unknownField(let field):
            return "Unknown field '\(field)'. Fields: "
                + EditableField.allCases.map(\.rawValue).joined(separator: ", ") + "."
        case .invalidTag(let tag):
            return "Invalid tag '\(tag)': use key:value, such as customer-type:prospect, industry:retail, "
                + "region:emea."
        case .invalidValue(let field, let reason):
            return "Invalid value for \(field): \(reason)."
        case .database(let operation, let reason):
            return "The store failed while trying to \(operation): \(reason). Retry; if it persists, run "
                + "`sqlite3 DB 'PRAGMA integrity_check'` (SQLite) or check the server's log (PostgreSQL) "
                + "and report the message."
        case .fileClaimLost(let name):
            return "\(name): this watcher's claim on the file ended and another station took it; nothing was "
                + "stored here (the other station stores the file). Raise --claim-seconds if reading files takes longer."
        case .permissionDenied(let operation, let role):
            return "The database refused to let you \(operation): that needs the \(role) role. Ask the "
                + "database administrator to `GRANT \(role) TO <your user>`, or use the credentials of "
                + "someone who has it (sql/postgres-roles.sql lists what each role may do)."
        }
    }

    public var errorDescription: String? { description }
}
