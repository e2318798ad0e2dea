import CardStore
import Foundation
import Testing

/// Drives a program through a pseudo terminal with python3's `pty` machinery: each step either
/// waits for text on the screen or types keys. Prints the whole transcript; exits 3 on a timeout.
let ptyDriver = #"""
    import json, os, select, subprocess, sys, time
    steps = json.loads(sys.argv[1])
    argv = sys.argv[2:]
    master, slave = os.openpty()
    env = dict(os.environ, TERM="xterm")
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    transcript = b""
    seen = 0
    def read_some(timeout):
        global transcript
        ready, _, _ = select.select([master], [], [], timeout)
        if ready:
            try:
                data = os.read(master, 4096)
            except OSError:
                return False
            if not data:
                return False
            transcript += data
            return True
        return None
    for kind, value in steps:
        if kind == "expect":
            deadline = time.time() + 20
            needle = value.encode()
            while transcript.find(needle, seen) < 0:
                if time.time() > deadline or read_some(0.2) is False:
                    sys.stdout.write(transcript.decode(errors="replace"))
                    sys.stdout.write("\n@@TIMEOUT waiting for %r\n" % value)
                    proc.kill()
                    sys.exit(3)
            seen = transcript.find(needle, seen) + len(needle)
        elif kind == "run":
            subprocess.run(value, check=True, stdout=subprocess.DEVNULL)
        else:
            time.sleep(0.05)
            os.write(master, value.encode())
    deadline = time.time() + 20
    while proc.poll() is None and time.time() < deadline:
        read_some(0.1)
    while read_some(0.1):
        pass
    sys.stdout.write(transcript.decode(errors="replace"))
    sys.stdout.write("\n@@EXIT %s\n" % proc.wait(timeout=5))
    """#

@Suite("review: the interactive command in a real pseudo terminal", .serialized)
struct ReviewPTYTests {
    func drive(_ steps: [(String, Any)], _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let json = try JSONSerialization.data(withJSONObject: steps.map { [$0.0, $0.1] })
        process.arguments =
            ["python3", "-c", ptyDriver, String(decoding: json, as: UTF8.self), CLI.executable.path]
            + arguments
        process.environment = CLI.environment()
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test(
        "Keys accept with an edit and a runner-up, reject with a reason, merge a duplicate, skip, and the store shows it"
    )
    func reviewSession() throws {
        let folder = try StoreFolder()
        let store = try folder.store()
        let existing = try folder.enqueue(name: "Grace Hopper", company: "Navy", email: "grace@navy.example")
        _ = try store.accept(
            existing, edits: [], tags: [], reviewer: "setup", expectedVersion: nil, policy: ReviewPolicy())
        let ada = try folder.enqueue(name: "Ada Lovelace", company: "Engines", titleAlternative: "Countess")
        let junk = try folder.enqueue(name: "Junk Card")
        let twin = try folder.enqueue(name: "G. Hopper", company: "US Navy", email: "grace@navy.example")
        let later = try folder.enqueue(name: "Skip Me")

        let transcript = try drive(
            [
                ("expect", "Candidate #\(ada)"), ("expect", "runner-up: Countess"), ("expect", "> "),
                ("send", "u"), ("expect", "edited: title -> Countess"), ("expect", "> "),
                ("send", "e"), ("expect", "Field ("), ("send", "department\n"), ("expect", "New department"),
                ("send", "Analytics\n"), ("expect", "edited: department -> Analytics"), ("expect", "> "),
                ("send", "a"), ("expect", "Accepted candidate #\(ada) as contact #2."),
                ("expect", "Candidate #\(junk)"), ("expect", "> "), ("send", "r"), ("expect", "Reason"),
                ("send", "blurry\n"), ("expect", "Rejected candidate #\(junk)."),
                ("expect", "Candidate #\(twin)"), ("expect", "possible duplicate of #1"), ("expect", "> "),
                ("send", "a"), ("expect", "Press m to merge"), ("expect", "> "), ("send", "m"),
                ("expect", "Merge into contact # [1]"), ("send", "\n"), ("expect", "Fields to take"),
                ("send", "\n"),
                ("expect", "Merged candidate #\(twin) into contact #1."),
                ("expect", "Candidate #\(later)"), ("expect", "> "), ("send", "o"),
                ("expect", "the image is at"),
                ("expect", "> "), ("send", "s"),
                ("expect", "Nothing left to review (3 decided, 1 skipped)."),
            ],
            ["review", "--db", folder.databasePath, "--reviewer", "alice"])
        #expect(transcript.contains("@@EXIT 0"), "\(transcript)")
        #expect(transcript.contains("\u{1B}[33;1m!"))  // low-confidence title highlighted on a TTY

        let accepted = try store.candidate(ada)
        #expect(accepted.status == .accepted)
        #expect(accepted.reviewedBy == "alice")
        let contact = try store.contact(try #require(accepted.contactID))
        #expect(contact.fields.title == "Countess")
        #expect(contact.fields.department == "Analytics")
        #expect(try store.candidate(junk).rejectReason == "blurry")
        #expect(try store.candidate(twin).status == .merged)
        #expect(try store.contact(1).fields.company == "Navy")  // kept: nothing taken
        #expect(try store.candidate(later).status == .pending)
    }

    @Test("q quits at once, leaving the card pending and the terminal usable")
    func quit() throws {
        let folder = try StoreFolder()
        let id = try folder.enqueue(name: "Ada Lovelace")
        let transcript = try drive(
            [
                ("expect", "Candidate #\(id)"), ("expect", "> "), ("send", "q"),
                ("expect", "Stopped; 0 decided"),
            ],
            ["review", "--db", folder.databasePath])
        #expect(transcript.contains("@@EXIT 0"), "\(transcript)")
        #expect(try folder.store().candidate(id).status == .pending)
    }

    @Test(
        "A card another reviewer decided meanwhile shows a conflict with the current state, not an overwrite")
    func conflictInsideReview() throws {
        let folder = try StoreFolder()
        let id = try folder.enqueue(name: "Ada Lovelace")
        let other = try folder.enqueue(name: "Second Card")
        let path = folder.databasePath
        // While alice looks at the card, bob rejects it from another process.
        let bob = [CLI.executable.path, "queue", "reject", "\(id)", "--db", path, "--reviewer", "bob"]
        let transcript = try drive(
            [
                ("expect", "Candidate #\(id)"), ("expect", "> "), ("run", bob), ("send", "a"),
                ("expect", "was changed by someone else first"), ("expect", "rejected by bob"),
                ("expect", "Candidate #\(other)"), ("expect", "> "), ("send", "q"), ("expect", "Stopped"),
            ],
            ["review", "--db", path, "--reviewer", "alice"])
        #expect(transcript.contains("@@EXIT 0"), "\(transcript)")
        let store = try folder.store()
        #expect(try store.candidate(id).status == .rejected)
        #expect(try store.candidate(id).reviewedBy == "bob")
        #expect(try store.contacts(search: nil).isEmpty)
    }

    @Test("A card kept on screen longer than the claim lease stays the reviewer's: the session renews it, another review session gets nothing")
    func claimRenewedWhileOnScreen() throws {
        let folder = try StoreFolder()
        let id = try folder.enqueue(name: "Slow Look")
        let status = folder.url.appendingPathComponent("bob.out")
        // Alice's lease is 0.6 s; Bob starts a review session 2 s after her card appeared.
        let bob =
            "sleep 2; '\(CLI.executable.path)' review --reviewer bob --db '\(folder.databasePath)' "
            + "</dev/null >'\(status.path)' 2>&1"
        let transcript = try drive(
            [
                ("expect", "Candidate #\(id)"), ("expect", "> "), ("run", ["sh", "-c", bob]),
                ("send", "q"), ("expect", "Stopped; 0 decided"),
            ],
            ["review", "--db", folder.databasePath, "--reviewer", "alice", "--claim-minutes", "0.01"])
        #expect(transcript.contains("@@EXIT 0"), "\(transcript)")
        let bobSaw = try String(contentsOf: status, encoding: .utf8)
        #expect(bobSaw.contains("Nothing left to review"), "\(bobSaw)")
        #expect(!bobSaw.contains("Candidate #\(id)"), "\(bobSaw)")
        #expect(try folder.store().candidate(id).status == .pending)
    }
}
