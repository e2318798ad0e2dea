import ArgumentParser
import CardModel
import CardStore
import Foundation

/// `cardscan review`: one card at a time, keyboard-driven, in a plain terminal.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review queued cards one at a time: accept, edit, merge, reject or skip.",
        discussion: """
            Keys: a accept, e edit a field, u use the runner-up value, m merge into a contact, \
            k keep separate (accept although it looks like a duplicate), r reject, s skip, \
            z undo your last decision (while nobody else has touched the card), \
            o open the image, ? help, q quit. Fields marked ! have low confidence. \
            Every decision is written at once; `queue ...` does the same from scripts.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var reviewerOptions: ReviewerOptions
    @Option(
        help: ArgumentHelp(
            "Candidates with confidence below this need a second, different reviewer.",
            valueName: "CONFIDENCE"))
    var requireSecondReviewBelow: Double?
    @Option(help: ArgumentHelp("Mark fields below this confidence.", valueName: "CONFIDENCE"))
    var lowConfidence: Double = 0.7
    @Option(
        help: ArgumentHelp(
            "How long the card on screen stays yours; other reviewers get other cards meanwhile, and an "
                + "abandoned card comes back after this.", valueName: "MINUTES"))
    var claimMinutes: Double = 15

    func validate() throws {
        if let value = requireSecondReviewBelow, !(0...1).contains(value) {
            throw ValidationError("--require-second-review-below must be between 0 and 1.")
        }
        guard claimMinutes > 0 else { throw ValidationError("--claim-minutes must be more than 0.") }
    }

    func run() throws {
        let store = try store.openExisting()
        let terminal = Terminal()
        defer { terminal.restore() }
        var text = CandidateText.forTerminal()
        text.lowConfidence = lowConfidence
        let session = ReviewSession(
            store: store, terminal: terminal, text: text, reviewer: reviewerOptions.reviewer,
            secondReviewBelow: requireSecondReviewBelow, lease: claimMinutes * 60)
        try session.run()
    }
}

/// The review loop, separated from argument parsing.
final class ReviewSession {
    let store: any CardStoring
    let terminal: Terminal
    let text: CandidateText
    let reviewer: String
    let secondReviewBelow: Double?
    /// Seconds a claimed card stays this reviewer's.
    let lease: TimeInterval
    private var skipped: Set<Int64> = []
    private var decided = 0
    /// My last decision in this session (candidate and the version it left), for `z`.
    private var lastDecision: (id: Int64, version: Int)?
    /// True when the last key on the last card was a decision (not a skip): then the end of the
    /// queue offers `z` before leaving.
    private var justDecided = false
    /// The candidate on screen (decisions are about it).
    private var currentCandidate: Int64?
    /// Set when a decision failed because someone else decided the card first.
    private var cardGone = false

    init(
        store: any CardStoring, terminal: Terminal, text: CandidateText, reviewer: String,
        secondReviewBelow: Double?, lease: TimeInterval = 900
    ) {
        self.lease = lease
        self.store = store
        self.terminal = terminal
        self.text = text
        self.reviewer = reviewer
        self.secondReviewBelow = secondReviewBelow
    }

    static let keys =
        "[a]ccept [e]dit [u]se runner-up [m]erge [k]eep separate [r]eject [s]kip [z] undo last [o]pen image [q]uit"

    func run() throws {
        while true {
            guard let (candidate, remaining) = try next() else {
                // The last card was just decided: its decision can still be undone before leaving.
                if let last = lastDecision, justDecided {
                    terminal.write("Nothing left to review. [z] undo your last decision (#\(last.id)), any other key quits: ")
                    if let key = terminal.readKey(), key == "z" {
                        terminal.line("z")
                        undoLast()
                        continue
                    }
                    terminal.line("")
                }
                terminal.line(
                    skipped.isEmpty
                        ? "Nothing left to review (\(decided) decided)."
                        : "Nothing left to review (\(decided) decided, \(skipped.count) skipped).")
                return
            }
            let carryOn = try review(candidate, remaining: remaining)
            // Undecided (skipped, quit, lost): give the card back at once instead of at the lease's end.
            try? store.releaseClaim(candidate.id, reviewer: reviewer)
            if !carryOn {
                terminal.line("Stopped; \(decided) decided. Run `cardscan review` again to continue.")
                return
            }
        }
    }

    /// The next candidate this reviewer may act on, claimed for this reviewer (other reviewers of
    /// the same store get other cards), with how many are open in total.
    private func next() throws -> (Candidate, Int)? {
        // A card I confirmed first needs someone else: the claim query passes it over.
        guard
            let candidate = try runStore({
                try store.claimNextCandidate(reviewer: reviewer, lease: lease, excluding: skipped)
            })
        else { return nil }
        let open = try runStore { try store.candidates(status: CandidateStatus.open, limit: nil) }
        return (candidate, max(1, open.count - skipped.count))
    }

    /// Handles one candidate; returns false when the reviewer quits.
    private func review(_ candidate: Candidate, remaining: Int) throws -> Bool {
        var edits: [FieldEdit] = []
        currentCandidate = candidate.id
        // The card stays mine while it is on screen, however long that takes: renew the claim at a
        // third of the lease. Without this a second reviewer got the card once the lease ran out
        // while I still had it open. Each decision checks the claim first (see `decide`).
        let (store, reviewer, lease, id) = (self.store, self.reviewer, self.lease, candidate.id)
        let heartbeat = ClaimHeartbeat(interval: ClaimHeartbeat.interval(forLease: lease)) {
            _ = try? store.renewClaim(id, reviewer: reviewer, lease: lease)
        }
        defer { heartbeat.stop() }
        var duplicates = (try? store.possibleDuplicates(ofCandidate: candidate.id)) ?? []
        show(candidate, duplicates: duplicates, remaining: remaining, edits: edits)
        while true {
            if cardGone {
                cardGone = false
                skipped.insert(candidate.id)
                terminal.line("Moving on to the next card.")
                return true
            }
            terminal.write("> ")
            guard let key = terminal.readKey() else { return false }
            terminal.line(String(key))
            switch key {
            case "a", "k":
                if let done = decide({
                    try self.store.accept(
                        candidate.id, edits: edits, tags: [], reviewer: self.reviewer,
                        expectedVersion: candidate.version,
                        policy: ReviewPolicy(
                            secondReviewBelow: self.secondReviewBelow, keepSeparate: key == "k"))
                }) {
                    switch done {
                    case .committed(let contact):
                        terminal.line("Accepted candidate #\(candidate.id) as contact #\(contact.id).")
                    case .awaitingSecondReview:
                        terminal.line(
                            "Recorded your confirmation of #\(candidate.id); a different reviewer must accept it too."
                        )
                    }
                    return true
                }
                if let refreshed = try? store.possibleDuplicates(ofCandidate: candidate.id) {
                    duplicates = refreshed
                }
            case "e":
                let names = EditableField.allCases.map(\.rawValue).joined(separator: ", ")
                guard let name = terminal.prompt("Field (\(names)): "), !name.isEmpty else { continue }
                guard let field = EditableField(named: name) else {
                    terminal.line("Unknown field '\(name)'.")
                    continue
                }
                guard let value = terminal.prompt("New \(field.rawValue) (empty clears): ") else {
                    return false
                }
                // A stray word typed as an e-mail or phone would be stored as one (issue 11): ask.
                if let problem = ValueCheck.problem(with: value, for: field) {
                    guard let answer = terminal.prompt(text.warn("! ") + "\(problem) Keep it anyway? [y/N] ") else {
                        return false
                    }
                    guard answer.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("y") else {
                        terminal.line("Not changed.")
                        continue
                    }
                }
                edits.append(FieldEdit(field: field, value: value))
                show(candidate, duplicates: duplicates, remaining: remaining, edits: edits)
            case "u":
                let offers = FieldName.cardText.compactMap { field -> (FieldName, AlternativeValue)? in
                    guard let first = candidate.fields[field]?.alternatives.first else { return nil }
                    return (field, first)
                }
                guard !offers.isEmpty else {
                    terminal.line("The extractor had no runner-up values for this card.")
                    continue
                }
                var chosen = offers[0]
                if offers.count > 1 {
                    let list = offers.enumerated().map {
                        "\($0.offset + 1)) \($0.element.0.rawValue): \($0.element.1.value)"
                    }
                    .joined(separator: "  ")
                    guard let answer = terminal.prompt("\(list)\nWhich (number): "), let n = Int(answer),
                        (1...offers.count).contains(n)
                    else { continue }
                    chosen = offers[n - 1]
                }
                edits.append(FieldEdit(field: chosen.0, value: chosen.1.value))
                show(candidate, duplicates: duplicates, remaining: remaining, edits: edits)
            case "m":
                let suggestion = duplicates.first.map { " [\($0.contactID)]" } ?? ""
                guard let answer = terminal.prompt("Merge into contact #\(suggestion): ") else {
                    return false
                }
                let trimmed = answer.trimmingCharacters(in: .whitespaces).trimmingCharacters(
                    in: CharacterSet(charactersIn: "#"))
                guard let contactID = trimmed.isEmpty ? duplicates.first?.contactID : Int64(trimmed) else {
                    terminal.line("Give a contact ID (see `cardscan contacts list`).")
                    continue
                }
                if let match = duplicates.first(where: { $0.contactID == contactID }),
                    !match.differences.isEmpty
                {
                    for difference in match.differences {
                        terminal.line(
                            "  \(difference.field): card \(difference.candidate ?? "-") | contact \(difference.contact ?? "-")"
                        )
                    }
                }
                guard
                    let takeAnswer = terminal.prompt(
                        "Fields to take from the card (comma-separated; Enter keeps the contact's, filling empty ones): "
                    )
                else { return false }
                let typed = takeAnswer.split(separator: ",").map { String($0) }.filter {
                    !$0.trimmingCharacters(in: .whitespaces).isEmpty
                }
                if let unknown = typed.first(where: { MergeField.named($0) == nil }) {
                    terminal.line("Unknown field '\(unknown)'. Fields: \(MergeField.names.joined(separator: ", ")).")
                    continue
                }
                let take = Set(typed.compactMap(MergeField.named))
                if let contact = decide({
                    try self.store.merge(
                        candidate.id, into: contactID, take: take, edits: edits, reviewer: self.reviewer,
                        expectedVersion: candidate.version)
                }) {
                    terminal.line("Merged candidate #\(candidate.id) into contact #\(contact.id).")
                    return true
                }
            case "r":
                guard let reason = terminal.prompt("Reason (optional): ") else { return false }
                if decide({
                    try self.store.reject(
                        candidate.id, reason: reason.isEmpty ? nil : reason, reviewer: self.reviewer,
                        expectedVersion: candidate.version)
                }) != nil {
                    terminal.line("Rejected candidate #\(candidate.id).")
                    return true
                }
            case "z":
                if undoLast() { return true }
            case "s":
                justDecided = false
                skipped.insert(candidate.id)
                terminal.line("Skipped #\(candidate.id).")
                return true
            case "o":
                openImage(candidate)
            case "q":
                return false
            case "?", "h":
                terminal.line(Self.keys)
            default:
                terminal.line("Unknown key. " + Self.keys)
            }
        }
    }

    /// Undoes my last decision of this session (`z`); true when it was undone.
    @discardableResult
    private func undoLast() -> Bool {
        guard let last = lastDecision else {
            terminal.line("Nothing to undo: you have made no decision in this session.")
            return false
        }
        do {
            _ = try store.undoDecision(last.id, reviewer: reviewer, expectedVersion: last.version)
            lastDecision = nil
            decided -= 1
            skipped.remove(last.id)
            terminal.line("Undid your decision on candidate #\(last.id); it is pending again.")
            return true
        } catch {
            terminal.line(text.warn("! ") + error.description)
            lastDecision = nil
            return false
        }
    }

    /// Runs a decision; on a store error shows it (a conflict shows the current state) and
    /// returns nil.
    private func decide<T>(_ body: () throws -> T) -> T? {
        // The claim must still be mine: if it lapsed (the heartbeat could not reach the store)
        // and another reviewer claimed the card, they have it on screen now; do not decide under
        // them. A card decided meanwhile falls through to the store's conflict, which says by whom.
        if let id = currentCandidate, (try? store.renewClaim(id, reviewer: reviewer, lease: lease)) == false,
            let now = try? store.candidate(id), CandidateStatus.open.contains(now.status)
        {
            terminal.line(
                text.warn("! ") + "Your claim on candidate #\(id) ended and another reviewer has it now; "
                    + "nothing was written. Moving on to the next card.")
            cardGone = true
            return nil
        }
        do {
            let result = try body()
            decided += 1
            if let id = currentCandidate, let now = try? store.candidate(id) { lastDecision = (id, now.version) }
            justDecided = true
            return result
        } catch let error as StoreError {
            report(error)
            return nil
        } catch {
            terminal.line(text.warn("! ") + "\(error)")
            return nil
        }
    }

    private func report(_ error: StoreError) {
        terminal.line(text.warn("! ") + error.description)
        switch error {
        case .candidateConflict, .candidateNotFound:
            cardGone = true
        default:
            break
        }
        if case .possibleDuplicate(_, let ids) = error {
            terminal.line("Press m to merge into #\(ids.first ?? 0), or k to keep it as a separate contact.")
        }
    }

    private func show(
        _ candidate: Candidate, duplicates: [DuplicateMatch], remaining: Int, edits: [FieldEdit]
    ) {
        terminal.line("")
        terminal.line(String(repeating: "-", count: 60))
        let open = CandidateStatus.open.contains(candidate.status) ? duplicates : []
        terminal.line(text.render(candidate, duplicates: open, position: "\(remaining) open"))
        for edit in edits {
            terminal.line(
                "  edited: \(edit.field.rawValue) -> \(edit.value.isEmpty ? "(cleared)" : edit.value)")
        }
        terminal.line(text.dim(Self.keys))
    }

    private func openImage(_ candidate: Candidate) {
        let file = try? store.imageFile(ofCandidate: candidate.id)
        guard let image = file?.path, FileManager.default.fileExists(atPath: image) else {
            terminal.line("The image of this card is no longer stored.")
            return
        }
        let environment = ProcessInfo.processInfo.environment
        let hasDisplay = environment["DISPLAY"] != nil || environment["WAYLAND_DISPLAY"] != nil
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/xdg-open" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard hasDisplay, let opener = path else {
            terminal.line("No desktop viewer here (no display or no xdg-open); the image is at \(image)")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [image]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            terminal.line("Opened \(image).")
        } catch {
            terminal.line("Could not start \(opener); the image is at \(image)")
        }
    }
}

/// Checks what a reviewer typed for an e-mail or phone field before it is stored.
enum ValueCheck {
    /// Why `value` does not look like a value of `field`, or nil when it does (or is empty: clearing).
    static func problem(with value: String, for field: EditableField) -> String? {
        let value = value.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { return nil }
        switch field {
        case .email:
            return looksLikeEmail(value) ? nil : "'\(value)' does not look like an e-mail address (name@example.com)."
        case .phone, .work, .mobile, .fax:
            return looksLikePhone(value) ? nil : "'\(value)' does not look like a phone number (digits, +, spaces, -, (), .)."
        default:
            return nil
        }
    }

    /// One `@`, a local part, a domain with a dot and a 2+ letter top-level label, no spaces.
    static func looksLikeEmail(_ value: String) -> Bool {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !value.contains(where: \.isWhitespace) else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }), let top = labels.last else { return false }
        return top.count >= 2 && top.allSatisfy(\.isLetter)
    }

    /// At least 5 digits, and only digits, spaces and + - ( ) . / (an extension "ext 12" or "x12" too).
    static func looksLikePhone(_ value: String) -> Bool {
        var text = value.lowercased()
        for marker in ["extension", "ext.", "ext", "x"] { text = text.replacingOccurrences(of: marker, with: " ") }
        let digits = text.filter(\.isNumber).count
        return digits >= 5 && text.allSatisfy { $0.isNumber || " +-().\u{2013}/".contains($0) }
    }
}
