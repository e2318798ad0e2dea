import CardModel
import Foundation

/// The reads and writes of one open store transaction that the review and contact workflows
/// need. Each backend implements these primitives in its own SQL (`SQLiteCardStore.Tx`,
/// `PostgresCardStore.Tx`); the workflows themselves (accept, reject, merge, undo, edit, import)
/// are written once, in ``StoreRules``, so the two stores cannot drift apart (STYLE.md section 10:
/// one contract, every implementation).
protocol StoreTransaction {
    /// The store's one normaliser (every written contact goes through it).
    var normalizer: ContactNormalizer { get }
    /// The store's clock.
    func now() -> Date

    /// A candidate with its scan; with `lock`, other writers of the row wait until this
    /// transaction ends (PostgreSQL `FOR UPDATE`; SQLite holds the whole write lock anyway).
    func candidate(_ id: Int64, lock: Bool) throws -> Candidate
    /// A contact; `lock` as for ``candidate(_:lock:)``.
    func contact(_ id: Int64, lock: Bool) throws -> Contact
    /// The contact stored under a UID, if any.
    func contactID(uid: String) throws -> Int64?
    /// The store-wide second-review threshold.
    func storedThreshold() throws -> Double?
    /// The contacts that may be the same person as `fields`, with the reasons (index lookups).
    func duplicateReasons(of fields: ContactFields, excluding: Int64?) throws -> [Int64: [DuplicateReason]]

    /// Makes a concurrent accept of the same person wait for this one, so its duplicate check
    /// sees this transaction's contact (PostgreSQL; SQLite's single writer already does).
    func lockPersonKeys(_ fields: ContactFields) throws
    /// Makes every other writer of contacts wait until this import ends, and this import wait
    /// for those in flight (PostgreSQL; SQLite's single writer already does).
    func lockContactsForImport() throws

    /// Inserts a contact (normalised), its index rows and its `create` audit row; returns its ID.
    func insertContact(
        _ fields: ContactFields, tags: [Tag], actor: String, at: Date, uid: String, origin: ContactOrigin,
        auditDetails: [String: String]
    ) throws -> Int64
    /// Rewrites a contact (normalised) at its read version and bumps the version; throws
    /// ``StoreError/contactConflict(id:expectedVersion:currentVersion:)`` unless exactly that row changed.
    func updateContact(_ existing: Contact, fields: ContactFields, tags: [Tag], at: Date) throws
    /// Deletes the contact an undone accept created (PostgreSQL: through a function that checks
    /// it is exactly that, since reviewers may not delete contacts).
    func removeUndoneContact(_ id: Int64, undoneCandidate: Int64) throws
    /// Writes a candidate's new state `WHERE id = ? AND version = <read version>`; returns the
    /// number of rows changed (the caller checks it is one).
    func setCandidate(_ candidate: Candidate, to change: CandidateChange, at: Date) throws -> Int

    func appendAudit(
        actor: String, action: String, entity: String, entityID: Int64, contactID: Int64?, old: String?,
        new: String?
    ) throws
    /// The newest audit row about a contact.
    func lastAudit(ofContact id: Int64) throws -> (action: String, entity: String, entityID: Int64)?
    /// The contact's values before its latest merge (the old values of its `merge` audit row).
    func valuesBeforeMerge(ofContact id: Int64) throws -> String?
    /// How many candidates were accepted as or merged into the contact.
    func candidateCount(ofContact id: Int64) throws -> Int

    /// Runs after accept wrote the contact and before it updates the card (SQLite's test-only
    /// fault injection pauses here; PostgreSQL does nothing).
    func afterAcceptInsert()

    // Reads for the duplicate listing and for erasure's "who is the person".

    /// Every pair of contacts (lower ID first) sharing an e-mail or E.164 phone index row.
    func contactPairsSharingKey() throws -> [(Int64, Int64)]
    /// ID, name key and company key of every contact with a company key.
    func contactNameKeysWithCompany() throws -> [(id: Int64, nameKey: String, companyKey: String)]
    /// Candidates not attached to a contact (pending, awaiting review, rejected) with their
    /// extracted and first-confirmed values; with `lock`, locked against other writers.
    func unattachedCandidates(lock: Bool) throws -> [(
        id: Int64, fields: ContactFields?, confirmed: ContactFields?
    )]
    /// Recorded failures with their file name and reason as one text.
    func failureTexts() throws -> [(id: Int64, text: String)]
    /// Contacts with any of these e-mail keys or phone keys in their index rows.
    func contactsSharing(emails: [String], phones: [String]) throws -> Set<Int64>
}

