import GRDB

/// The store's schema as named, append-only migrations.
///
/// Never edit a released migration: add a new one (GRDB Migrations.md: "Each migration runs
/// only once ... Migrations are not meant to be modified once they have shipped"). The
/// migration identifiers are recorded in the `grdb_migrations` table of every database.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-22 v1 queue, contacts, audit") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("2026-11-22 v2 first-review tags") { db in
            // The first of two reviewers may tag the card too; the second review used to drop them.
            try db.execute(
                sql: """
                    ALTER TABLE candidate ADD COLUMN first_review_tags TEXT
                        CHECK (first_review_tags IS NULL OR json_valid(first_review_tags))
                    """)
        }
        migrator.registerMigration("2026-12-02 v3 contact identity, parts, context, origin") { db in
            try db.execute(sql: v3)
            // Every existing contact gets its own stable identity now, never the row number.
            for id in try Int64.fetchAll(db, sql: "SELECT id FROM contact WHERE uid IS NULL") {
                try db.execute(
                    sql: "UPDATE contact SET uid = ? WHERE id = ?", arguments: [Contact.newUID(), id])
            }
        }
        migrator.registerMigration("2026-12-02 v4 carddav push records") { db in
            // What was pushed to which address book: the resource, its ETag, and a hash of the
            // vCard sent, so the next push sends only changes and deletes erased contacts. No
            // contact values: an erasure leaves only the UID, resource name and ETag here until
            // the next push deletes the resource and the row.
            try db.execute(
                sql: """
                    CREATE TABLE carddav_push (
                        server TEXT NOT NULL CHECK (server <> ''),
                        uid TEXT NOT NULL CHECK (uid <> ''),
                        href TEXT NOT NULL,
                        etag TEXT,
                        content_hash TEXT NOT NULL CHECK (length(content_hash) = 64),
                        pushed_at DATETIME NOT NULL,
                        PRIMARY KEY (server, uid)
                    ) WITHOUT ROWID
                    """)
        }
        migrator.registerMigration("2026-12-02 v5 review claims") { db in
            // A reviewer's claim on a card, with a lease: reviewers on several terminals get different cards.
            try db.execute(
                sql: """
                    ALTER TABLE candidate ADD COLUMN claimed_by TEXT;
                    ALTER TABLE candidate ADD COLUMN claim_expires_at DATETIME;
                    """)
        }
        return migrator
    }

    /// Stable UIDs (vCard `UID`, CardDAV resource names), structured name and address parts
    /// beside the printed forms, the rep's note and event on cards and contacts, where a
    /// contact came from, and what was pushed to which CardDAV address book.
    static let v3 = """
        ALTER TABLE contact ADD COLUMN uid TEXT;
        CREATE UNIQUE INDEX contact_uid ON contact(uid);
        ALTER TABLE contact ADD COLUMN name_parts TEXT
            CHECK (name_parts IS NULL OR json_valid(name_parts));
        ALTER TABLE contact ADD COLUMN address_parts TEXT
            CHECK (address_parts IS NULL OR json_valid(address_parts));
        ALTER TABLE contact ADD COLUMN note TEXT;
        ALTER TABLE contact ADD COLUMN event TEXT;
        ALTER TABLE contact ADD COLUMN origin TEXT NOT NULL DEFAULT 'scanned'
            CHECK (origin IN ('scanned', 'imported'));
        ALTER TABLE scan ADD COLUMN note TEXT;
        ALTER TABLE scan ADD COLUMN event TEXT;
        """

    static let candidateStatuses = CandidateStatus.allCases.map { "'\($0.rawValue)'" }.joined(separator: ",")
    static let auditActions = [
        "enqueue", "record_failure", "first_review", "accept", "reject", "merge", "create", "edit", "erase",
        "setting",
    ].map { "'\($0)'" }.joined(separator: ",")

    static let v1 = """
        CREATE TABLE scan (
            id INTEGER PRIMARY KEY,
            content_hash TEXT UNIQUE CHECK (content_hash IS NULL OR length(content_hash) = 64),
            source_path TEXT NOT NULL,
            image_file TEXT,
            status TEXT NOT NULL CHECK (status IN ('queued', 'failed')),
            failure_reason TEXT,
            created_at DATETIME NOT NULL,
            updated_at DATETIME NOT NULL,
            CHECK (status = 'failed' OR content_hash IS NOT NULL),
            CHECK ((status = 'failed') = (failure_reason IS NOT NULL))
        );

        CREATE TABLE contact (
            id INTEGER PRIMARY KEY,
            name TEXT,
            title TEXT,
            department TEXT,
            company TEXT,
            address TEXT,
            phones TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(phones)),
            emails TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(emails)),
            websites TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(websites)),
            name_key TEXT NOT NULL DEFAULT '',
            company_key TEXT NOT NULL DEFAULT '',
            search_text TEXT NOT NULL DEFAULT '',
            version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
            created_at DATETIME NOT NULL,
            updated_at DATETIME NOT NULL
        );
        CREATE INDEX contact_company_key ON contact(company_key) WHERE company_key <> '';

        CREATE TABLE contact_email (
            email TEXT NOT NULL,
            contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            PRIMARY KEY (email, contact_id)
        ) WITHOUT ROWID;
        CREATE INDEX contact_email_contact ON contact_email(contact_id);

        CREATE TABLE contact_phone (
            e164 TEXT NOT NULL,
            contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            PRIMARY KEY (e164, contact_id)
        ) WITHOUT ROWID;
        CREATE INDEX contact_phone_contact ON contact_phone(contact_id);

        CREATE TABLE contact_tag (
            contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            key TEXT NOT NULL CHECK (key <> ''),
            value TEXT NOT NULL CHECK (value <> ''),
            PRIMARY KEY (contact_id, key, value)
        ) WITHOUT ROWID;

        CREATE TABLE candidate (
            id INTEGER PRIMARY KEY,
            scan_id INTEGER NOT NULL REFERENCES scan(id) ON DELETE CASCADE,
            card_index INTEGER NOT NULL CHECK (card_index >= 0),
            page INTEGER NOT NULL CHECK (page >= 0),
            bbox TEXT,
            fields TEXT NOT NULL CHECK (json_valid(fields)),
            ocr_text TEXT NOT NULL,
            confidence REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
            name TEXT,
            company TEXT,
            email TEXT,
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN (\(candidateStatuses))),
            version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
            contact_id INTEGER REFERENCES contact(id),
            first_reviewer TEXT,
            first_review_fields TEXT CHECK (first_review_fields IS NULL OR json_valid(first_review_fields)),
            reviewed_by TEXT,
            reviewed_at DATETIME,
            reject_reason TEXT,
            created_at DATETIME NOT NULL,
            updated_at DATETIME NOT NULL,
            UNIQUE (scan_id, page, card_index),
            CHECK ((status IN ('accepted', 'merged')) = (contact_id IS NOT NULL)),
            CHECK ((status = 'awaiting_second_review') = (first_reviewer IS NOT NULL)),
            CHECK ((status IN ('accepted', 'merged', 'rejected')) = (reviewed_by IS NOT NULL))
        );
        CREATE INDEX candidate_status ON candidate(status, id);
        CREATE INDEX candidate_scan ON candidate(scan_id);
        CREATE INDEX candidate_contact ON candidate(contact_id) WHERE contact_id IS NOT NULL;

        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at DATETIME NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN (\(auditActions))),
            entity TEXT NOT NULL CHECK (entity IN ('scan', 'candidate', 'contact', 'store')),
            entity_id INTEGER NOT NULL,
            contact_id INTEGER,
            old_values TEXT,
            new_values TEXT,
            redacted INTEGER NOT NULL DEFAULT 0 CHECK (redacted IN (0, 1))
        );
        CREATE INDEX audit_contact ON audit(contact_id) WHERE contact_id IS NOT NULL;
        CREATE INDEX audit_entity ON audit(entity, entity_id);

        -- Append-only: rows are never deleted; an update may only erase a row's values.
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN
            SELECT RAISE(ABORT, 'audit rows are never deleted');
        END;
        CREATE TRIGGER audit_only_redaction BEFORE UPDATE ON audit
        WHEN NOT (NEW.redacted = 1 AND NEW.old_values IS NULL AND NEW.new_values IS NULL
                  AND NEW.id = OLD.id AND NEW.at IS OLD.at AND NEW.actor IS OLD.actor
                  AND NEW.action IS OLD.action AND NEW.entity IS OLD.entity
                  AND NEW.entity_id IS OLD.entity_id AND NEW.contact_id IS OLD.contact_id)
        BEGIN
            SELECT RAISE(ABORT, 'audit rows are append-only; only an erasure may remove their values');
        END;

        CREATE TABLE setting (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        """
}
