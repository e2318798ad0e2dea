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
        let store = try store.open()
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
        "[a]ccept [e]dit [u]se runner-up [m]erge [k]eep separate [r]eject [s]kip [o]pen image [q]uit"

    func run() throws {
        while true {
            guard let (candidate, remaining) = try next() else {
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
                guard
                    let field = EditableField(
                        rawValue: name.lowercased().trimmingCharacters(in: .whitespaces))
                else {
                    terminal.line("Unknown field '\(name)'.")
                    continue
                }
                guard let value = terminal.prompt("New \(field.rawValue) (empty clears): ") else {
                    return false
                }
                edits.append(FieldEdit(field: field, value: value))
                show(candidate, duplicates: duplicates, remaining: remaining, edits: edits)
            case "u":
                let offers = CardFields.singleFieldNames.compactMap { name -> (String, AlternativeValue)? in
                    guard let first = candidate.fields[single: name]?.alternatives.first else { return nil }
                    return (name, first)
                }
                guard !offers.isEmpty else {
                    terminal.line("The extractor had no runner-up values for this card.")
                    continue
                }
                var chosen = offers[0]
                if offers.count > 1 {
                    let list = offers.enumerated().map {
                        "\($0.offset + 1)) \($0.element.0): \($0.element.1.value)"
                    }
                    .joined(separator: "  ")
                    guard let answer = terminal.prompt("\(list)\nWhich (number): "), let n = Int(answer),
                        (1...offers.count).contains(n)
                    else { continue }
                    chosen = offers[n - 1]
                }
                if let field = EditableField(rawValue: chosen.0) {
                    edits.append(FieldEdit(field: field, value: chosen.1.value))
                }
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
                let take = Set(
                    takeAnswer.split(separator: ",").map {
                        $0.trimmingCharacters(in: .whitespaces).lowercased()
                    }.filter { !$0.isEmpty })
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
            case "s":
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

    /// Runs a decision; on a store error shows it (a conflict shows the current state) and
    /// returns nil.
    private func decide<T>(_ body: () throws -> T) -> T? {
        do {
            let result = try body()
            decided += 1
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
