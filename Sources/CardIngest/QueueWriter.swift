import CardModel
import CardStore
import Foundation
import Logging

/// The pipeline's persist stage: queues recognized cards and records failures in the store.
///
/// Runs on the pipeline's calling thread (results arrive one at a time, in input order), so the
/// store sees one writer per process.
public struct QueueWriter: Sendable {
    private let store: any CardStoring
    private let logger: Logger
    /// The rep's note and event for every file of this run (`--note`, `--event`).
    private let note: String?
    private let event: String?

    public init(store: any CardStoring, logger: Logger, note: String? = nil, event: String? = nil) {
        self.store = store
        self.logger = logger
        self.note = note
        self.event = event
    }

    /// True when several machines share the store: drop folders are split by file claims.
    public var sharesWork: Bool { store.isShared }

    /// Claims a file of a shared drop folder (always true for a store on one machine).
    public func claimFile(folder: String, name: String, holder: String, lease: TimeInterval) throws -> Bool {
        try store.claimFile(folder: folder, name: name, holder: holder, lease: lease)
    }

    /// Extends a claim this watcher still holds; false when another station has the file now.
    public func renewFileClaim(_ claim: FileClaim) throws -> Bool {
        try store.renewFileClaim(claim)
    }

    public func releaseFile(folder: String, name: String, holder: String) {
        do {
            try store.releaseFile(folder: folder, name: name, holder: holder)
        } catch {
            // The lease ends it anyway.
            logger.warning("cannot release a file claim; it ends with its lease", metadata: ["reason": "\(error)"])
        }
    }

    /// A preflight that skips OCR for bytes the store already holds as a successful scan.
    public var preflight: ScanPipeline.Preflight {
        { [store] _, hash in
            (try? store.existingScan(contentHash: hash)).flatMap { $0 }.map { FileStatus.duplicate(ofScan: $0) }
        }
    }

    /// Stores one file's outcome and returns it with its final status.
    ///
    /// - Parameter claim: a shared drop folder's claim on the file: the store writes only while it
    ///   is still this watcher's, checked in the same transaction.
    /// - Throws: `StoreError` when the store itself is unusable (cannot write at all), or
    ///   ``StoreError/fileClaimLost(name:)`` (nothing stored); a problem with this one file becomes
    ///   a `.failed` status instead.
    public func persist(_ result: FileResult, claim: FileClaim? = nil) throws -> FileResult {
        var result = result
        var logger = self.logger
        logger[metadataKey: "file.name"] = "\((result.path as NSString).lastPathComponent)"
        switch result.status {
        case .recognized:
            guard let hash = result.contentHash else { return result }
            let scan = NewScan(
                sourcePath: result.path, contentHash: hash, sourceFile: URL(fileURLWithPath: result.path),
                candidates: result.cards.map { card in
                    NewCandidate(
                        cardIndex: card.cardIndex, page: card.page, bbox: card.bbox, fields: card.fields,
                        ocrText: card.text, confidence: Self.overallConfidence(card.fields))
                }, note: note, event: event, claim: claim)
            let outcome: EnqueueOutcome
            do {
                outcome = try store.enqueue(scan)
            } catch {
                if Self.isStoreUnusable(error) { throw error }
                // A problem with this file (it changed while being read, cannot be copied ...).
                let reason = error.description
                result.status = .failed(reason: reason)
                try store.recordFailure(sourcePath: result.path, contentHash: hash, reason: reason, claim: claim)
                return result
            }
            switch outcome {
            case .queued(let scanID, let candidateIDs):
                result.status = .queued(scanID: scanID, candidateIDs: candidateIDs)
                logger.info("queued", metadata: ["scan.id": "\(scanID)", "cards": "\(candidateIDs.count)"])
            case .duplicate(let scanID):
                result.status = .duplicate(ofScan: scanID)
                logger.info("duplicate", metadata: ["scan.id": "\(scanID)"])
            }
        case .failed(let reason):
            try store.recordFailure(
                sourcePath: result.path, contentHash: result.contentHash, reason: reason, claim: claim)
        case .queued, .duplicate:
            break
        }
        return result
    }

    private static func isStoreUnusable(_ error: StoreError) -> Bool {
        switch error {
        case .cannotOpen, .newerSchema, .database, .notADatabase, .storeNotFound, .fileClaimLost: true
        default: false
        }
    }

    /// Where each card of `result` went, by its position in `result.cards`.
    public static func placements(_ result: FileResult) -> [QueuePlacement?] {
        switch result.status {
        case .queued(let scanID, let ids):
            return result.cards.indices.map { $0 < ids.count ? .queued(scanID: scanID, candidateID: ids[$0]) : nil }
        case .duplicate(let scanID):
            return result.cards.map { _ in .duplicate(ofScan: scanID) }
        case .recognized, .failed:
            return result.cards.map { _ in nil }
        }
    }

    /// The card's overall confidence: the mean of its fields' confidences (0 with no fields).
    ///
    /// The second-review policy compares this with its threshold.
    public static func overallConfidence(_ fields: CardFields) -> Double {
        let all =
            FieldName.cardText.compactMap { fields[$0]?.confidence }
            + fields.phones.map(\.confidence) + fields.emails.map(\.confidence) + fields.websites.map(\.confidence)
        return all.isEmpty ? 0 : all.reduce(0, +) / Double(all.count)
    }
}