/// A change of a candidate's review state (see ``StoreTransaction/setCandidate(_:to:at:)``).
enum CandidateChange {
    /// The first of two reviews: awaiting a second reviewer, with the values and tags confirmed.
    case firstReview(reviewer: String, fields: ContactFields, tags: [Tag])
    case accepted(contactID: Int64, reviewer: String)
    case merged(contactID: Int64, reviewer: String)
    case rejected(reason: String?, reviewer: String)
    /// Back to pending: the undo of the decision the card is in now.
    case reopened
}

// MARK: - Review decisions

extension StoreRules {
    /// Refuses a threshold outside 0...1 before any transaction starts.
    static func checkPolicy(_ policy: ReviewPolicy) throws(StoreError) {
        if let threshold = policy.secondReviewBelow, !(0...1).contains(threshold) {
            throw .invalidValue(field: "second-review threshold", reason: "must be between 0 and 1")
        }
    }

    /// After a versioned UPDATE of a candidate: exactly one row changed, or someone else won.
    static func requireOneRow(_ changed: Int, _ tx: some StoreTransaction, _ candidate: Candidate) throws {
        guard changed == 1 else {
            let current = (try? tx.candidate(candidate.id, lock: false).state) ?? candidate.state
            throw StoreError.candidateConflict(
                id: candidate.id, expectedVersion: candidate.version, current: current)
        }
    }

    /// The first reviewer of a low-confidence card cannot finish it alone (by accept or merge).
    static func requireSecondReviewer(_ candidate: Candidate, reviewer: String, threshold: Double?) throws {
        if candidate.status == .awaitingSecondReview, let first = candidate.firstReviewer, first == reviewer {
            throw StoreError.secondReviewerRequired(
                id: candidate.id, firstReviewer: first, confidence: candidate.confidence,
                threshold: threshold ?? 1)
        }
    }

    /// See ``CardStoring/accept(_:edits:tags:reviewer:expectedVersion:policy:)``.
    static func accept(
        _ tx: some StoreTransaction, _ id: Int64, edits: [FieldEdit], tags: [Tag], reviewer: String,
        expectedVersion: Int?, policy: ReviewPolicy
    ) throws -> AcceptOutcome {
        let candidate = try tx.candidate(id, lock: true)
        try requireOpen(candidate, expectedVersion: expectedVersion)
        let threshold = [try tx.storedThreshold(), policy.secondReviewBelow].compactMap { $0 }.max()
        let fields = reviewedFields(candidate, edits: edits, normalizer: tx.normalizer)
        try tx.lockPersonKeys(fields)
        if !policy.keepSeparate {
            let duplicates = try tx.duplicateReasons(of: fields, excluding: nil)
            if !duplicates.isEmpty {
                throw StoreError.possibleDuplicate(id: id, contactIDs: duplicates.keys.sorted())
            }
        }
        let timestamp = tx.now()
        let oldValues = try SQLiteCardStore.json(
            AuditValues(
                status: candidate.status,
                fields: candidate.firstReviewFields ?? ContactFields(candidate.fields)))
        if candidate.status == .pending, let threshold, candidate.confidence < threshold {
            let changed = try tx.setCandidate(
                candidate, to: .firstReview(reviewer: reviewer, fields: fields, tags: tags), at: timestamp)
            try requireOneRow(changed, tx, candidate)
            try tx.appendAudit(
                actor: reviewer, action: "first_review", entity: "candidate", entityID: id, contactID: nil,
                old: oldValues,
                new: SQLiteCardStore.json(AuditValues(status: .awaitingSecondReview, fields: fields)))
            return .awaitingSecondReview(try tx.candidate(id, lock: false))
        }
        try requireSecondReviewer(candidate, reviewer: reviewer, threshold: threshold)
        let allTags = Array(Set((candidate.firstReviewTags ?? []) + tags)).sorted()
        let contactID = try tx.insertContact(
            fields, tags: allTags, actor: reviewer, at: timestamp, uid: Contact.newUID(), origin: .scanned,
            auditDetails: [:])
        tx.afterAcceptInsert()
        let changed = try tx.setCandidate(
            candidate, to: .accepted(contactID: contactID, reviewer: reviewer), at: timestamp)
        try requireOneRow(changed, tx, candidate)
        try tx.appendAudit(
            actor: reviewer, action: "accept", entity: "candidate", entityID: id, contactID: contactID,
            old: oldValues,
            new: SQLiteCardStore.json(AuditValues(status: .accepted, fields: fields, contactID: contactID)))
        return .committed(try tx.contact(contactID, lock: false))
    }

