import CardModel
import CardStore
import Foundation
import Testing

@Suite("CLI: queue, contacts and audit through the real binary", .serialized)
struct StoreCLITests {
    @Test("queue list/show/accept --json give machine-readable results on stdout and nothing else")
    func jsonOutputs() throws {
        let folder = try StoreFolder()
        let id = try folder.enqueue(name: "Ada Lovelace", company: "Engines", email: "ada@example.org")
        let list = try CLI.run(["queue", "list", "--db", folder.databasePath, "--json"])
        #expect(list.status == 0, "\(list.stderr)")
        let rows = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.first?["id"] as? Int == Int(id))
        #expect(rows?.first?["status"] as? String == "pending")
        let show = try CLI.run(["queue", "show", "\(id)", "--db", folder.databasePath, "--json"])
        let shown = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any]
        #expect((shown?["candidate"] as? [String: Any])?["version"] as? Int == 1)
        let accept = try CLI.run([
            "queue", "accept", "\(id)", "--db", folder.databasePath, "--json", "--reviewer", "alice", "--set",
            "title=Countess", "--tag", "region:emea",
        ])
        #expect(accept.status == 0, "\(accept.stderr)")
        let accepted = try JSONSerialization.jsonObject(with: Data(accept.stdout.utf8)) as? [String: Any]
        let contact = accepted?["contact"] as? [String: Any]
        #expect((contact?["fields"] as? [String: Any])?["title"] as? String == "Countess")
        let audit = try CLI.run([
            "audit", "--db", folder.databasePath, "--json", "--contact", "\(contact?["id"] as? Int ?? 0)",
        ])
        #expect(audit.stdout.contains("\"actor\" : \"alice\""))
    }

    @Test("queue list and contacts list pad columns by display width: Han names (2 columns each) stay aligned")
    func wideCharactersAlign() throws {
        let folder = try StoreFolder()
        let latin = try folder.enqueue(name: "Ada Lovelace", company: "Engines", email: "ada@example.org")
        let han = try folder.enqueue(name: "张伟", company: "深圳市腾云科技有限公司", email: "zhang.wei@tengyun.cn")
        let list = try CLI.run(["queue", "list", "--db", folder.databasePath])
        #expect(list.status == 0, "\(list.stderr)")
        // Every row's EMAIL column starts at the same terminal column as the header's.
        func emailColumns(_ stdout: String) -> [Int] {
            stdout.split(separator: "\n").compactMap { line in
                let words = line.split(separator: " ")
                guard let cell = words.first(where: { $0 == "EMAIL" || $0.contains("@") }) else { return nil }
                return DisplayWidth.of(String(line[..<cell.startIndex]))
            }
        }
        let columns = emailColumns(list.stdout)
        #expect(columns.count == 3, "\(list.stdout)")
        #expect(Set(columns).count == 1, "\(list.stdout)")
        for id in [latin, han] {
            let accept = try CLI.run(["queue", "accept", "\(id)", "--db", folder.databasePath, "--reviewer", "alice"])
            #expect(accept.status == 0, "\(accept.stderr)")
        }
        let contacts = try CLI.run(["contacts", "list", "--db", folder.databasePath])
        #expect(contacts.status == 0, "\(contacts.stderr)")
        let contactColumns = emailColumns(contacts.stdout)
        #expect(contactColumns.count == 3, "\(contacts.stdout)")
        #expect(Set(contactColumns).count == 1, "\(contacts.stdout)")
    }

    @Test(
        "Errors go to stderr with the exit status from the table: not found 3, conflict 4, duplicate 6, usage 64"
    )
    func exitStatuses() throws {
        let folder = try StoreFolder()
        let first = try folder.enqueue(name: "Ada Lovelace", email: "ada@example.org")
        let missing = try CLI.run(["queue", "show", "999", "--db", folder.databasePath])
        #expect(missing.status == 3)
        #expect(missing.stdout.isEmpty)
        #expect(missing.stderr.contains("No candidate #999"))
        #expect(try CLI.run(["queue", "accept", "\(first)", "--db", folder.databasePath]).status == 0)
        let again = try CLI.run([
            "queue", "accept", "\(first)", "--db", folder.databasePath, "--reviewer", "bob",
        ])
        #expect(again.status == 4)
        #expect(again.stderr.contains("now accepted by"))
        let twin = try folder.enqueue(name: "A. Lovelace", email: "ADA@example.org")
        let duplicate = try CLI.run(["queue", "accept", "\(twin)", "--db", folder.databasePath])
        #expect(duplicate.status == 6)
        #expect(duplicate.stderr.contains("possible duplicate of contact #1"))
        #expect(!duplicate.stderr.contains("ada@example.org"))  // no personal values in errors
        let bad = try CLI.run(["queue", "accept", "\(twin)", "--db", folder.databasePath, "--set", "shoe=42"])
        #expect(bad.status == 64)
    }

    @Test("Two reviewers accepting one candidate at once from two processes: exactly one commits")
    func concurrentReviewers() throws {
        let folder = try StoreFolder()
        var ids: [Int64] = []
        for i in 0..<6 { ids.append(try folder.enqueue(name: "Person \(i)", company: "Company \(i)")) }
        for id in ids {
            let alice = try CLI.start([
                "queue", "accept", "\(id)", "--db", folder.databasePath, "--reviewer", "alice",
            ])
            let bob = try CLI.start([
                "queue", "accept", "\(id)", "--db", folder.databasePath, "--reviewer", "bob", "--set",
                "title=Boss",
            ])
            let results = [CLI.finish(alice), CLI.finish(bob)]
            #expect(results.map(\.status).sorted() == [0, 4], "\(results.map(\.stderr))")
            let loser = try #require(results.first { $0.status == 4 })
            #expect(loser.stderr.contains("was changed by someone else first"))
            #expect(loser.stderr.contains("accepted by"))
        }
        let store = try folder.store()
        #expect(try store.contacts(search: nil).count == ids.count)
        let accepts = try store.auditTrail(contactID: nil).filter { $0.action == "accept" }
        #expect(accepts.count == ids.count)
    }

    @Test("Two reviewers holding the same version: the second write is refused with the current state")
    func staleVersionFromTwoProcesses() throws {
        let folder = try StoreFolder()
        let id = try folder.enqueue(name: "Grace Hopper")
        let reject = try CLI.start([
            "queue", "reject", "\(id)", "--db", folder.databasePath, "--reviewer", "bob", "--expect-version",
            "1",
        ])
        let accept = try CLI.start([
            "queue", "accept", "\(id)", "--db", folder.databasePath, "--reviewer", "alice",
            "--expect-version", "1",
        ])
        let results = [CLI.finish(reject), CLI.finish(accept)]
        #expect(results.map(\.status).sorted() == [0, 4])
        let state = try folder.store().candidate(id)
        #expect(state.version == 2)
    }

    @Test("kill -9 in the middle of an accept leaves the candidate pending with no contact and no audit row")
    func killDuringAccept() throws {
        let folder = try StoreFolder()
        let id = try folder.enqueue(name: "Killed Midway")
        let signal = folder.url.appendingPathComponent("inside-accept")
        let started = try CLI.start(
            ["queue", "accept", "\(id)", "--db", folder.databasePath, "--reviewer", "alice"],
            environment: ["CARDSCAN_TEST_PAUSE_IN_ACCEPT": "30:\(signal.path)"])
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: signal.path), Date() < deadline { usleep(10_000) }
        #expect(FileManager.default.fileExists(atPath: signal.path))
        kill(started.0.processIdentifier, SIGKILL)
        _ = CLI.finish(started)
        #expect(started.0.terminationReason == .uncaughtSignal)

        let store = try folder.store()
        #expect(try store.candidate(id).status == .pending)
        #expect(try store.contacts(search: nil).isEmpty)
        #expect(try store.auditTrail(contactID: nil).allSatisfy { $0.action == "enqueue" })
        // And a normal accept afterwards commits fully, with its audit row.
        let accept = try CLI.run([
            "queue", "accept", "\(id)", "--db", folder.databasePath, "--reviewer", "alice",
        ])
        #expect(accept.status == 0, "\(accept.stderr)")
        #expect(try store.candidate(id).status == .accepted)
        #expect(try store.auditTrail(contactID: nil).contains { $0.action == "accept" })
    }

    @Test("kill -9 at random moments during accepts: each candidate is fully committed or still pending")
    func randomKillsDuringAccept() throws {
        let folder = try StoreFolder()
        var ids: [Int64] = []
        for i in 0..<8 { ids.append(try folder.enqueue(name: "Random \(i)", company: "Kill \(i)")) }
        for (i, id) in ids.enumerated() {
            let started = try CLI.start([
                "queue", "accept", "\(id)", "--db", folder.databasePath, "--reviewer", "r",
            ])
            usleep(UInt32(20_000 + i * 25_000))
            kill(started.0.processIdentifier, SIGKILL)
            _ = CLI.finish(started)
        }
        let store = try folder.store()
        let audit = try store.auditTrail(contactID: nil)
        for id in ids {
            let candidate = try store.candidate(id)
            let accepted = audit.contains { $0.action == "accept" && $0.entityID == id }
            switch candidate.status {
            case .accepted:
                #expect(accepted)
                #expect(candidate.contactID != nil)
            case .pending:
                #expect(!accepted)
            default:
                Issue.record("candidate \(id) in unexpected state \(candidate.status)")
            }
        }
        let committed = try ids.filter { try store.candidate($0).status == .accepted }.count
        #expect(try store.contacts(search: nil).count == committed)
    }

    @Test("contacts export writes vCard and CSV files with mode 0600")
    func exportFiles() throws {
        let folder = try StoreFolder()
        let id = try folder.enqueue(
            name: "Ada Lovelace", company: "Engines, Ltd", email: "ada@example.org", phone: "+442071234567")
        #expect(try CLI.run(["queue", "accept", "\(id)", "--db", folder.databasePath]).status == 0)
        for format in ["vcard", "csv", "json"] {
            let out = folder.url.appendingPathComponent("export.\(format)").path
            let result = try CLI.run([
                "contacts", "export", "--db", folder.databasePath, "--format", format, "--out", out,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let mode = try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            #expect(try String(contentsOfFile: out, encoding: .utf8).contains("Ada"))
        }
        let stdout = try CLI.run(["contacts", "export", "--db", folder.databasePath, "--format", "vcard"])
        #expect(stdout.stdout.hasPrefix("BEGIN:VCARD\r\nVERSION:4.0\r\n"))
    }

    @Test("contacts erase refuses without --yes when not on a terminal, then erases and reports IDs only")
    func eraseNeedsConfirmation() throws {
        let folder = try StoreFolder()
        let id = try folder.enqueue(name: "Erase Me", email: "erase@example.org")
        #expect(try CLI.run(["queue", "accept", "\(id)", "--db", folder.databasePath]).status == 0)
        let refused = try CLI.run(["contacts", "erase", "1", "--db", folder.databasePath])
        #expect(refused.status == 64)
        #expect(try folder.store().contact(1).fields.name == "Erase Me")
        let erased = try CLI.run(["contacts", "erase", "1", "--yes", "--json", "--db", folder.databasePath])
        #expect(erased.status == 0, "\(erased.stderr)")
        #expect(erased.stdout.contains("\"candidate_ids\""))
        #expect(!erased.stdout.contains("Erase Me"))
        let audit = try CLI.run(["audit", "--db", folder.databasePath])
        #expect(audit.stdout.contains("erase"))
        #expect(!audit.stdout.contains("Erase Me"))
        #expect(try CLI.run(["contacts", "show", "1", "--db", folder.databasePath]).status == 3)
    }
}
