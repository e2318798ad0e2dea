import CardModel
import Foundation

/// Review rules both store implementations apply the same way (pure functions, no database).
enum StoreRules {
    /// Throws a conflict unless the candidate is open and (when given) at the expected version.
    static func requireOpen(_ candidate: Candidate, expectedVersion: Int?) throws(StoreError) {
        if let expectedVersion, expectedVersion != candidate.version {
            throw .candidateConflict(id: candidate.id, expectedVersion: expectedVersion, current: candidate.state)
        }
        guard CandidateStatus.open.contains(candidate.status) else {
            throw .candidateConflict(id: candidate.id, expectedVersion: expectedVersion, current: candidate.state)
        }
    }

    /// The values a reviewer confirms: the first reviewer's values when there was one, else the extractor's.
    static func reviewedFields(
        _ candidate: Candidate, edits: [FieldEdit], normalizer: ContactNormalizer
    ) -> ContactFields {
        var fields = candidate.firstReviewFields ?? ContactFields(candidate.fields)
        if candidate.firstReviewFields == nil {
            fields.note = candidate.note
            fields.event = candidate.event
        }
        return normalizer.apply(edits, to: fields)
    }

    /// A contact's fields after merging a candidate's into them (see ``CardStoring/merge``).
    static func merged(
        _ existing: ContactFields, with incoming: ContactFields, take: Set<String>, edits: [FieldEdit],
        normalizer: ContactNormalizer
    ) -> ContactFields {
        normalizer.apply(edits, to: normalizer.merge(existing, incoming, take: takeFields(take)))
    }

    /// The keys that make two records the same person: normalised e-mails and phone numbers
    /// (E.164 when known, else the digits as written).
    struct PersonKeys {
        var emails: Set<String> = []
        var phones: Set<String> = []
        var texts: [String] = []

        init(_ fields: ContactFields) {
            add(fields)
        }

        mutating func add(_ fields: ContactFields) {
            emails.formUnion(fields.emails.map(ContactNormalizer.emailKey).filter { !$0.isEmpty })
            phones.formUnion(fields.phones.map(ContactNormalizer.phoneKey).filter { $0.count >= 6 })
            texts += fields.emails.map(ContactNormalizer.emailKey) + fields.phones.map(\.value)
        }

        /// True when the card shares an e-mail or phone with the person.
        func matches(_ fields: ContactFields?) -> Bool {
            guard let fields else { return false }
            if !emails.isDisjoint(with: fields.emails.map(ContactNormalizer.emailKey)) { return true }
            return !phones.isDisjoint(with: fields.phones.map(ContactNormalizer.phoneKey))
        }

        /// True when a failure record's file name or reason names the person (e-mail or phone).
        func mentioned(in text: String) -> Bool {
            let lowered = text.lowercased()
            return texts.contains { !$0.isEmpty && lowered.contains($0.lowercased()) }
        }
    }

    /// The fields a merge's `take` names: single fields by name, `phones`, `emails` and
    /// `websites` (the contract's list names, ``FieldName/key``) or their `--set` names; empty
    /// for an unknown name.
    static func takeFields(_ names: Set<String>) -> Set<FieldName> {
        Set(FieldName.allCases.filter { names.contains($0.key) || names.contains($0.rawValue) })
    }

    static func checkTakeFields(_ take: Set<String>) throws(StoreError) {
        for field in take where takeFields([field]).isEmpty {
            throw .unknownField(field)
        }
    }

    /// Fields whose values differ between a candidate and a contact.
    static func differences(_ candidate: ContactFields, _ contact: ContactFields) -> [FieldDifference] {
        zip(candidate.displayFields, contact.displayFields).compactMap { a, b in
            a.value == b.value ? nil : FieldDifference(field: a.field.key, candidate: a.value, contact: b.value)
        }
    }

    /// The stored file name of a scanned file: `<aa>/<hash>.<ext>` (a short, safe extension or `bin`).
    static func imageFileName(for source: URL, contentHash: String) -> String {
        let ext = source.pathExtension.lowercased()
        let safeExt =
            (1...5).contains(ext.count) && ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
            ? ext : "bin"
        return "\(contentHash.prefix(2))/\(contentHash).\(safeExt)"
    }

    /// Writes bytes to a private file (0600 in a 0700 folder) for a local viewer.
    static func writePrivateCopy(_ data: Data, named name: String, in folder: URL) throws(StoreError) -> URL {
        let target = folder.appendingPathComponent(name)
        do {
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            // The folder is in a shared temporary directory: use it only if it is ours and not a link.
            var info = stat()
            guard lstat(folder.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == getuid() else {
                throw StoreError.cannotStoreImage(
                    path: target.path, reason: "\(folder.path) is not a folder of yours; remove it and retry")
            }
            chmod(folder.path, 0o700)
            let temporary = folder.appendingPathComponent(".\(UUID().uuidString).part")
            guard FileManager.default.createFile(
                atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o600])
            else { throw StoreError.cannotStoreImage(path: target.path, reason: "cannot write the copy") }
            guard rename(temporary.path, target.path) == 0 else {
                unlink(temporary.path)
                throw StoreError.cannotStoreImage(path: target.path, reason: String(cString: strerror(errno)))
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .cannotStoreImage(path: target.path, reason: describe(error))
        }
        return target
    }
}