    /// See ``CardStoring/reject(_:reason:reviewer:expectedVersion:)``.
    static func reject(
        _ tx: some StoreTransaction, _ id: Int64, reason: String?, reviewer: String, expectedVersion: Int?
    ) throws -> Candidate {
        let candidate = try tx.candidate(id, lock: true)
        try requireOpen(candidate, expectedVersion: expectedVersion)
        let changed = try tx.setCandidate(
            candidate, to: .rejected(reason: reason, reviewer: reviewer), at: tx.now())
        try requireOneRow(changed, tx, candidate)
        try tx.appendAudit(
            actor: reviewer, action: "reject", entity: "candidate", entityID: id, contactID: nil,
            old: SQLiteCardStore.json(["status": candidate.status.rawValue]),
            new: SQLiteCardStore.json(["status": CandidateStatus.rejected.rawValue, "reason": reason ?? ""]))
        return try tx.candidate(id, lock: false)
    }

    /// See ``CardStoring/merge(_:into:take:edits:reviewer:expectedVersion:)``.
    static func merge(
        _ tx: some StoreTransaction, _ id: Int64, into contactID: Int64, take: Set<String>,
        edits: [FieldEdit],
        reviewer: String, expectedVersion: Int?
    ) throws -> Contact {
        let candidate = try tx.candidate(id, lock: true)
        try requireOpen(candidate, expectedVersion: expectedVersion)
        if candidate.status == .awaitingSecondReview {
            try requireSecondReviewer(candidate, reviewer: reviewer, threshold: try tx.storedThreshold())
        }
        let existing = try tx.contact(contactID, lock: true)
        let incoming = reviewedFields(candidate, edits: [], normalizer: tx.normalizer)
        let merged = StoreRules.merged(
            existing.fields, with: incoming, take: take, edits: edits, normalizer: tx.normalizer)
        let timestamp = tx.now()
        try tx.updateContact(existing, fields: merged, tags: existing.tags, at: timestamp)
        try tx.appendAudit(
            actor: reviewer, action: "merge", entity: "contact", entityID: contactID, contactID: contactID,
            old: SQLiteCardStore.json(existing.fields), new: SQLiteCardStore.json(merged))
        let changed = try tx.setCandidate(
            candidate, to: .merged(contactID: contactID, reviewer: reviewer), at: timestamp)
        try requireOneRow(changed, tx, candidate)
        try tx.appendAudit(
            actor: reviewer, action: "merge", entity: "candidate", entityID: id, contactID: contactID,
            old: SQLiteCardStore.json(AuditValues(status: candidate.status, fields: incoming)),
            new: SQLiteCardStore.json(AuditValues(status: .merged, fields: merged, contactID: contactID)))
        return try tx.contact(contactID, lock: false)
    }

