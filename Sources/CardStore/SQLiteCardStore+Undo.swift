import CardModel
import Foundation
import GRDB

extension SQLiteCardStore {
    public func undoDecision(_ id: Int64, reviewer: String, expectedVersion: Int) throws(StoreError) -> Candidate {
        let candidate = try write("undo a decision") { db -> Candidate in
            let candidate = try fetchCandidate(db, id)
            guard candidate.version == expectedVersion else {
                throw StoreError.candidateConflict(id: id, expectedVersion: expectedVersion, current: candidate.state)
            }
            let decidedBy = candidate.status == .awaitingSecondReview ? candidate.firstReviewer : candidate.reviewedBy
            guard candidate.status != .pending, let decidedBy else {
                throw StoreError.undoNotPossible(id: id, reason: "it has no decision to undo")
            }
            guard decidedBy == reviewer else {
                throw StoreError.undoNotPossible(id: id, reason: "the decision was made by \(decidedBy), not by you")
            }
            let timestamp = now()
            var contactID: Int64?
            switch candidate.status {
            case .accepted, .merged:
                guard let contact = candidate.contactID else {
                    throw StoreError.undoNotPossible(id: id, reason: "it names no contact")
                }
                contactID = contact
                // Nothing else may have touched the contact since: my decision is its last audit row.
                let last = try Row.fetchOne(
                    db,
                    sql: "SELECT action, entity, entity_id FROM audit WHERE contact_id = ? ORDER BY id DESC LIMIT 1",
                    arguments: [contact])
                let action = candidate.status == .accepted ? "accept" : "merge"
                guard let last, last["entity"] as String == "candidate", last["entity_id"] as Int64 == id,
                    last["action"] as String == action
                else {
                    throw StoreError.undoNotPossible(
                        id: id, reason: "contact #\(contact) was changed after your decision")
                }
                if candidate.status == .accepted {
                    try db.execute(
                        sql: "UPDATE candidate SET contact_id = NULL, status = 'pending', reviewed_by = NULL, "
                            + "reviewed_at = NULL, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                        arguments: [timestamp, id, expectedVersion])
                    let others = try Int.fetchOne(
                        db, sql: "SELECT count(*) FROM candidate WHERE contact_id = ?", arguments: [contact]) ?? 0
                    guard others == 0 else {
                        throw StoreError.undoNotPossible(id: id, reason: "contact #\(contact) has other cards")
                    }
                    try db.execute(sql: "DELETE FROM contact WHERE id = ?", arguments: [contact])
                    try appendAudit(
                        db, actor: reviewer, action: "edit", entity: "contact", entityID: contact, contactID: contact,
                        old: nil, new: Self.json(["undo_of": "accept", "removed": "contact #\(contact)"]))
                } else {
                    // The contact gets back the values it had before the merge (its audit row's old values).
                    let before = try String.fetchOne(
                        db,
                        sql: """
                            SELECT old_values FROM audit WHERE contact_id = ? AND entity = 'contact' AND action = 'merge'
                            ORDER BY id DESC LIMIT 1
                            """, arguments: [contact])
                    guard let fields = try Self.decode(ContactFields.self, before) else {
                        throw StoreError.undoNotPossible(id: id, reason: "the contact's values before the merge are not recorded")
                    }
                    let existing = try fetchContact(db, contact)
                    try updateContact(db, existing: existing, fields: fields, tags: existing.tags, at: timestamp)
                    try appendAudit(
                        db, actor: reviewer, action: "edit", entity: "contact", entityID: contact, contactID: contact,
                        old: Self.json(existing.fields), new: Self.json(fields))
                    try db.execute(
                        sql: "UPDATE candidate SET contact_id = NULL, status = 'pending', reviewed_by = NULL, "
                            + "reviewed_at = NULL, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                        arguments: [timestamp, id, expectedVersion])
                }
            case .rejected:
                try db.execute(
                    sql: "UPDATE candidate SET status = 'pending', reject_reason = NULL, reviewed_by = NULL, "
                        + "reviewed_at = NULL, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                    arguments: [timestamp, id, expectedVersion])
            case .awaitingSecondReview:
                try db.execute(
                    sql: "UPDATE candidate SET status = 'pending', first_reviewer = NULL, first_review_fields = NULL, "
                        + "first_review_tags = NULL, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                    arguments: [timestamp, id, expectedVersion])
            case .pending:
                break
            }
            // The audit schema's actions are fixed by a released migration: the undo is an edit of
            // the candidate whose values name what was undone.
            try appendAudit(
                db, actor: reviewer, action: "edit", entity: "candidate", entityID: id, contactID: contactID,
                old: Self.json(["status": candidate.status.rawValue]),
                new: Self.json(["status": CandidateStatus.pending.rawValue, "undo_of": candidate.status.rawValue]))
            return try fetchCandidate(db, id)
        }
        logger.info("decision undone", metadata: ["candidate.id": "\(id)"])
        return candidate
    }
}
