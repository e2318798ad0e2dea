-- Roles of a shared cardscan store on PostgreSQL, enforced by the server itself.
--
--   cardscan_station   scanning stations (`scan`, `watch`): queue cards and record failed files,
--                      nothing else. Cannot read contacts, candidates' values or the audit trail.
--   cardscan_reviewer  reviewers (`review`, `queue`, `contacts list/show/edit/export/import/push`,
--                      `audit`): read everything, decide candidates (and undo their own decision),
--                      edit and import contacts, record CardDAV pushes. Cannot erase, change the
--                      store-wide policy or delete contacts (an undone accept removes its contact
--                      only through cardscan_undo_accept, which checks that it is exactly that).
--   cardscan_admin     administrators: everything a reviewer may, plus `contacts erase`,
--                      `queue policy set`, and schema migrations (the role owns the tables).
--
-- Run it as the database owner AFTER the first cardscan command has created the schema (that
-- command, run by the owner, applies the migrations), and again after upgrading cardscan (it is
-- idempotent):
--
--   psql "postgres://OWNER@HOST/cardscan" -v ON_ERROR_STOP=1 -f sql/postgres-roles.sql
--
-- Then give people and machines login roles that are members of one group role each:
--
--   CREATE ROLE station1 LOGIN PASSWORD '...' IN ROLE cardscan_station;
--   CREATE ROLE alice    LOGIN PASSWORD '...' IN ROLE cardscan_reviewer;
--   CREATE ROLE dpo      LOGIN PASSWORD '...' IN ROLE cardscan_admin;

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cardscan_station') THEN
        CREATE ROLE cardscan_station NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cardscan_reviewer') THEN
        CREATE ROLE cardscan_reviewer NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cardscan_admin') THEN
        CREATE ROLE cardscan_admin NOLOGIN;
    END IF;
END $$;

-- Nobody else gets anything by default.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO cardscan_station, cardscan_reviewer, cardscan_admin;

-- Every role may see which migrations the store has (a newer schema is refused, not written to).
GRANT SELECT ON cardscan_migration TO cardscan_station, cardscan_reviewer;

-- Stations: insert scans, their candidates, images and audit rows; see only the columns that
-- tell whether a file was stored before (content hash, status); replace a recorded failure.
GRANT SELECT (id, content_hash, status, source_path) ON scan TO cardscan_station;
GRANT INSERT ON scan, candidate, image, audit TO cardscan_station;
GRANT UPDATE (status, failure_reason, source_path, image_file, note, event, updated_at) ON scan TO cardscan_station;
GRANT SELECT (id) ON candidate TO cardscan_station;          -- INSERT ... RETURNING id
GRANT SELECT (content_hash) ON image TO cardscan_station;    -- INSERT ... ON CONFLICT (content_hash)
GRANT SELECT, INSERT, UPDATE, DELETE ON file_claim TO cardscan_station;
GRANT USAGE ON SEQUENCE scan_id_seq, candidate_id_seq, audit_id_seq TO cardscan_station;

-- Reviewers: read everything; decide candidates (and claim them); create, merge and edit contacts.
GRANT SELECT ON ALL TABLES IN SCHEMA public TO cardscan_reviewer;
GRANT UPDATE ON candidate TO cardscan_reviewer;
GRANT INSERT, UPDATE ON contact TO cardscan_reviewer;
GRANT INSERT, DELETE ON contact_email, contact_phone, contact_tag TO cardscan_reviewer;
GRANT INSERT ON audit TO cardscan_reviewer;
GRANT USAGE ON SEQUENCE contact_id_seq, audit_id_seq TO cardscan_reviewer;
-- `contacts push --carddav`: what was sent to which address book (no contact values).
GRANT SELECT, INSERT, UPDATE, DELETE ON carddav_push TO cardscan_reviewer;
-- Undo (`z` in review) of an accept removes the contact it made, through this checked function only.
REVOKE ALL ON FUNCTION cardscan_undo_accept(bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cardscan_undo_accept(bigint, bigint) TO cardscan_reviewer;

-- Administrators: a reviewer's rights, a station's, and ownership of the schema's tables
-- (erasure deletes rows and redacts the audit; policy; migrations; VACUUM after an erasure).
GRANT cardscan_reviewer TO cardscan_admin;
GRANT cardscan_station TO cardscan_admin;
GRANT CREATE ON SCHEMA public TO cardscan_admin;
DO $$
DECLARE item record;
BEGIN
    FOR item IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
        EXECUTE format('ALTER TABLE public.%I OWNER TO cardscan_admin', item.tablename);
    END LOOP;
    FOR item IN SELECT p.oid::regprocedure::text AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'public' AND p.proname IN ('audit_guard', 'cardscan_undo_accept') LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO cardscan_admin', item.signature);
    END LOOP;
END $$;