    /// See ``CardStoring/undoDecision(_:reviewer:expectedVersion:)``.
    static func undo(_ tx: some StoreTransaction, _ id: Int64, reviewer: String, expectedVersion: Int) throws
        -> Candidate
    {
        let candidate = try tx.candidate(id, lock: true)
        guard candidate.version == expectedVersion else {
            throw StoreError.candidateConflict(
                id: id, expectedVersion: expectedVersion, current: candidate.state)
        }
        let decidedBy =
            candidate.status == .awaitingSecondReview ? candidate.firstReviewer : candidate.reviewedBy
        guard candidate.status != .pending, let decidedBy else {
            throw StoreError.undoNotPossible(id: id, reason: "it has no decision to undo")
        }
        guard decidedBy == reviewer else {
            throw StoreError.undoNotPossible(
                id: id, reason: "the decision was made by \(decidedBy), not by you")
        }
        let timestamp = tx.now()
        var contactID: Int64?
        switch candidate.status {
        case .accepted, .merged:
            guard let contact = candidate.contactID else {
                throw StoreError.undoNotPossible(id: id, reason: "it names no contact")
            }
            contactID = contact
            let existing = try tx.contact(contact, lock: true)
            // Nothing else may have touched the contact since: my decision is its last audit row.
            let action = candidate.status == .accepted ? "accept" : "merge"
            guard let last = try tx.lastAudit(ofContact: contact), last.entity == "candidate",
                last.entityID == id, last.action == action
            else {
                throw StoreError.undoNotPossible(
                    id: id, reason: "contact #\(contact) was changed after your decision")
            }
            if candidate.status == .accepted {
                try requireOneRow(try tx.setCandidate(candidate, to: .reopened, at: timestamp), tx, candidate)
                guard try tx.candidateCount(ofContact: contact) == 0 else {
                    throw StoreError.undoNotPossible(id: id, reason: "contact #\(contact) has other cards")
                }
                try tx.removeUndoneContact(contact, undoneCandidate: id)
                try tx.appendAudit(
                    actor: reviewer, action: "edit", entity: "contact", entityID: contact, contactID: contact,
                    old: nil,
                    new: SQLiteCardStore.json(["undo_of": "accept", "removed": "contact #\(contact)"]))
            } else {
                // The contact gets back the values it had before the merge (its audit row's old values).
                guard
                    let fields = try SQLiteCardStore.decode(
                        ContactFields.self, try tx.valuesBeforeMerge(ofContact: contact))
                else {
                    throw StoreError.undoNotPossible(
                        id: id, reason: "the contact's values before the merge are not recorded")
                }
                try tx.updateContact(existing, fields: fields, tags: existing.tags, at: timestamp)
                try tx.appendAudit(
                    actor: reviewer, action: "edit", entity: "contact", entityID: contact, contactID: contact,
                    old: SQLiteCardStore.json(existing.fields), new: SQLiteCardStore.json(fields))
                try requireOneRow(try tx.setCandidate(candidate, to: .reopened, at: timestamp), tx, candidate)
            }
        case .rejected, .awaitingSecondReview:
            try requireOneRow(try tx.setCandidate(candidate, to: .reopened, at: timestamp), tx, candidate)
        case .pending:
            break
        }
        // The audit schema's actions are fixed by a released migration: the undo is an edit of
        // the candidate whose values name what was undone.
        try tx.appendAudit(
            actor: reviewer, action: "edit", entity: "candidate", entityID: id, contactID: contactID,
            old: SQLiteCardStore.json(["status": candidate.status.rawValue]),
            new: SQLiteCardStore.json([
                "status": CandidateStatus.pending.rawValue, "undo_of": candidate.status.rawValue,
            ]))
        return try tx.candidate(id, lock: false)
    }
}

// MARK: - Duplicates and the person of a contact

extension StoreRules {
    /// Contacts that may be the same person as `fields`, with the reasons and the fields that differ.
    static func findDuplicates(_ tx: some StoreTransaction, of fields: ContactFields, excluding: Int64?)
        throws
        -> [DuplicateMatch]
    {
        let reasons = try tx.duplicateReasons(of: fields, excluding: excluding)
        return try reasons.keys.sorted().map { id in
            let contact = try tx.contact(id, lock: false)
            return DuplicateMatch(
                contactID: id, reasons: reasons[id] ?? [], differences: differences(fields, contact.fields))
        }
    }

    /// For every contact, the other contacts it may duplicate (same e-mail, same phone, or a close
    /// name at the same company): the contacts listing's relation.
    static func duplicatePairs(_ tx: some StoreTransaction) throws -> [Int64: Set<Int64>] {
        var pairs: [Int64: Set<Int64>] = [:]
        func add(_ a: Int64, _ b: Int64) {
            pairs[a, default: []].insert(b)
            pairs[b, default: []].insert(a)
        }
        for (a, b) in try tx.contactPairsSharingKey() { add(a, b) }
        var byCompany: [String: [(Int64, String)]] = [:]
        for row in try tx.contactNameKeysWithCompany() {
            byCompany[row.companyKey, default: []].append((row.id, row.nameKey))
        }
        for group in byCompany.values where group.count > 1 {
            for i in 0..<group.count {
                for j in (i + 1)..<group.count where ContactNormalizer.namesAreClose(group[i].1, group[j].1) {
                    add(group[i].0, group[j].0)
                }
            }
        }
        return pairs
    }

