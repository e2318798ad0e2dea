import CardModel
import CardStore
import CardTestSupport
import Foundation
import Testing

@Suite("CLI: contacts export presets, warnings and card images", .serialized)
struct ExportCLITests {
    /// Queues the sample card image itself (no OCR) with the fields given.
    func enqueueSample(_ folder: StoreFolder, fields: CardFields) throws -> Int64 {
        let image = ScanCLITests.samples.appendingPathComponent("clean.png")
        let outcome = try folder.store().enqueue(
            NewScan(
                sourcePath: "clean.png", contentHash: try ContentHash.sha256(of: image), sourceFile: image,
                candidates: [
                    NewCandidate(
                        cardIndex: 0, bbox: PixelBox(x: 10, y: 10, width: 500, height: 300), fields: fields,
                        ocrText: "", confidence: 0.9)
                ]))
        guard case .queued(_, let ids) = outcome, let id = ids.first else {
            throw StoreError.candidateNotFound(0)
        }
        return id
    }

    @Test("A value a preset cannot carry is a stderr warning (no value shown) and a count in the summary")
    func warningsAndSummary() throws {
        let folder = try StoreFolder()
        let id = try enqueueSample(
            folder,
            fields: CardFields(name: FieldValue(value: "Dr. Ana María López-García PhD", confidence: 0.9)))
        let accept = try CLI.run([
            "queue", "accept", "\(id)", "--db", folder.databasePath, "--set", "email=a@x.example", "--set",
            "email=b@x.example", "--set", "website=x.example", "--set", "website=y.example", "--set",
            "mobile=+55 41 98726-4320",
        ])
        #expect(accept.status == 0, "\(accept.stderr)")
        let outlook = try CLI.run([
            "contacts", "export", "--db", folder.databasePath, "--format", "csv", "--preset", "outlook",
        ])
        #expect(outlook.status == 0, "\(outlook.stderr)")
        #expect(outlook.stderr.contains("warning: contact #1: 2nd website not exported"))
        #expect(!outlook.stderr.contains("y.example"))
        #expect(outlook.stderr.contains("1 values not exported"))
        #expect(outlook.stdout.contains("Business Phone"))
        let hubspot = try CLI.run([
            "contacts", "export", "--db", folder.databasePath, "--format", "csv", "--preset", "hubspot",
        ])
        #expect(hubspot.stderr.contains("3 values not exported"), "\(hubspot.stderr)")
        let bad = try CLI.run([
            "contacts", "export", "--db", folder.databasePath, "--format", "csv", "--preset", "salesforce",
        ])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("google, outlook, hubspot or zoho"))
    }

    @Test("--with-images puts the stored card image, cut to the card, into the vCard as a JPEG PHOTO")
    func photoFromTheStoredImage() throws {
        let folder = try StoreFolder()
        let id = try enqueueSample(
            folder, fields: CardFields(name: FieldValue(value: "Ada Lovelace", confidence: 0.9)))
        #expect(try CLI.run(["queue", "accept", "\(id)", "--db", folder.databasePath]).status == 0)
        let result = try CLI.run([
            "contacts", "export", "--db", folder.databasePath, "--format", "vcard3", "--with-images",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("1 with card images"))
        let unfolded = result.stdout.replacingOccurrences(of: "\r\n ", with: "")
        let line = try #require(unfolded.components(separatedBy: "\r\n").first { $0.hasPrefix("PHOTO;") })
        #expect(line.hasPrefix("PHOTO;ENCODING=b;TYPE=JPEG:"))
        let jpeg = try #require(
            Data(base64Encoded: String(line.dropFirst("PHOTO;ENCODING=b;TYPE=JPEG:".count))))
        #expect(jpeg.prefix(2) == Data([0xFF, 0xD8]))
        #expect(jpeg.count > 1000)
    }

    @Test(
        "contacts import: a bad line is named and imports nothing; a good file imports, audited, and stays out of exports"
    )
    func importFile() throws {
        let folder = try StoreFolder()
        let bad = folder.url.appendingPathComponent("book.vcf")
        try Data(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEND:VCARD\r\nBEGIN:VCARD\r\nnonsense\r\nEND:VCARD\r\n"
                .utf8
        )
        .write(to: bad)
        let refused = try CLI.run(["contacts", "import", bad.path, "--db", folder.databasePath])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("book.vcf: line 6: not a vCard property"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("Ada"))
        #expect(try folder.store().contacts(search: nil).isEmpty)
        try Data("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@x.example\r\nEND:VCARD\r\n".utf8)
            .write(to: bad)
        let imported = try CLI.run([
            "contacts", "import", bad.path, "--db", folder.databasePath, "--reviewer", "ops",
        ])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("1 new, 0 updated, 0 unchanged"))
        let again = try CLI.run(["contacts", "import", bad.path, "--db", folder.databasePath])
        #expect(again.stdout.contains("0 new, 0 updated, 1 unchanged"))
        let export = try CLI.run(["contacts", "export", "--db", folder.databasePath, "--format", "vcard"])
        #expect(!export.stdout.contains("Ada"))
        let all = try CLI.run([
            "contacts", "export", "--db", folder.databasePath, "--format", "vcard", "--include-imported",
        ])
        #expect(all.stdout.contains("FN:Ada Lovelace"))
        let audit = try CLI.run(["audit", "--db", folder.databasePath, "--json"])
        #expect(audit.stdout.contains("\"actor\" : \"ops\""))
    }

    @Test(
        "scan --event/--note: kept with the card, on the contact, searchable, editable, exported as NOTE and a CSV column"
    )
    func eventAndNote() throws {
        let folder = try StoreFolder()
        let scan = try CLI.run([
            "scan", "--db", folder.databasePath, "--event", "Hannover Messe 2026", "--note", "wants a demo",
            ScanCLITests.samples.appendingPathComponent("clean.png").path,
        ])
        #expect(scan.status == 0, "\(scan.stderr)")
        #expect(try CLI.run(["queue", "accept", "1", "--db", folder.databasePath]).status == 0)
        let found = try CLI.run([
            "contacts", "list", "--db", folder.databasePath, "--search", "hannover messe", "--json",
        ])
        #expect(found.stdout.contains("\"event\" : \"Hannover Messe 2026\""), "\(found.stdout)")
        let edit = try CLI.run([
            "contacts", "edit", "1", "--db", folder.databasePath, "--set", "event=CeBIT 2027",
        ])
        #expect(edit.status == 0, "\(edit.stderr)")
        let vcard = try CLI.run(["contacts", "export", "--db", folder.databasePath, "--format", "vcard"])
        #expect(vcard.stdout.contains("NOTE:wants a demo\\nEvent: CeBIT 2027"), "\(vcard.stdout)")
        let csv = try CLI.run([
            "contacts", "export", "--db", folder.databasePath, "--format", "csv", "--preset", "zoho",
        ])
        #expect(csv.stdout.contains("CeBIT 2027"))
        #expect(
            try CLI.run(["contacts", "list", "--db", folder.databasePath, "--search", "hannover"]).stdout
                .isEmpty)
    }
}

