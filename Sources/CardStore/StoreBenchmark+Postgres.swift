import CardModel
import Foundation
import Logging
import PostgresNIO

extension StoreBenchmark {
    /// The same figures on PostgreSQL: creates a temporary database on the server at `server`
    /// (the user needs CREATEDB), seeds it in the server (generate_series), times the same
    /// operations through ``PostgresCardStore``, and drops the database.
    public static func runPostgres(pending: Int, contacts: Int, server: PostgresAddress, repetitions: Int = 7)
        throws -> Figures
    {
        let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
        let admin = try PostgresCardStore(address: server, logger: logger, migrate: false)
        let name = "cardscan_bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try admin.withConnection { tx in try tx.execute(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)")) }
        defer {
            _ = try? admin.withConnection { tx in
                try tx.execute(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))
            }
        }
        var address = server
        address.database = name
        let store = try PostgresCardStore(address: address, logger: logger)
        let companies = max(1, contacts / 10)
        let phones = try SQLiteCardStore.json([ContactPhone(value: "+1555PPPPPPP", e164: "+1555PPPPPPP", kind: .work)])
        let emails = try SQLiteCardStore.json(["personIII@exampleMMM.com"])
        let card = try SQLiteCardStore.json(
            CardFields(
                name: FieldValue(value: "CandidateIII SurnameSSS", confidence: 0.9),
                company: FieldValue(value: "COMPANY", confidence: 0.9),
                phones: [PhoneValue(value: "+1666PPPPPPP", e164: "+1666PPPPPPP", kind: .work, confidence: 0.9)],
                emails: [FieldValue(value: "candidateIII@example.org", confidence: 0.9)]))
        try store.transaction("seed the benchmark", role: .admin) { tx in
            // One large company (2% of everyone) keeps the name+company check honest.
            try tx.execute(
                """
                INSERT INTO contact (name, title, company, phones, emails, websites, name_key, company_key,
                    search_text, created_at, updated_at)
                SELECT 'Person' || i || ' Surname' || (i % 997), 'Title',
                    CASE WHEN i % 50 = 0 THEN 'Big Corporation' ELSE 'Company ' || (i % \(companies)) END,
                    replace(\(phones), 'PPPPPPP', lpad(i::text, 7, '0')),
                    replace(replace(\(emails), 'III', i::text), 'MMM', (i % 100)::text), '[]',
                    'person' || i || ' surname' || (i % 997),
                    CASE WHEN i % 50 = 0 THEN 'big' ELSE (i % \(companies))::text END,
                    lower('Person' || i || ' Surname' || (i % 997)), now(), now()
                FROM generate_series(0, \(contacts - 1)) AS i
                """)
            try tx.execute("INSERT INTO contact_email (email, contact_id) SELECT emails::jsonb->>0, id FROM contact")
            try tx.execute(
                "INSERT INTO contact_phone (e164, contact_id) SELECT phones::jsonb->0->>'e164', id FROM contact")
            try tx.execute(
                """
                INSERT INTO scan (id, content_hash, source_path, status, created_at, updated_at)
                VALUES (1, \(String(repeating: "0", count: 64)), 'bench', 'queued', now(), now())
                """)
            try tx.execute(
                """
                INSERT INTO candidate (scan_id, card_index, page, fields, ocr_text, confidence, name, company, email,
                    created_at, updated_at)
                SELECT 1, i, 0,
                    replace(replace(replace(replace(\(card), 'III', i::text), 'SSS', (i % 997)::text),
                        'PPPPPPP', lpad(i::text, 7, '0')),
                        'COMPANY', CASE WHEN i % 10 = 0 THEN 'Big Corporation' ELSE 'Company ' || (i % \(companies)) END),
                    'text', 0.8, 'Candidate' || i || ' Surname' || (i % 997),
                    CASE WHEN i % 10 = 0 THEN 'Big Corporation' ELSE 'Company ' || (i % \(companies)) END,
                    'candidate' || i || '@example.org', now(), now()
                FROM generate_series(0, \(pending - 1)) AS i
                """)
        }
        try store.withConnection { tx in try tx.execute("ANALYZE") }
        return try measure(store, pending: pending, contacts: contacts, repetitions: repetitions)
    }
}
