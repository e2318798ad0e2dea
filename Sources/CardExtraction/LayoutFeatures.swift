import Foundation

/// Features of a line that depend on the other lines of the card: its rank by font size, its
/// place from the top, and what its neighbours are (a name sits above its title, a company's
/// second line beside its legal form). Added after every line's own features are known; the
/// model then scores each line once (`LineScorer.applyModel`).
enum LayoutFeatures {
    /// Below this OCR confidence a line is unsure (`low_ocr_confidence`), and so is a word.
    static let unsureBelow = 0.6

    static func add(to scores: inout [SegmentScores], segments: [Segment], sameType: ClosedRange<Double>) {
        let visible = segments.indices.filter { !scores[$0].junk && Text.latinLetterCount(segments[$0].text) + Text.hanCount(segments[$0].text) >= 2 }
        guard !visible.isEmpty else { return }
        // Rank by font size: 1 for the largest text; equal sizes (within 3%) share a rank.
        let sizes = visible.map { segments[$0].size }.sorted(by: >)
        var distinct: [Double] = []
        for size in sizes where distinct.last.map({ size < $0 * 0.97 }) ?? true { distinct.append(size) }
        // Reading order: by line, then by part.
        let ordered = visible.sorted { (segments[$0].line, segments[$0].part) < (segments[$1].line, segments[$1].part) }
        let top = visible.map { segments[$0].box.y }.min() ?? 0
        let bottom = visible.map { segments[$0].box.y + segments[$0].box.height }.max() ?? 1
        let span = Double(max(1, bottom - top))
        // The card's usual type size: the median over its visible lines.
        let median = sizes[sizes.count / 2]
        for (order, i) in ordered.enumerated() {
            var f = scores[i].features
            let rank = (distinct.firstIndex { segments[i].size >= $0 * 0.97 } ?? distinct.count) + 1
            let unsure = segments[i].confidence < unsureBelow
            // The largest type on the card and well above its usual size: a wordmark or the name,
            // not the largest of many lines of one size.
            if rank == 1, segments[i].size >= 1.4 * median {
                f.set("standout")
                if f["legal_form"] == 0 && f["domain_resemblance"] == 0 && f["gibberish"] == 0 && !unsure {
                    f.set("standout_no_company_evidence")
                }
            }
            if rank == 2 { f.set("size_rank_2") }
            if rank == 3 { f.set("size_rank_3") }
            if order == 0 { f.set("first_line") }
            let relative = Double(segments[i].box.y - top) / span
            if relative < 0.33 { f.set("top_third") } else if relative > 0.66 { f.set("bottom_third") }
            // Neighbours in reading order, and in the line's own column: on a card with two
            // columns (name and title at the left, the address at the right) reading order
            // interleaves them.
            let previous = Set([order > 0 ? ordered[order - 1] : nil,
                columnNeighbour(of: i, above: true, among: visible, segments: segments)].compactMap { $0 })
            let next = Set([order + 1 < ordered.count ? ordered[order + 1] : nil,
                columnNeighbour(of: i, above: false, among: visible, segments: segments)].compactMap { $0 })
            if next.contains(where: { scores[$0].hasRole }) { f.set("above_role_line") }
            // A person's name above (`nameLike` has no company words: not "University of San
            // Francisco"), and no firm with a legal form ("Morgan Stanley & Co.").
            if previous.contains(where: { scores[$0].nameLike && scores[$0].features["legal_form"] == 0 }) {
                f.set("below_name_like_line")
            }
            if previous.contains(where: { scores[$0].hasRole }) { f.set("below_role_line") }
            // Name-shaped under its title in larger type, with no role of its own: the name on a
            // card that prints the title first ("Managing Director" / the name, as Japanese cards
            // do).
            if !scores[i].hasRole, f["name_shaped"] > 0 || f["han_name_shape"] > 0, previous.contains(where: {
                scores[$0].hasRole && segments[i].size > sameType.upperBound * segments[$0].size
            }) {
                f.set("larger_below_role_line")
            }
            // A piece printed on one line with a role ("Assistant Manager | JC Enterprise Surat 1"):
            // the title's branch or company, not the address.
            if !scores[i].hasRole,
                visible.contains(where: { $0 != i && segments[$0].line == segments[i].line && scores[$0].hasRole })
            {
                f.set("on_role_line")
            }
            let formNeighbour = previous.union(next).contains { scores[$0].features["legal_form"] > 0 }
            if formNeighbour && scores[i].features["legal_form"] == 0 { f.set("beside_legal_form_line") }
            // Word shape of the line itself.
            // Han, kana and Hangul are printed without spaces between words: no word count.
            // Initials glued to a surname ("D.K.Umak") are words of their own.
            let words = segments[i].text.split(separator: " ").flatMap {
                LineScorer.splitGluedInitials(String($0))
            }.filter { $0.contains(where: \.isLetter) }
            if !Lexicons.isCJK(segments[i].text) {
                switch words.count {
                case 0, 1: f.set("one_word")
                case 2, 3: f.set("two_or_three_words")
                case 4, 5: f.set("four_or_five_words")
                default: f.set("six_or_more_words")
                }
            }
            // "Ayşe YILMAZ", "Taro YAMADA": given name in title case, surname in capitals.
            if words.count >= 2, let first = words.first, let last = words.last,
                first.first?.isUppercase == true, first.dropFirst().contains(where: \.isLowercase),
                last.count >= 2, last.allSatisfy({ !$0.isLetter || $0.isUppercase })
            {
                f.set("title_case_then_capitals")
            }
            if unsure { f.set("low_ocr_confidence") }
            scores[i].features = f
        }
    }

    /// The nearest line above or below `i` whose horizontal extent overlaps it.
    static func columnNeighbour(of i: Int, above: Bool, among visible: [Int], segments: [Segment]) -> Int? {
        let box = segments[i].box
        let middle = box.y + box.height / 2
        var best: (index: Int, distance: Int)?
        for j in visible where j != i {
            let other = segments[j].box
            let overlap = min(box.x + box.width, other.x + other.width) - max(box.x, other.x)
            guard overlap > 0 else { continue }
            let otherMiddle = other.y + other.height / 2
            let distance = above ? middle - otherMiddle : otherMiddle - middle
            guard distance > max(box.height, other.height) / 2 else { continue }
            // Adjacent: less than two line heights of space between them.
            let gap = above ? box.y - (other.y + other.height) : other.y - (box.y + box.height)
            guard gap < 2 * max(box.height, other.height) else { continue }
            if best.map({ distance < $0.distance }) ?? true { best = (j, distance) }
        }
        return best?.index
    }
}