@Suite("CLI: contacts push to a real Radicale server", .serialized)
struct PushCLITests {
    @Test(
        "contacts push: --create, password from a file, a second run sends nothing, an erased contact is deleted"
    )
    func pushFromTheCommandLine() throws {
        let server = try CardDAVServer.make()
        let folder = try StoreFolder()
        for (name, email) in [("Ada Lovelace", "ada@x.example"), ("Grace Hopper", "grace@x.example")] {
            let id = try folder.enqueue(name: name, email: email)
            #expect(try CLI.run(["queue", "accept", "\(id)", "--db", folder.databasePath]).status == 0)
        }
        let passwordFile = folder.url.appendingPathComponent("password")
        try Data((server.password + "\n").utf8).write(to: passwordFile)
        let book = server.newAddressBook().absoluteString
        let arguments = [
            "contacts", "push", "--db", folder.databasePath, "--carddav", book, "--user", server.user,
            "--password-file", passwordFile.path,
        ]
        let first = try CLI.run(arguments + ["--create"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("2 created, 0 updated, 0 deleted, 0 unchanged"), "\(first.stdout)")
        let second = try CLI.run(arguments)
        #expect(second.stdout.contains("0 created, 0 updated, 0 deleted, 2 unchanged"), "\(second.stdout)")
        #expect(try CLI.run(["contacts", "erase", "1", "--yes", "--db", folder.databasePath]).status == 0)
        let third = try CLI.run(arguments + ["--json"])
        let report = try JSONSerialization.jsonObject(with: Data(third.stdout.utf8)) as? [String: Any]
        #expect((report?["deleted"] as? [String])?.count == 1, "\(third.stdout)")
        let wrong = try CLI.run(
            ["contacts", "push", "--db", folder.databasePath, "--carddav", book, "--user", server.user],
            environment: ["CARDSCAN_CARDDAV_PASSWORD": "wrong"])
        #expect(wrong.status == 5)
        #expect(wrong.stderr.contains("refused the user name or password"))
        #expect(!wrong.stderr.contains("wrong"))
    }
}
