import CardModel
import Foundation

/// Pairs front and back sides of cards (`scan --duplex`) and merges each pair into one card.
///
/// Sides are taken in input order. A file with several pages pairs its own pages (0+1, 2+3, ...);
/// single-page files pair with the next single-page file (1st+2nd, 3rd+4th, ...). The front's
/// fields win; the back fills what the front lacks and adds its phones, emails and websites (a
/// back in another language or with only a QR code is normal). When the two sides hold different
/// numbers of cards they are not merged, and a note says so. A back file's own result keeps no
/// cards (they are in the front's candidate) but is still stored, so its bytes count as scanned.
public struct DuplexPairer {
    private var pendingFront: FileResult?

    public init() {}

    /// Adds the next file's result; returns the results that are complete now, in input order.
    public mutating func add(_ result: FileResult) -> [FileResult] {
        let pages = Set(result.cards.map(\.page)).sorted()
        if !result.isFailure && pages.count >= 2 {
            var out = flush(note: "no back side: the next file has several pages and pairs its own")
            out.append(Self.pairPages(result, pages: pages))
            return out
        }
        guard let front = pendingFront else {
            pendingFront = result
            return []
        }
        pendingFront = nil
        return Self.pair(front: front, back: result)
    }

    /// Returns the last front when the number of sides was odd.
    public mutating func finish() -> [FileResult] {
        flush(note: "no back side: it is the last of an odd number of sides")
    }

    private mutating func flush(note: String) -> [FileResult] {
        guard var front = pendingFront else { return [] }
        pendingFront = nil
        if !front.isFailure { front.notes.append("--duplex: \(note)") }
        return [front]
    }

    static func pair(front: FileResult, back: FileResult) -> [FileResult] {
        var front = front
        var back = back
        if front.isFailure || back.isFailure {
            let failed = front.isFailure ? front.path : back.path
            if !front.isFailure { front.notes.append("--duplex: back side \(back.path) failed; front stored alone") }
            if !back.isFailure { back.notes.append("--duplex: front side \(failed) failed; back stored as its own card") }
            return [front, back]
        }
        guard front.cards.count == back.cards.count else {
            let note =
                "--duplex: \(front.path) has \(front.cards.count) card(s) but its back \(back.path) has "
                + "\(back.cards.count); sides not merged"
            front.notes.append(note)
            back.notes.append(note)
            return [front, back]
        }
        front.cards = zip(front.cards, back.cards).map { merge(front: $0, back: $1) }
        back.cards = []
        back.notes.append("--duplex: back side of \(front.path), merged into its card(s)")
        return [front, back]
    }

    static func pairPages(_ result: FileResult, pages: [Int]) -> FileResult {
        var result = result
        var merged: [CardResult] = []
        var index = 0
        while index < pages.count {
            let front = result.cards.filter { $0.page == pages[index] }
            guard index + 1 < pages.count else {
                merged += front
                result.notes.append("--duplex: page \(pages[index]) has no back side (odd number of pages)")
                break
            }
            let back = result.cards.filter { $0.page == pages[index + 1] }
            if front.count == back.count {
                merged += zip(front, back).map { merge(front: $0, back: $1) }
            } else {
                merged += front + back
                result.notes.append(
                    "--duplex: pages \(pages[index]) and \(pages[index + 1]) hold different numbers of cards; not merged")
            }
            index += 2
        }
        result.cards = merged.enumerated().map { offset, card in
            var card = card
            card.cardIndex = offset
            return card
        }
        return result
    }

    /// One card from its two sides: the front's values win, the back fills gaps and adds contacts.
    static func merge(front: CardResult, back: CardResult) -> CardResult {
        var card = front
        card.fields = front.fields.merged(with: back.fields, rule: .fillGaps)
        card.text = front.text + "\n\n" + back.text
        card.timings.decode += back.timings.decode
        card.timings.preprocess += back.timings.preprocess
        card.timings.ocr += back.timings.ocr
        card.timings.extract += back.timings.extract
        card.ocrConfidence = (front.ocrConfidence + back.ocrConfidence) / 2
        return card
    }
}
