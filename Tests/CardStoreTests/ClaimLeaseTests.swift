import CardModel
import Foundation
import Testing

@testable import CardStore

@Suite("Store contract (SQLite and PostgreSQL): claim leases, streamed images, where a person's data was sent")
struct ClaimLeaseTests {
    @Test("A watcher whose file claim lapsed and was taken by another station stores nothing; renewal keeps a claim")
    func lostFileClaimStoresNothing() throws {
        let folder = try StoreHarness(.postgres)
        let first = try folder.open()
        let second = try folder.open()
        let claimA = FileClaim(folder: "office", name: "slow.pdf", holder: "station-a", lease: 0.4)
        let claimB = FileClaim(folder: "office", name: "slow.pdf", holder: "station-b", lease: 60)
        #expect(try first.claimFile(folder: "office", name: "slow.pdf", holder: "station-a", lease: 0.4))
        // A renewal (the heartbeat) keeps the file A's past the first lease.
        Thread.sleep(forTimeInterval: 0.25)
        #expect(try first.renewFileClaim(claimA))
        Thread.sleep(forTimeInterval: 0.25)
        #expect(try !second.claimFile(folder: "office", name: "slow.pdf", holder: "station-b", lease: 60))
        // Without renewal the lease ends and B takes the file.
        Thread.sleep(forTimeInterval: 0.5)
        #expect(try second.claimFile(folder: "office", name: "slow.pdf", holder: "station-b", lease: 60))
        #expect(try !first.renewFileClaim(claimA))
        // A finishes reading: its store step checks the claim and writes nothing, queued or failed.
        let (file, hash) = try folder.imageFile("slow.pdf", bytes: "slow \(UUID().uuidString)")
        var scan = NewScan(
            sourcePath: "drop/slow.pdf", contentHash: hash, sourceFile: file,
            candidates: [NewCandidate(cardIndex: 0, fields: card(), ocrText: "Ada", confidence: 0.9)])
        scan.claim = claimA
        #expect(throws: StoreError.fileClaimLost(name: "slow.pdf")) { try first.enqueue(scan) }
        #expect(throws: StoreError.fileClaimLost(name: "slow.pdf")) {
            try first.recordFailure(sourcePath: "drop/slow.pdf", contentHash: hash, reason: "x", claim: claimA)
        }
        #expect(try folder.psql("SELECT count(*) FROM scan").trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        // B, which holds the claim, stores the file once.
        scan.claim = claimB
        guard case .queued = try second.enqueue(scan) else {
            Issue.record("B's enqueue was not queued")
            return
        }
        #expect(try folder.psql("SELECT count(*) FROM scan").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        // A's late duplicate path is refused too (it must not move the file B is moving).
        scan.claim = claimA
        #expect(throws: StoreError.fileClaimLost(name: "slow.pdf")) { try first.enqueue(scan) }
    }

    @Test("A reviewer's renewed claim keeps the card theirs; once it lapsed and was taken, renewal says so", arguments: Backend.allCases)
    func reviewClaimRenewal(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        let id = try folder.enqueueOne(store, fields: card(name: "Long Look", company: "Slow", email: nil, phone: nil))
        let alice = try folder.open()
        let bob = try folder.open()
        let card = try #require(try alice.claimNextCandidate(reviewer: "alice", lease: 0.4, excluding: []))
        #expect(card.id == id)
        // Alice keeps the card open past the lease; her session renews it.
        for _ in 0..<3 {
            Thread.sleep(forTimeInterval: 0.2)
            #expect(try alice.renewClaim(id, reviewer: "alice", lease: 0.4))
        }
        #expect(try bob.claimNextCandidate(reviewer: "bob", lease: 60, excluding: []) == nil)
        // Alice stops renewing (her laptop went to sleep): after the lease Bob gets the card, and
        // Alice's renewal fails (her session then moves on instead of deciding); had she decided
        // anyway, the version check lets only one decision commit.
        Thread.sleep(forTimeInterval: 0.6)
        let taken = try #require(try bob.claimNextCandidate(reviewer: "bob", lease: 60, excluding: []))
        #expect(taken.id == id)
        #expect(try !alice.renewClaim(id, reviewer: "alice", lease: 0.4))
        // Bob decides it; nothing is left to renew.
        _ = try bob.reject(id, reason: "test", reviewer: "bob", expectedVersion: taken.version)
        #expect(try !bob.renewClaim(id, reviewer: "bob", lease: 60))
        #expect(try store.candidate(id).status == .rejected)
    }

    @Test("A file near the size limit is hashed and copied in chunks: the streamed hash is the one-shot hash, the stored bytes are the file's", arguments: Backend.allCases)
    func largeFileStreamed(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        // 190 MiB + an odd tail (the default --max-file-size is 200 MB); every MiB differs, so
        // chunks stored out of order or twice would change the bytes.
        let file = folder.url.appendingPathComponent("large.jpg")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        let output = try FileHandle(forWritingTo: file)
        var block = Data((0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        for index in 0..<190 {
            withUnsafeBytes(of: UInt64(index).bigEndian) { block.replaceSubrange(0..<8, with: $0) }
            try output.write(contentsOf: block)
        }
        try output.write(contentsOf: block.prefix(12_345))
        try output.close()
        let streamed = try ContentHash.sha256(of: file)
        let oneShot = ContentHash.sha256(of: try Data(contentsOf: file))
        #expect(streamed == oneShot)
        guard
            case .queued(_, let ids) = try store.enqueue(
                NewScan(
                    sourcePath: "cards/large.jpg", contentHash: streamed, sourceFile: file,
                    candidates: [NewCandidate(cardIndex: 0, fields: card(), ocrText: "Ada", confidence: 0.9)])),
            let id = ids.first
        else {
            Issue.record("not queued")
            return
        }
        if backend == .postgres {
            #expect(try folder.psql("SELECT length(bytes) FROM image").trimmingCharacters(in: .whitespacesAndNewlines) == "\(190 * (1 << 20) + 12_345)")
            #expect(try folder.psql("SELECT encode(sha256(bytes), 'hex') FROM image").trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: .whitespacesAndNewlines) == streamed)
            #expect(try folder.psql("SELECT count(*) FROM pg_class WHERE relname = 'cardscan_upload'").trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        }
        let stored = try #require(try store.imageFile(ofCandidate: id))
        #expect(try sameBytes(stored, file))
    }

    func sameBytes(_ a: URL, _ b: URL) throws -> Bool {
        let x = try FileHandle(forReadingFrom: a)
        let y = try FileHandle(forReadingFrom: b)
        defer {
            try? x.close()
            try? y.close()
        }
        while true {
            let p = try x.read(upToCount: 1 << 20) ?? Data()
            let q = try y.read(upToCount: 1 << 20) ?? Data()
            if p != q { return false }
            if p.isEmpty { return true }
        }
    }

    @Test("export-person lists the CardDAV address books the person's contact was pushed to", arguments: Backend.allCases)
    func personRecordsNameWhereDataWent(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        let own = try folder.enqueueOne(store, fields: card(name: "Pia Pushed", company: "P", email: "pia@p.example", phone: nil))
        let contact = try #require(
            try store.accept(own, edits: [], tags: [], reviewer: "a", expectedVersion: nil, policy: ReviewPolicy()).contact)
        let other = try folder.enqueueOne(store, fields: card(name: "Otto Other", company: "O", email: "otto@o.example", phone: nil))
        let otherContact = try #require(
            try store.accept(other, edits: [], tags: [], reviewer: "a", expectedVersion: nil, policy: ReviewPolicy()).contact)
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let records = [
            CardDAVRecord(
                server: "https://dav.example/alice/", uid: contact.uid, href: "https://dav.example/alice/pia.vcf",
                etag: "\"1\"", contentHash: String(repeating: "a", count: 64), pushedAt: at),
            CardDAVRecord(
                server: "https://dav.example/sales/", uid: contact.uid, href: "https://dav.example/sales/pia.vcf",
                etag: nil, contentHash: String(repeating: "b", count: 64), pushedAt: at),
            CardDAVRecord(
                server: "https://dav.example/sales/", uid: otherContact.uid, href: "https://dav.example/sales/otto.vcf",
                etag: nil, contentHash: String(repeating: "c", count: 64), pushedAt: at),
        ]
        for record in records { try store.saveCardDAVRecord(record) }
        let person = try store.personRecords(ofContact: contact.id, alsoCandidates: [])
        #expect(person.pushedTo.map(\.href) == ["https://dav.example/alice/pia.vcf", "https://dav.example/sales/pia.vcf"])
        #expect(person.pushedTo.map(\.server) == ["https://dav.example/alice/", "https://dav.example/sales/"])
        #expect(person.pushedTo.allSatisfy { $0.pushedAt == at })
    }
}
