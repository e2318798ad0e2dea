import CardStore
import Foundation
import Testing

@Suite("CLI: erasing and exporting a person", .serialized)
struct PersonCLITests {
    @Test("contacts export-person prints every record of the person as JSON; erase --yes removes them all and counts each kind")
    func exportThenErase() throws {
        let folder = try StoreFolder()
        let own = try folder.enqueue(name: "Erin Marker", email: "erin.marker@example.org", phone: "+442071234567")
        let accept = try CLI.run(["queue", "accept", "\(own)", "--db", folder.databasePath, "--json"])
        #expect(accept.status == 0, "\(accept.stderr)")
        let contactID = try #require(
            ((try JSONSerialization.jsonObject(with: Data(accept.stdout.utf8)) as? [String: Any])?["contact"]
                as? [String: Any])?["id"] as? Int)
        // Another card of hers, rejected; and someone else's.
        let rejected = try folder.enqueue(name: "E. Marker", phone: "+442071234567")
        #expect(try CLI.run(["queue", "reject", "\(rejected)", "--db", folder.databasePath]).status == 0)
        let other = try folder.enqueue(name: "Other Person", email: "other@example.org")

        // Where her data was sent: one CardDAV push of her contact.
        let store = try folder.store()
        let uid = try store.contact(Int64(contactID)).uid
        try store.saveCardDAVRecord(
            CardDAVRecord(
                server: "https://dav.example/sales/", uid: uid, href: "https://dav.example/sales/erin.vcf", etag: nil,
                contentHash: String(repeating: "0", count: 64), pushedAt: Date()))
        let images = folder.url.appendingPathComponent("export-images")
        let export = try CLI.run([
            "contacts", "export-person", "\(contactID)", "--db", folder.databasePath, "--images", images.path,
        ])
        #expect(export.status == 0, "\(export.stderr)")
        let person = try #require(try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: Any])
        let candidates = (person["candidates"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } ?? []
        #expect(candidates == [Int(own), Int(rejected)])
        #expect(export.stdout.contains("erin.marker@example.org"))
        #expect((person["audit"] as? [Any])?.isEmpty == false)
        let pushed = (person["pushed_to"] as? [[String: Any]]) ?? []
        #expect(pushed.compactMap { $0["href"] as? String } == ["https://dav.example/sales/erin.vcf"])
        #expect(pushed.compactMap { $0["server"] as? String } == ["https://dav.example/sales/"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: images.path).count == 2)

        let erase = try CLI.run([
            "contacts", "erase", "\(contactID)", "--yes", "--db", folder.databasePath, "--json",
        ])
        #expect(erase.status == 0, "\(erase.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(erase.stdout.utf8)) as? [String: Any])
        #expect(report["candidate_ids"] as? [Int] == [Int(own), Int(rejected)])
        #expect(report["images_removed"] as? Int == 2)
        let left = try CLI.run(["queue", "list", "--status", "all", "--db", folder.databasePath, "--json"])
        let ids = (try JSONSerialization.jsonObject(with: Data(left.stdout.utf8)) as? [[String: Any]])?
            .compactMap { $0["id"] as? Int }
        #expect(ids == [Int(other)])
        let gone = try CLI.run(["contacts", "export-person", "\(contactID)", "--db", folder.databasePath])
        #expect(gone.status == 3)
    }
}
