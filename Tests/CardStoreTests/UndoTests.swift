import CardModel
import Foundation
import Testing

@testable import CardStore

/// `z` in review: undo my last decision while nothing else has touched the card (issue 11).
@Suite("Store contract (SQLite and PostgreSQL): undo of a decision")
struct UndoTests {
    @Test("an accept is undone: the contact is gone, the card is pending, the audit says so", arguments: Backend.allCases)
    func undoAccept(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        let id = try folder.enqueueOne(store)
        let outcome = try store.accept(
            id, edits: [], tags: [], reviewer: "alice", expectedVersion: nil, policy: ReviewPolicy())
        let contact = try #require(outcome.contact)
        let version = try store.candidate(id).version
        let undone = try store.undoDecision(id, reviewer: "alice", expectedVersion: version)
        #expect(undone.status == .pending)
        #expect(undone.contactID == nil)
        #expect(throws: StoreError.contactNotFound(contact.id)) { try store.contact(contact.id) }
        let last = try #require(try store.auditTrail(contactID: nil).last)
        #expect(last.actor == "alice" && last.entity == "candidate" && last.newValues?.contains("undo_of") == true)
        // The card can be decided again.
        _ = try store.reject(id, reason: nil, reviewer: "alice", expectedVersion: undone.version)
    }

    @Test("a reject and a merge are undone; the merged contact gets its old values back", arguments: Backend.allCases)
    func undoRejectAndMerge(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        let first = try folder.enqueueOne(store)
        let contact = try #require(
            try store.accept(first, edits: [], tags: [], reviewer: "alice", expectedVersion: nil, policy: ReviewPolicy())
                .contact)
        let second = try folder.enqueueOne(store, fields: card(title: "Countess"))
        let merged = try store.merge(
            second, into: contact.id, take: ["title"], edits: [], reviewer: "bob", expectedVersion: nil)
        #expect(merged.fields.title == "Countess")
        _ = try store.undoDecision(second, reviewer: "bob", expectedVersion: try store.candidate(second).version)
        #expect(try store.contact(contact.id).fields.title == contact.fields.title)
        #expect(try store.candidate(second).status == .pending)
        let rejected = try store.reject(second, reason: "blurry", reviewer: "bob", expectedVersion: nil)
        #expect(try store.undoDecision(second, reviewer: "bob", expectedVersion: rejected.version).status == .pending)
    }

    @Test("someone else's decision, or a card or contact touched since, is not undone", arguments: Backend.allCases)
    func undoRefused(_ backend: Backend) throws {
        let folder = try StoreHarness(backend)
        let store = try folder.open()
        let id = try folder.enqueueOne(store)
        let contact = try #require(
            try store.accept(id, edits: [], tags: [], reviewer: "alice", expectedVersion: nil, policy: ReviewPolicy())
                .contact)
        let version = try store.candidate(id).version
        #expect(throws: StoreError.self) { try store.undoDecision(id, reviewer: "bob", expectedVersion: version) }
        #expect(throws: StoreError.self) { try store.undoDecision(id, reviewer: "alice", expectedVersion: version - 1) }
        _ = try store.editContact(
            contact.id, edits: [FieldEdit(field: .title, value: "Analyst")], addTags: [], removeTags: [],
            actor: "carol", expectedVersion: nil)
        #expect(throws: StoreError.self) { try store.undoDecision(id, reviewer: "alice", expectedVersion: version) }
        #expect(try store.contact(contact.id).fields.title == "Analyst")
        #expect(try store.candidate(id).status == .accepted)
    }
}
