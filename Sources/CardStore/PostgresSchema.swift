import Foundation

/// The PostgreSQL store's schema as named, append-only migrations (the same rule as ``Schema``:
/// never edit a shipped migration, add one). Applied identifiers are rows of `cardscan_migration`.
enum PostgresSchema {
    static let migrations: [(id: String, sql: String)] = [
        ("2026-12-02 pg v1 queue, contacts, audit, images, claims", v1),
        ("2026-12-02 pg v2 contact identity, parts, context, origin", v2),
        ("2026-12-02 pg v3 carddav push records", v3),
        ("2026-12-02 pg v4 undo of an accept", v4),
    ]

    /// The statements of a migration script: split at `;` outside `$$ ... $$` bodies and comments.
    static func statements(_ script: String) -> [String] {
        var result: [String] = []
        var current = ""
        var inBody = false
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("--") && !inBody { continue }
            current += line + "\n"
            if line.components(separatedBy: "$$").count % 2 == 0 { inBody.toggle() }
            if !inBody && trimmed.hasSuffix(";") {
                result.append(current.trimmingCharacters(in: .whitespacesAndNewlines))
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { result.append(rest) }
        return result
    }

    /// The key of the advisory lock that serialises migrations across processes and hosts.
    static let migrationLockKey: Int64 = 0x6361_7264_7363_616E  // "cardscan"

    /// SQLite's v3 on PostgreSQL: stable UIDs (vCard `UID`, CardDAV resource names), name and
    /// address parts beside the printed forms, the rep's note and event on scans and contacts, and
    /// where a contact came from. Adding a column with a volatile default evaluates it per row,
    /// so every existing contact gets its own `urn:uuid:` (gen_random_uuid is built in since 13).
    static let v2 = """
        ALTER TABLE contact ADD COLUMN uid text NOT NULL DEFAULT ('urn:uuid:' || gen_random_uuid()::text)
            CHECK (uid <> '');
        CREATE UNIQUE INDEX contact_uid ON contact(uid);
        ALTER TABLE contact ADD COLUMN name_parts text
            CHECK (name_parts IS NULL OR name_parts::jsonb IS NOT NULL);
        ALTER TABLE contact ADD COLUMN address_parts text
            CHECK (address_parts IS NULL OR address_parts::jsonb IS NOT NULL);
        ALTER TABLE contact ADD COLUMN note text;
        ALTER TABLE contact ADD COLUMN event text;
        ALTER TABLE contact ADD COLUMN origin text NOT NULL DEFAULT 'scanned'
            CHECK (origin IN ('scanned', 'imported'));
        ALTER TABLE scan ADD COLUMN note text;
        ALTER TABLE scan ADD COLUMN event text;
        """

    /// SQLite's v4 on PostgreSQL: what `contacts push` sent to which address book. No contact
    /// values: an erased contact's row keeps only UID, resource and ETag until the next push
    /// deletes the resource and the row.
    static let v3 = """
        CREATE TABLE carddav_push (
            server text NOT NULL CHECK (server <> ''),
            uid text NOT NULL CHECK (uid <> ''),
            href text NOT NULL,
            etag text,
            content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
            pushed_at timestamptz NOT NULL,
            PRIMARY KEY (server, uid)
        );
        """

    /// Undo (`z` in review) of an accept removes the contact the accept created. Reviewers may not
    /// delete contacts (that is erasure, an administrator's right), so the removal goes through
    /// this function, which runs as its owner and deletes only a contact that exists because of
    /// the accept being undone: no card refers to it any more, the card is open again, and the
    /// contact's last audit row is that accept. `sql/postgres-roles.sql` grants EXECUTE to
    /// reviewers; PUBLIC gets nothing. The search path is pinned (security-definer practice).
    static let v4 = """
        CREATE FUNCTION cardscan_undo_accept(target bigint, undone bigint) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER AS $$
        DECLARE last record;
        BEGIN
            IF EXISTS (SELECT 1 FROM candidate WHERE contact_id = target) THEN
                RAISE EXCEPTION 'contact % still has cards: not removed by an undo', target;
            END IF;
            IF NOT EXISTS (SELECT 1 FROM candidate WHERE id = undone
                           AND status IN ('pending', 'awaiting_second_review')) THEN
                RAISE EXCEPTION 'card % is not open again: contact % not removed by an undo', undone, target;
            END IF;
            SELECT action, entity, entity_id INTO last FROM audit WHERE contact_id = target
                ORDER BY id DESC LIMIT 1;
            IF last IS NULL OR last.action <> 'accept' OR last.entity <> 'candidate'
                    OR last.entity_id <> undone THEN
                RAISE EXCEPTION 'contact % changed after the accept of card %: not removed by an undo',
                    target, undone;
            END IF;
            DELETE FROM contact WHERE id = target AND origin = 'scanned';
            IF NOT FOUND THEN
                RAISE EXCEPTION 'no scanned contact %', target;
            END IF;
        END $$;
        REVOKE ALL ON FUNCTION cardscan_undo_accept(bigint, bigint) FROM PUBLIC;
        DO $$
        BEGIN
            EXECUTE format('ALTER FUNCTION cardscan_undo_accept(bigint, bigint) SET search_path = %I, pg_temp',
                current_schema());
        END $$;
        """

    static let v1 = """
        CREATE TABLE cardscan_migration (
            id text PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE scan (
            id bigserial PRIMARY KEY,
            content_hash text UNIQUE CHECK (content_hash IS NULL OR content_hash ~ '^[0-9a-f]{64}$'),
            source_path text NOT NULL,
            image_file text,
            status text NOT NULL CHECK (status IN ('queued', 'failed')),
            failure_reason text,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            CHECK (status = 'failed' OR content_hash IS NOT NULL),
            CHECK ((status = 'failed') = (failure_reason IS NOT NULL))
        );
        -- One failure row per unreadable path, even when two stations record it at once.
        CREATE UNIQUE INDEX scan_unreadable_path ON scan(source_path)
            WHERE content_hash IS NULL AND status = 'failed';

        -- The stored copy of each scanned file, addressed by content hash, so that a reviewer on
        -- another machine sees the card. Written in the enqueue transaction (no orphans).
        CREATE TABLE image (
            content_hash text PRIMARY KEY CHECK (content_hash ~ '^[0-9a-f]{64}$'),
            file_name text NOT NULL,
            bytes bytea NOT NULL,
            created_at timestamptz NOT NULL
        );

        CREATE TABLE contact (
            id bigserial PRIMARY KEY,
            name text,
            title text,
            department text,
            company text,
            address text,
            phones text NOT NULL DEFAULT '[]' CHECK (phones::jsonb IS NOT NULL),
            emails text NOT NULL DEFAULT '[]' CHECK (emails::jsonb IS NOT NULL),
            websites text NOT NULL DEFAULT '[]' CHECK (websites::jsonb IS NOT NULL),
            name_key text NOT NULL DEFAULT '',
            company_key text NOT NULL DEFAULT '',
            search_text text NOT NULL DEFAULT '',
            version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        );
        CREATE INDEX contact_company_key ON contact(company_key) WHERE company_key <> '';

        CREATE TABLE contact_email (
            email text NOT NULL,
            contact_id bigint NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            PRIMARY KEY (email, contact_id)
        );
        CREATE INDEX contact_email_contact ON contact_email(contact_id);

        CREATE TABLE contact_phone (
            e164 text NOT NULL,
            contact_id bigint NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            PRIMARY KEY (e164, contact_id)
        );
        CREATE INDEX contact_phone_contact ON contact_phone(contact_id);

        CREATE TABLE contact_tag (
            contact_id bigint NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
            key text NOT NULL CHECK (key <> ''),
            value text NOT NULL CHECK (value <> ''),
            PRIMARY KEY (contact_id, key, value)
        );

        CREATE TABLE candidate (
            id bigserial PRIMARY KEY,
            scan_id bigint NOT NULL REFERENCES scan(id) ON DELETE CASCADE,
            card_index integer NOT NULL CHECK (card_index >= 0),
            page integer NOT NULL CHECK (page >= 0),
            bbox text,
            fields text NOT NULL CHECK (fields::jsonb IS NOT NULL),
            ocr_text text NOT NULL,
            confidence double precision NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
            name text,
            company text,
            email text,
            status text NOT NULL DEFAULT 'pending' CHECK (status IN (\(Schema.candidateStatuses))),
            version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
            contact_id bigint REFERENCES contact(id),
            first_reviewer text,
            first_review_fields text CHECK (first_review_fields IS NULL OR first_review_fields::jsonb IS NOT NULL),
            first_review_tags text CHECK (first_review_tags IS NULL OR first_review_tags::jsonb IS NOT NULL),
            reviewed_by text,
            reviewed_at timestamptz,
            reject_reason text,
            claimed_by text,
            claim_expires_at timestamptz,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            UNIQUE (scan_id, page, card_index),
            CHECK ((status IN ('accepted', 'merged')) = (contact_id IS NOT NULL)),
            CHECK ((status = 'awaiting_second_review') = (first_reviewer IS NOT NULL)),
            CHECK ((status IN ('accepted', 'merged', 'rejected')) = (reviewed_by IS NOT NULL))
        );
        CREATE INDEX candidate_status ON candidate(status, id);
        CREATE INDEX candidate_scan ON candidate(scan_id);
        CREATE INDEX candidate_contact ON candidate(contact_id) WHERE contact_id IS NOT NULL;

        CREATE TABLE audit (
            id bigserial PRIMARY KEY,
            at timestamptz NOT NULL,
            actor text NOT NULL,
            action text NOT NULL CHECK (action IN (\(Schema.auditActions))),
            entity text NOT NULL CHECK (entity IN ('scan', 'candidate', 'contact', 'store')),
            entity_id bigint NOT NULL,
            contact_id bigint,
            old_values text,
            new_values text,
            redacted boolean NOT NULL DEFAULT false
        );
        CREATE INDEX audit_contact ON audit(contact_id) WHERE contact_id IS NOT NULL;
        CREATE INDEX audit_entity ON audit(entity, entity_id);

        -- Append-only: rows are never deleted; an update may only erase a row's values.
        CREATE FUNCTION audit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                RAISE EXCEPTION 'audit rows are never deleted';
            END IF;
            IF NOT (NEW.redacted AND NEW.old_values IS NULL AND NEW.new_values IS NULL
                    AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor = OLD.actor
                    AND NEW.action = OLD.action AND NEW.entity = OLD.entity
                    AND NEW.entity_id = OLD.entity_id
                    AND NEW.contact_id IS NOT DISTINCT FROM OLD.contact_id) THEN
                RAISE EXCEPTION 'audit rows are append-only; only an erasure may remove their values';
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
            FOR EACH ROW EXECUTE FUNCTION audit_guard();

        CREATE TABLE setting (
            key text PRIMARY KEY,
            value text NOT NULL
        );

        -- Files of a shared drop folder being read by one watcher: a claim with a lease.
        CREATE TABLE file_claim (
            folder text NOT NULL,
            file_key text NOT NULL,
            holder text NOT NULL,
            expires_at timestamptz NOT NULL,
            PRIMARY KEY (folder, file_key)
        );
        """
}
