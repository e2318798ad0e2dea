import ArgumentParser
import CardModel
import CardStore
import Foundation

/// `cardscan contacts ...`: the committed customer records.
struct ContactsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts",
        abstract: "List, show, edit, export or erase confirmed contacts.",
        subcommands: [
            ListCommand.self, ShowCommand.self, EditCommand.self, ExportCommand.self, EraseCommand.self,
            ExportPersonCommand.self,
        ])

    struct ListCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List contacts, marking possible duplicates.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var outputOptions: OutputOptions
        @Option(help: "Only contacts with this text in any field or tag (case and accents ignored).")
        var search: String?
        @Option(help: ArgumentHelp("Only contacts with this tag.", valueName: "KEY:VALUE")) var tag: String?

        func validate() throws { _ = try parseTags(tag.map { [$0] } ?? []) }

        func run() throws {
            let store = try store.open()
            var rows = try runStore { try store.contacts(search: search) }
            if let tag = try parseTags(tag.map { [$0] } ?? []).first {
                rows = rows.filter { $0.contact.tags.contains(tag) }
            }
            if outputOptions.json { return try JSONOutput.print(rows) }
            if rows.isEmpty {
                FileHandle.standardError.write(Data("No contacts.\n".utf8))
                return
            }
            output(
                table(
                    ["ID", "NAME", "COMPANY", "EMAIL", "PHONE", "TAGS", "DUPLICATE?"],
                    rows.map { row in
                        let c = row.contact
                        return [
                            "\(c.id)", shorten(c.fields.name), shorten(c.fields.company),
                            shorten(c.fields.emails.first),
                            shorten(c.fields.phones.first.map { $0.e164 ?? $0.value }),
                            shorten(c.tags.map(\.description).joined(separator: " "), 30),
                            row.possibleDuplicates.isEmpty
                                ? ""
                                : "possible duplicate of "
                                    + row.possibleDuplicates.map { "#\($0)" }.joined(separator: ", "),
                        ]
                    }))
        }
    }

    struct ShowCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one contact.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var outputOptions: OutputOptions
        @Argument(help: "The contact ID.") var id: Int64

        func run() throws {
            let store = try store.open()
            let contact = try runStore { try store.contact(id) }
            if outputOptions.json { return try JSONOutput.print(contact) }
            output(render(contact))
        }
    }

    struct EditCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit", abstract: "Correct a contact's fields or tags.",
            discussion: "Fields for --set: \(EditableField.allCases.map(\.rawValue).joined(separator: ", "))."
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var reviewerOptions: ReviewerOptions
        @OptionGroup var outputOptions: OutputOptions
        @Argument(help: "The contact ID.") var id: Int64
        @Option(name: .customLong("set"), help: ArgumentHelp("Change a field.", valueName: "FIELD=VALUE"))
        var edits: [String] = []
        @Option(
            name: .customLong("tag"),
            help: ArgumentHelp(
                "Add a tag such as customer-type:prospect, industry:retail, region:emea.",
                valueName: "KEY:VALUE"))
        var tags: [String] = []
        @Option(name: .customLong("untag"), help: ArgumentHelp("Remove a tag.", valueName: "KEY:VALUE"))
        var untags: [String] = []
        @Option(help: "Fail with a conflict unless the contact is still at this version.") var expectVersion:
            Int?

        func validate() throws {
            _ = try parseEdits(edits)
            _ = try parseTags(tags + untags)
            if edits.isEmpty && tags.isEmpty && untags.isEmpty {
                throw ValidationError("Nothing to change: pass --set FIELD=VALUE, --tag or --untag.")
            }
        }

        func run() throws {
            let store = try store.open()
            let contact = try runStore {
                try store.editContact(
                    id, edits: try parseEdits(edits), addTags: try parseTags(tags),
                    removeTags: try parseTags(untags),
                    actor: reviewerOptions.reviewer, expectedVersion: expectVersion)
            }
            if outputOptions.json { return try JSONOutput.print(contact) }
            output("Updated contact #\(id) (version \(contact.version)).")
        }
    }

    struct ExportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Export contacts as vCard 4.0, CSV (Google Contacts header) or JSON.")

        @OptionGroup var store: StoreOptions
        @Option(help: "vcard, csv or json.") var format: String
        @Option(help: "Write to this file (mode 0600) instead of stdout.") var out: String?
        @Option(help: "Only contacts with this text in any field or tag.") var search: String?

        func validate() throws {
            guard ContactExport.Format(rawValue: format.lowercased()) != nil else {
                throw ValidationError("Unknown format '\(format)': use vcard, csv or json.")
            }
        }

        func run() throws {
            let store = try store.open()
            let contacts = try runStore { try store.contacts(search: search) }.map(\.contact)
            let text = try ContactExport.render(
                contacts, format: ContactExport.Format(rawValue: format.lowercased()) ?? .json)
            guard let out else {
                FileHandle.standardOutput.write(Data(text.utf8))
                return
            }
            let fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                printError(
                    "Cannot write \(out): \(String(cString: strerror(errno))). Choose another --out path.")
                throw ExitCode(ExitStatus.environment)
            }
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            try handle.write(contentsOf: Data(text.utf8))
            try handle.close()
            FileHandle.standardError.write(Data("Exported \(contacts.count) contacts to \(out).\n".utf8))
        }
    }

    struct EraseCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "erase",
            abstract:
                "Erase a person: the contact, every card of theirs, OCR text, images and failure records.",
            discussion: """
                An erasure request is about a person: besides the contact and the cards accepted or \
                merged into it, every other card (pending, awaiting review, rejected) that shares one \
                of its e-mails or phones is erased, and every failure record whose file name or \
                reason names them; --also-candidate adds cards a reviewer links to the person. The \
                list is shown first. The audit trail keeps that the erasure happened (who, when, \
                which IDs), without values. Other contacts sharing an e-mail or phone are named, \
                not erased.
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var reviewerOptions: ReviewerOptions
        @OptionGroup var outputOptions: OutputOptions
        @Argument(help: "The contact ID.") var id: Int64
        @Option(
            name: .customLong("also-candidate"),
            help: ArgumentHelp("A candidate of the same person to erase too (repeatable).", valueName: "ID"))
        var alsoCandidates: [Int64] = []
        @Flag(help: "Do not ask for confirmation (required when stdin is not a terminal).") var yes = false

        func validate() throws {
            if !yes && isatty(STDIN_FILENO) != 1 {
                throw ValidationError("Erasure cannot be undone: pass --yes to confirm it.")
            }
        }

        func run() throws {
            let store = try store.open()
            let person = try runStore { try store.personRecords(ofContact: id, alsoCandidates: alsoCandidates) }
            if !yes {
                FileHandle.standardError.write(Data((ContactsCommand.describe(person) + "\n").utf8))
                FileHandle.standardError.write(
                    Data("Erase all of this? It cannot be undone. Type the contact ID to confirm: ".utf8))
                guard readLine()?.trimmingCharacters(in: .whitespaces) == "\(id)" else {
                    printError("Not confirmed; nothing was erased.")
                    throw ExitCode(ExitStatus.usage)
                }
            }
            let report = try runStore {
                try store.eraseContact(id, actor: reviewerOptions.reviewer, alsoCandidates: alsoCandidates)
            }
            if outputOptions.json { return try JSONOutput.print(report) }
            output(
                "Erased contact #\(id): \(report.candidateIDs.count) candidates, \(report.scanIDs.count) scans, "
                    + "\(report.imagesRemoved) images, \(report.failureIDs.count) failure records; "
                    + "\(report.auditRowsRedacted) audit rows redacted.")
            if !report.otherContactsSharing.isEmpty {
                output(
                    "Contacts \(report.otherContactsSharing.map { "#\($0)" }.joined(separator: ", ")) share an "
                        + "e-mail or phone with it and were kept: erase them too if they are the same person.")
            }
            if let remaining = report.remainingTraces { output("Note: \(remaining).") }
        }
    }

    struct ExportPersonCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export-person",
            abstract: "Print every value the store holds about a person (an access request), as JSON.",
            discussion: """
                The same records `contacts erase` would remove: the contact, every card of the person \
                with its fields, OCR text and review history, failure records naming them, and the \
                audit rows about them. --images DIR also writes the stored card images there.
                """)

        @OptionGroup var store: StoreOptions
        @Argument(help: "The contact ID.") var id: Int64
        @Option(
            name: .customLong("also-candidate"),
            help: ArgumentHelp("A candidate of the same person to include (repeatable).", valueName: "ID"))
        var alsoCandidates: [Int64] = []
        @Option(help: ArgumentHelp("Write the person's card images into this folder.", valueName: "DIR"))
        var images: String?

        func run() throws {
            let store = try store.open()
            var person = try runStore { try store.personRecords(ofContact: id, alsoCandidates: alsoCandidates) }
            if let images {
                let folder = URL(fileURLWithPath: images, isDirectory: true)
                try FileManager.default.createDirectory(
                    at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                for index in person.candidates.indices {
                    guard let file = try runStore({ try store.imageFile(ofCandidate: person.candidates[index].id) })
                    else { continue }
                    let target = folder.appendingPathComponent(file.lastPathComponent)
                    if !FileManager.default.fileExists(atPath: target.path) {
                        try FileManager.default.copyItem(at: file, to: target)
                        chmod(target.path, 0o600)
                    }
                    person.candidates[index].imagePath = target.path
                }
            }
            try JSONOutput.print(person)
        }
    }

    /// What erasing a person removes, one line per kind of record.
    static func describe(_ person: PersonRecords) -> String {
        var lines = ["Contact #\(person.contact.id) and everything the store holds about the person:"]
        let cards = person.candidates.map { "#\($0.id) (\($0.status.rawValue))" }
        lines.append("  \(person.candidates.count) cards: \(cards.isEmpty ? "-" : cards.joined(separator: ", "))")
        lines.append("  \(Set(person.candidates.map(\.scanID)).count) scans and their images")
        lines.append(
            "  \(person.failures.count) failure records: "
                + (person.failures.isEmpty ? "-" : person.failures.map { "scan #\($0.scanID)" }.joined(separator: ", ")))
        lines.append("  \(person.audit.count) audit rows (values removed, rows kept)")
        if !person.otherContactsSharing.isEmpty {
            lines.append(
                "  not included: contacts \(person.otherContactsSharing.map { "#\($0)" }.joined(separator: ", ")) "
                    + "share an e-mail or phone")
        }
        return lines.joined(separator: "\n")
    }

    static func render(_ contact: Contact) -> String {
        var lines = ["Contact #\(contact.id) (version \(contact.version))"]
        for (field, value) in contact.fields.displayFields {
            lines.append("  \(field.padding(toLength: 11, withPad: " ", startingAt: 0)) \(value ?? "-")")
        }
        lines.append(
            "  tags        \(contact.tags.isEmpty ? "-" : contact.tags.map(\.description).joined(separator: ", "))"
        )
        lines.append("  candidates  \(contact.candidateIDs.map { "#\($0)" }.joined(separator: ", "))")
        return lines.joined(separator: "\n")
    }
}

/// `cardscan audit`: who changed what, when.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Show the append-only audit trail.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var outputOptions: OutputOptions
    @Option(help: "Only entries about this contact and its candidates.") var contact: Int64?

    func run() throws {
        let store = try store.open()
        let entries = try runStore { try store.auditTrail(contactID: contact) }
        if outputOptions.json { return try JSONOutput.print(entries) }
        let formatter = ISO8601DateFormatter()
        output(
            table(
                ["ID", "WHEN", "WHO", "ACTION", "ENTITY", "CHANGE"],
                entries.map {
                    [
                        "\($0.id)", formatter.string(from: $0.at), $0.actor, $0.action,
                        "\($0.entity) #\($0.entityID)",
                        $0.redacted ? "(values erased)" : shorten($0.newValues, 60),
                    ]
                }))
    }
}
