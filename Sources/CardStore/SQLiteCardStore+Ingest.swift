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
