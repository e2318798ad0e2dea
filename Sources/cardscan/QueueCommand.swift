import ArgumentParser
import CardModel
import CardStore
import Foundation

/// `cardscan queue ...`: the review queue, scriptable.
struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "List, show, accept, reject or merge queued cards (the scriptable side of `review`).",
        subcommands: [
            ListCommand.self, ShowCommand.self, AcceptCommand.self, RejectCommand.self, MergeCommand.self,
            PolicyCommand.self,
        ])

    enum StatusFilter: String, ExpressibleByArgument, CaseIterable {
        case open, pending, awaiting, accepted, merged, rejected, failed, all

        var statuses: [CandidateStatus] {
            switch self {
            case .open: CandidateStatus.open
            case .pending: [.pending]
            case .awaiting: [.awaitingSecondReview]
            case .accepted: [.accepted]
            case .merged: [.merged]
            case .rejected: [.rejected]
            case .failed: []
            case .all: CandidateStatus.allCases
            }
        }
    }

    struct ListCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List candidates waiting for review (or with another status).")

        @OptionGroup var store: StoreOptions
        @OptionGroup var outputOptions: OutputOptions
        @Option(
            help:
                "Which candidates: \(StatusFilter.allCases.map(\.rawValue).joined(separator: ", ")). `failed` lists files that failed."
        )
        var status: StatusFilter = .open
        @Option(help: "Show at most this many.")
        var limit: Int?

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
        }

        func run() throws {
            let store = try store.openForReading()
            if status == .failed {
                let failures = try runStore { try store.failures() }
                if outputOptions.json { return try JSONOutput.print(failures) }
                output(
                    table(
                        ["SCAN", "SOURCE", "REASON"],
                        failures.map { ["\($0.scanID)", $0.sourcePath, shorten($0.reason, 80)] }))
                return
            }
            let rows = try runStore { try store.candidates(status: status.statuses, limit: limit) }
            if outputOptions.json { return try JSONOutput.print(rows) }
            if rows.isEmpty {
                FileHandle.standardError.write(Data("No candidates with status \(status.rawValue).\n".utf8))
                return
            }
            output(
                table(
                    ["ID", "STATUS", "CONF", "NAME", "COMPANY", "EMAIL", "SOURCE"],
                    rows.map {
                        [
                            "\($0.id)", $0.status.rawValue, formatConfidence($0.confidence), shorten($0.name),
                            shorten($0.company), shorten($0.email), $0.sourcePath,
                        ]
                    }))
        }
    }

    struct ShowCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one candidate: fields, confidences, runner-ups, possible duplicates.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var outputOptions: OutputOptions
        @Argument(help: "The candidate ID.") var id: Int64
        @Flag(help: "Also print the recognised text.") var ocrText = false

        struct Shown: Encodable {
            var candidate: Candidate
            var possibleDuplicates: [DuplicateMatch]
        }

        func run() throws {
            let store = try store.openForReading()
            var (candidate, duplicates) = try runStore {
                (try store.candidate(id), try store.possibleDuplicates(ofCandidate: id))
            }
            // A shared store keeps the image in the database: show a private local copy of it.
            if candidate.imagePath == nil {
                candidate.imagePath = try runStore { try store.imageFile(ofCandidate: id)?.path }
            }
            let openDuplicates = CandidateStatus.open.contains(candidate.status) ? duplicates : []
            if outputOptions.json {
                return try JSONOutput.print(Shown(candidate: candidate, possibleDuplicates: openDuplicates))
            }
            output(CandidateText.forTerminal().render(candidate, duplicates: openDuplicates))
            if ocrText { output("--- recognised text ---\n\(candidate.ocrText)") }
        }
    }

    struct AcceptCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "accept",
            abstract: "Confirm a candidate (with corrections) as a new contact.",
            discussion: """
                Fields for --set: \(EditableField.allCases.map(\.rawValue).joined(separator: ", ")). \
                An empty value clears a field; repeating email, website or a phone kind gives several values. \
                A candidate that looks like an existing contact is refused (exit 6) unless --keep-separate \
                is given; use `queue merge` to merge it instead.
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var reviewerOptions: ReviewerOptions
        @OptionGroup var outputOptions: OutputOptions
        @Argument(help: "The candidate ID.") var id: Int64
        @Option(name: .customLong("set"), help: ArgumentHelp("Correct a field.", valueName: "FIELD=VALUE"))
        var edits: [String] = []
        @Option(name: .customLong("tag"), help: ArgumentHelp("Tag the new contact.", valueName: "KEY:VALUE"))
        var tags: [String] = []
        @Flag(help: "Create a new contact even if it looks like an existing one.")
        var keepSeparate = false
        @Option(
            help: ArgumentHelp(
                "Candidates with confidence below this need a second, different reviewer.",
                valueName: "CONFIDENCE"))
        var requireSecondReviewBelow: Double?
        @Option(
            help: "Fail with a conflict unless the candidate is still at this version (from `queue show`).")
        var expectVersion: Int?

        func validate() throws {
            _ = try parseEdits(edits)
            _ = try parseTags(tags)
            if let threshold = requireSecondReviewBelow, !(0...1).contains(threshold) {
                throw ValidationError("--require-second-review-below must be between 0 and 1.")
            }
        }

        struct Accepted: Encodable {
            var candidateID: Int64
            var status: CandidateStatus
            var contact: Contact?
            var candidate: Candidate?
        }

        func run() throws {
            let store = try store.open()
            let outcome = try runStore {
                try store.accept(
                    id, edits: try parseEdits(edits), tags: try parseTags(tags),
                    reviewer: reviewerOptions.reviewer,
                    expectedVersion: expectVersion,
                    policy: ReviewPolicy(
                        secondReviewBelow: requireSecondReviewBelow, keepSeparate: keepSeparate))
            }
            switch outcome {
            case .committed(let contact):
                if outputOptions.json {
                    return try JSONOutput.print(
                        Accepted(candidateID: id, status: .accepted, contact: contact))
                }
                output("Accepted candidate #\(id) as contact #\(contact.id).")
            case .awaitingSecondReview(let candidate):
                if outputOptions.json {
                    return try JSONOutput.print(
                        Accepted(candidateID: id, status: .awaitingSecondReview, candidate: candidate))
                }
                output(
                    "Recorded your confirmation of candidate #\(id) (confidence "
                        + "\(formatConfidence(candidate.confidence))); a different reviewer must accept it too."
                )
            }
        }
    }

    struct RejectCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reject", abstract: "Reject a candidate; it never becomes a contact.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var reviewerOptions: ReviewerOptions
        @OptionGroup var outputOptions: OutputOptions
        @Argument(help: "The candidate ID.") var id: Int64
        @Option(help: "Why (kept in the queue and the audit trail).") var reason: String?
        @Option(help: "Fail with a conflict unless the candidate is still at this version.")
        var expectVersion: Int?

        func run() throws {
            let store = try store.open()
            let candidate = try runStore {
                try store.reject(
                    id, reason: reason, reviewer: reviewerOptions.reviewer, expectedVersion: expectVersion)
            }
            if outputOptions.json { return try JSONOutput.print(candidate) }
            output("Rejected candidate #\(id).")
        }
    }

    struct MergeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Merge a candidate into an existing contact, field by field.",
            discussion: """
                Empty fields of the contact take the card's value; --take FIELD makes the card's value win \
                for that field (name, title, department, company, address, phones, emails, websites); \
                emails, phones and websites are otherwise united. --set applies last.
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var reviewerOptions: ReviewerOptions
        @OptionGroup var outputOptions: OutputOptions
        @Argument(help: "The candidate ID.") var id: Int64
        @Option(help: "The contact to merge into.") var into: Int64
        @Option(help: ArgumentHelp("Use the card's value for this field.", valueName: "FIELD")) var take:
            [String] = []
        @Option(name: .customLong("set"), help: ArgumentHelp("Correct a field.", valueName: "FIELD=VALUE"))
        var edits: [String] = []
        @Option(help: "Fail with a conflict unless the candidate is still at this version.")
        var expectVersion: Int?

        func validate() throws {
            _ = try parseEdits(edits)
            for field in take where MergeField.named(field) == nil {
                throw ValidationError(
                    "Unknown field '\(field)' for --take. Fields: \(MergeField.names.joined(separator: ", ")) "
                        + "(singular or plural).")
            }
        }

        func run() throws {
            let store = try store.open()
            let contact = try runStore {
                try store.merge(
                    id, into: into, take: Set(take.compactMap(MergeField.named)), edits: try parseEdits(edits),
                    reviewer: reviewerOptions.reviewer,
                    expectedVersion: expectVersion)
            }
            if outputOptions.json { return try JSONOutput.print(contact) }
            output("Merged candidate #\(id) into contact #\(contact.id).")
        }
    }

    struct PolicyCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "policy", abstract: "Show or set the store-wide second-review threshold.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var reviewerOptions: ReviewerOptions
        @Option(
            help: ArgumentHelp(
                "Candidates below this confidence need a second, different reviewer (every reviewer of this store).",
                valueName: "CONFIDENCE"))
        var requireSecondReviewBelow: Double?
        @Flag(help: "Remove the threshold.") var clear = false

        func validate() throws {
            if let value = requireSecondReviewBelow, !(0...1).contains(value) {
                throw ValidationError("--require-second-review-below must be between 0 and 1.")
            }
            if clear && requireSecondReviewBelow != nil {
                throw ValidationError("Pass either --clear or --require-second-review-below, not both.")
            }
        }

        func run() throws {
            let writes = clear || requireSecondReviewBelow != nil
            let store = try writes ? store.open() : store.openForReading()
            if clear || requireSecondReviewBelow != nil {
                try runStore {
                    try store.setSecondReviewThreshold(
                        requireSecondReviewBelow, actor: reviewerOptions.reviewer)
                }
            }
            let threshold = try runStore { try store.secondReviewThreshold() }
            output(
                threshold.map { "second review below confidence \(formatConfidence($0))" }
                    ?? "no second review")
        }
    }
}
