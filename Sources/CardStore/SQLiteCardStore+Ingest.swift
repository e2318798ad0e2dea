import Foundation
import GRDB

extension SQLiteCardStore {
    public func existingScan(contentHash: String) throws(StoreError) -> Int64? {
        guard ContentHash.isValid(contentHash) else { throw .invalidContentHash(contentHash) }
        return try read("look up a scan") { db in
            try Int64.fetchOne(
                db, sql: "SELECT id FROM scan WHERE content_hash = ? AND status = 'queued'",
                arguments: [contentHash])
        }
    }
}

extension SQLiteCardStore {
    public func imageFile(ofCandidate id: Int64) throws(StoreError) -> URL? {
        guard let path = try candidate(id).imagePath, FileManager.default.fileExists(atPath: path) else {
            return nil
        }
        return URL(fileURLWithPath: path)
    }

    // MARK: - Review claims

    public func claimNextCandidate(reviewer: String, lease: TimeInterval, excluding: Set<Int64>) throws(StoreError)
        -> Candidate?
    {
        // BEGIN IMMEDIATE: one claimer at a time, so two reviewers never get the same card.
        try write("claim a card to review") { db in
            let timestamp = now()
            let skipped = "[" + excluding.map(String.init).joined(separator: ",") + "]"
            guard
                let id = try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT id FROM candidate
                        WHERE status IN ('pending', 'awaiting_second_review')
                            AND (claimed_by IS NULL OR claimed_by = ? OR claim_expires_at < ?)
                            AND NOT (status = 'awaiting_second_review' AND first_reviewer IS ?)
                            AND id NOT IN (SELECT value FROM json_each(?))
                        ORDER BY id LIMIT 1
                        """, arguments: [reviewer, timestamp, reviewer, skipped])
            else { return nil }
            try db.execute(
                sql: "UPDATE candidate SET claimed_by = ?, claim_expires_at = ? WHERE id = ?",
                arguments: [reviewer, timestamp.addingTimeInterval(lease), id])
            return try fetchCandidate(db, id)
        }
    }

    public func renewClaim(_ id: Int64, reviewer: String, lease: TimeInterval) throws(StoreError) -> Bool {
        try write("renew a claim") { db in
            try db.execute(
                sql: """
                    UPDATE candidate SET claim_expires_at = ?
                    WHERE id = ? AND claimed_by = ? AND status IN ('pending', 'awaiting_second_review')
                    """, arguments: [now().addingTimeInterval(lease), id, reviewer])
            return db.changesCount == 1
        }
    }

    public func releaseClaim(_ id: Int64, reviewer: String) throws(StoreError) {
        try write("release a claim") { db in
            try db.execute(
                sql: """
                    UPDATE candidate SET claimed_by = NULL, claim_expires_at = NULL WHERE id = ? AND claimed_by = ?
                    """, arguments: [id, reviewer])
        }
    }
}

extension SQLiteCardStore {
    // MARK: - Drop folders

    /// A SQLite store lives on one machine: one watcher per folder, enforced by its `flock`.
    public var isShared: Bool { false }

    public func claimFile(folder: String, name: String, holder: String, lease: TimeInterval) throws(StoreError)
        -> Bool
    { true }

    public func renewFileClaim(_ claim: FileClaim) throws(StoreError) -> Bool { true }

    public func releaseFile(folder: String, name: String, holder: String) throws(StoreError) {}
}
