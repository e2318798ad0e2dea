import ArgumentParser
import CardModel
import CardOCR
import CardStore
import CardSync
import Foundation

/// `cardscan contacts ...`: the committed customer records.
struct ContactsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts",
        abstract: "List, show, edit, export or erase confirmed contacts.",
        subcommands: [
            ListCommand.self, ShowCommand.self, EditCommand.self, ExportCommand.self, ImportCommand.self,
            PushCommand.self, EraseCommand.self, ExportPersonCommand.self,
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
            let store = try store.openForReading()
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
            let store = try store.openForReading()
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
            abstract: "Export contacts as vCard 4.0 or 3.0, CSV for an address book or CRM, or JSON.",
            discussion: """
                --format vcard (4.0), vcard3 (3.0), csv or json. CSV presets (--preset): google (the \
                default), outlook, hubspot, zoho. A value a format has no place for is named on stderr \
                (contact and field, never the value) and counted in the summary.
                """)

        @OptionGroup var store: StoreOptions
        @Option(help: "vcard, vcard3, csv or json.") var format: String
        @Option(help: "CSV column set: google, outlook, hubspot or zoho (default google).") var preset: String?
        @Flag(help: "Embed each contact's card image as PHOTO (vCard).") var withImages = false
        @Option(help: "Write to this file (mode 0600) instead of stdout.") var out: String?
        @Option(help: "Only contacts with this text in any field or tag.") var search: String?
        @Flag(help: "Also export contacts imported from address books (left out by default: they were not scanned).")
        var includeImported = false

        func validate() throws {
            guard let format = ContactExport.Format(rawValue: format.lowercased()) else {
                throw ValidationError("Unknown format '\(self.format)': use vcard, vcard3, csv or json.")
            }
            if let preset {
                guard format == .csv else {
                    throw ValidationError("--preset applies to --format csv only.")
                }
                guard ContactExport.CSVPreset(rawValue: preset.lowercased()) != nil else {
                    throw ValidationError("Unknown preset '\(preset)': use google, outlook, hubspot or zoho.")
                }
            }
        }

        func run() throws {
            let store = try store.openForReading()
            let contacts = try runStore { try store.contacts(search: search) }.map(\.contact)
                .filter { includeImported || $0.origin == .scanned }
            let format = ContactExport.Format(rawValue: format.lowercased()) ?? .json
            var photos: [Int64: ContactExport.Photo] = [:]
            var missingImages = 0
            if withImages {
                for contact in contacts where contact.origin == .scanned {
                    if let photo = try cardPhoto(store, contact) {
                        photos[contact.id] = photo
                    } else {
                        missingImages += 1
                    }
                }
            }
            let options = ContactExport.Options(
                format: format, preset: preset.flatMap { ContactExport.CSVPreset(rawValue: $0.lowercased()) } ?? .google,
                photos: photos, withImages: withImages)
            let output = try ContactExport.export(contacts, options: options)
            for loss in output.losses { printError("warning: \(loss)") }
            var summary = "Exported \(contacts.count) contacts"
            if let out { summary += " to \(out)" }
            if withImages { summary += ", \(photos.count) with card images" }
            if missingImages > 0 { summary += " (\(missingImages) card images no longer stored)" }
            summary += output.losses.isEmpty ? "." : "; \(output.losses.count) values not exported (see warnings)."
            guard let out else {
                FileHandle.standardOutput.write(Data(output.text.utf8))
                FileHandle.standardError.write(Data((summary + "\n").utf8))
                return
            }
            // Mode 0600 whatever the file had, replaced atomically, a symbolic link at the path
            // replaced rather than followed (issue 11, item 6).
            do {
                try PrivateFile.replace(out, with: Data(output.text.utf8))
            } catch {
                printError("Cannot write \(out): \(error.reason). Choose another --out path.")
                throw ExitCode(ExitStatus.environment)
            }
            FileHandle.standardError.write(Data((summary + "\n").utf8))
        }

        /// The card image of a contact's first candidate, cut to the card and scaled down, or nil
        /// when no image is stored any more.
        func cardPhoto(_ store: any CardStoring, _ contact: Contact) throws -> ContactExport.Photo? {
            for candidateID in contact.candidateIDs {
                let candidate = try runStore { try store.candidate(candidateID) }
                guard let path = candidate.imagePath else { continue }
                if let jpeg = try? CardPhoto.jpeg(path: path, page: candidate.page, box: candidate.bbox) {
                    return ContactExport.Photo(data: jpeg, mediaType: "image/jpeg")
                }
            }
            return nil
        }
    }

    struct ImportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import an address book (.vcf, or .csv from Google, Outlook, HubSpot or Zoho).",
            discussion: """
                Imported contacts are marked as imported, audited, and take part in duplicate detection \
                at review; exports leave them out unless --include-imported. The file is imported in \
                one transaction: a bad line (named with its number) imports nothing. Importing the same \
                file again changes nothing.
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var reviewerOptions: ReviewerOptions
        @OptionGroup var outputOptions: OutputOptions
        @Argument(help: "The .vcf or .csv file.") var file: String

        func run() throws {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                printError("Cannot read \(file): \((error as NSError).localizedDescription). Check the path and its permissions.")
                throw ExitCode.notFound
            }
            guard let text = String(data: data, encoding: .utf8) else {
                printError("Cannot import \(file): it is not UTF-8 text. Export the address book as UTF-8 vCard or CSV.")
                throw ExitCode.allInputsFailed
            }
            let imported: AddressBookImport.ImportedFile
            switch AddressBookImport.read(text, fileName: file) {
            case .success(let read): imported = read
            case .failure(let failure):
                for problem in failure.problems { printError("\(file): \(problem)") }
                printError(
                    "Nothing imported from \(file): \(failure.problems.count) bad line\(failure.problems.count == 1 ? "" : "s"). "
                        + "Fix them (or remove them) and import the file again.")
                throw ExitCode.allInputsFailed
            }
            if !imported.ignoredColumns.isEmpty {
                printError("warning: \(file): columns not imported: \(imported.ignoredColumns.joined(separator: ", "))")
            }
            let store = try store.open()
            let report = try runStore {
                try store.importContacts(
                    imported.contacts, source: URL(fileURLWithPath: file).lastPathComponent,
                    actor: reviewerOptions.reviewer)
            }
            if outputOptions.json { return try JSONOutput.print(report) }
            output(
                "Imported \(file): \(report.created.count) new, \(report.updated.count) updated, "
                    + "\(report.unchanged.count) unchanged; \(report.possibleDuplicates.count) may duplicate existing contacts.")
        }
    }

    struct PushCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "push",
            abstract: "Send scanned contacts to a CardDAV address book (Nextcloud, Radicale, iCloud, Fastmail, ...).",
            discussion: """
                New contacts are created, edited ones replaced (under their ETag), erased ones deleted; \
                a record in the store of what was pushed means a second run sends only changes. A \
                contact edited on the server since the last push is not overwritten (a conflict) \
                unless --force. The password comes from --password-file or CARDSCAN_CARDDAV_PASSWORD.
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var outputOptions: OutputOptions
        @Option(help: ArgumentHelp("The address book's URL.", valueName: "URL")) var carddav: String
        @Option(help: "The user name on the CardDAV server.") var user: String
        @Option(help: ArgumentHelp("A file holding the password (first line).", valueName: "PATH"))
        var passwordFile: String?
        @Flag(help: "Create the address book when the URL has none.") var create = false
        @Flag(help: "Overwrite or delete server copies that changed since the last push.") var force = false

        func validate() throws {
            guard let url = URL(string: carddav), let scheme = url.scheme?.lowercased(),
                scheme == "https" || scheme == "http", url.host != nil
            else {
                throw ValidationError("--carddav takes the address book's http(s) URL, such as https://cloud.example.com/remote.php/dav/addressbooks/users/ana/contacts/.")
            }
        }

        func password() throws -> String {
            if let passwordFile {
                guard let text = try? String(contentsOfFile: passwordFile, encoding: .utf8) else {
                    printError("Cannot read the password file \(passwordFile). Check the path and its permissions.")
                    throw ExitCode.environment
                }
                return text.components(separatedBy: .newlines).first ?? ""
            }
            if let password = ProcessInfo.processInfo.environment["CARDSCAN_CARDDAV_PASSWORD"] { return password }
            printError("No CardDAV password: pass --password-file PATH or set CARDSCAN_CARDDAV_PASSWORD.")
            throw ExitCode(ExitStatus.usage)
        }

        func run() async throws {
            let password = try password()
            let store = try store.open()
            guard let url = URL(string: carddav) else { throw ExitCode(ExitStatus.usage) }
            let client = CardDAVClient(addressBook: url, user: user, password: password)
            let push = CardDAVPush(store: store, client: client, logger: CLILogging.logger("cardscan.sync"))
            let report: CardDAVPushReport
            do {
                report = try await push.run(create: create, force: force)
            } catch let error as CardDAVError {
                printError("\(error)")
                throw ExitCode.environment
            } catch let error as StoreError {
                _ = try runStore { throw error }
                return
            }
            if outputOptions.json { return try JSONOutput.print(report) }
            output(
                "Pushed to \(client.addressBook.absoluteString): \(report.created.count) created, \(report.updated.count) updated, "
                    + "\(report.deleted.count) deleted, \(report.unchanged.count) unchanged.")
            let conflicts = report.conflicts.map { "#\($0)" } + report.deleteConflicts.map { "erased \($0)" }
            if !conflicts.isEmpty {
                printError(
                    "\(conflicts.count) contacts changed on the server since the last push were left alone: "
                        + conflicts.joined(separator: ", ") + ". Pass --force to overwrite them.")
                throw ExitCode(ExitStatus.conflict)
            }
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
        // Where the data was sent (an access request must name the recipients). Erasure keeps
        // these records so that the next `contacts push` deletes the resources on the servers.
        lines.append(
            "  sent to \(person.pushedTo.count) CardDAV address books"
                + (person.pushedTo.isEmpty ? ": -" : " (removed there by the next `contacts push`):"))
        for record in person.pushedTo {
            lines.append(
                "    \(record.server) as \(record.href), \(ISO8601DateFormatter().string(from: record.pushedAt))")
        }
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
            lines.append("  \(field.key.padding(toLength: 11, withPad: " ", startingAt: 0)) \(value ?? "-")")
            // The parts beside the printed forms, as exports use them (correct with --set family=...).
            if field == .name, contact.fields.nameParts != nil {
                let shown = FieldName.nameParts.compactMap { part in contact.fields[part].map { "\(part.rawValue)=\($0)" } }
                if !shown.isEmpty { lines.append("              " + shown.joined(separator: "  ")) }
            }
            if field == .address, contact.fields.addressParts != nil {
                let shown = FieldName.addressParts.compactMap { part in contact.fields[part].map { "\(part.rawValue)=\($0)" } }
                if !shown.isEmpty { lines.append("              " + shown.joined(separator: "  ")) }
            }
        }
        lines.append("  origin      \(contact.origin.rawValue), uid \(contact.uid)")
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
        let store = try store.openForReading()
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