    /// The person of contact `id`: its own candidates, the open or rejected cards sharing an
    /// e-mail or phone with it (or linked by a reviewer), the failure records naming it, and the
    /// other contacts sharing a key. With `lock`, the rows are locked against other writers.
    static func collectPerson(_ tx: some StoreTransaction, _ id: Int64, alsoCandidates: [Int64], lock: Bool)
        throws
        -> (contact: Contact, candidateIDs: [Int64], failureIDs: [Int64], others: [Int64])
    {
        let contact = try tx.contact(id, lock: lock)
        var keys = PersonKeys(contact.fields)
        var ids = Set(contact.candidateIDs)
        for row in try tx.unattachedCandidates(lock: lock)
        where keys.matches(row.fields) || keys.matches(row.confirmed) {
            ids.insert(row.id)
        }
        for extra in alsoCandidates {
            let candidate = try tx.candidate(extra, lock: lock)
            if let owner = candidate.contactID, owner != id {
                throw StoreError.invalidValue(
                    field: "--also-candidate \(extra)",
                    reason: "it belongs to contact #\(owner); erase that contact (or leave the card out)")
            }
            ids.insert(extra)
            keys.add(reviewedFields(candidate, edits: [], normalizer: tx.normalizer))
        }
        let failures = try tx.failureTexts().filter { keys.mentioned(in: $0.text) }.map(\.id)
        var others = try tx.contactsSharing(emails: keys.emails.sorted(), phones: keys.phones.sorted())
        others.remove(id)
        return (contact, ids.sorted(), failures, others.sorted())
    }
}

// MARK: - Contacts

extension StoreRules {
    /// See ``CardStoring/editContact(_:edits:addTags:removeTags:actor:expectedVersion:)``.
    static func edit(
        _ tx: some StoreTransaction, _ id: Int64, edits: [FieldEdit], addTags: [Tag], removeTags: [Tag],
        actor: String, expectedVersion: Int?
    ) throws -> Contact {
        let existing = try tx.contact(id, lock: true)
        if let expectedVersion, expectedVersion != existing.version {
            throw StoreError.contactConflict(
                id: id, expectedVersion: expectedVersion, currentVersion: existing.version)
        }
        let fields = tx.normalizer.apply(edits, to: existing.fields)
        var tags = Set(existing.tags)
        tags.subtract(removeTags)
        tags.formUnion(addTags)
        let newTags = tags.sorted()
        try tx.updateContact(existing, fields: fields, tags: newTags, at: tx.now())
        try tx.appendAudit(
            actor: actor, action: "edit", entity: "contact", entityID: id, contactID: id,
            old: SQLiteCardStore.json(ContactAuditValues(fields: existing.fields, tags: existing.tags)),
            new: SQLiteCardStore.json(ContactAuditValues(fields: fields, tags: newTags)))
        return try tx.contact(id, lock: false)
    }

    /// See ``CardStoring/importContacts(_:source:actor:)``.
    static func importContacts(
        _ tx: some StoreTransaction, _ contacts: [ImportedContact], source: String, actor: String
    ) throws -> ImportReport {
        try tx.lockContactsForImport()
        var report = ImportReport(
            source: source, created: [], updated: [], unchanged: [], possibleDuplicates: [:])
        let timestamp = tx.now()
        var written: [(Int64, ContactFields)] = []
        for item in contacts {
            let uid = item.storedUID
            let fields = tx.normalizer.normalized(item.fields)
            let tags = Array(Set(item.tags)).sorted()
            let details = ["file": source, "line": "\(item.line)"]
            if let id = try tx.contactID(uid: uid) {
                let existing = try tx.contact(id, lock: true)
                // A scanned contact is never overwritten by a file; an unchanged one is left alone.
                if existing.origin == .scanned || (existing.fields == fields && existing.tags == tags) {
                    report.unchanged.append(id)
                    continue
                }
                try tx.updateContact(existing, fields: fields, tags: tags, at: timestamp)
                try tx.appendAudit(
                    actor: actor, action: "edit", entity: "contact", entityID: id, contactID: id,
                    old: SQLiteCardStore.json(
                        ContactAuditValues(fields: existing.fields, tags: existing.tags)),
                    new: SQLiteCardStore.json(
                        ContactAuditValues(fields: fields, tags: tags, origin: .imported, details: details)))
                report.updated.append(id)
                written.append((id, fields))
            } else {
                let id = try tx.insertContact(
                    fields, tags: tags, actor: actor, at: timestamp, uid: uid, origin: .imported,
                    auditDetails: details)
                report.created.append(id)
                written.append((id, fields))
            }
        }
        for (id, fields) in written {
            let matches = try tx.duplicateReasons(of: fields, excluding: id)
            if !matches.isEmpty { report.possibleDuplicates[id] = matches.keys.sorted() }
        }
        return report
    }
}
