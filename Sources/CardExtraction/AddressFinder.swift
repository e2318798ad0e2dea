import Foundation

/// Finds the address: the best run of adjacent address-like segments, joined with ", ".
struct AddressFinder: Sendable {
    var value: String?
    var members: Set<Int>
    var confidence: Double
    var evidence: String?
    var runnerUp: String?

    /// A segment starts an address run at this score and may continue one at the lower score.
    static let seedScore = 1.2
    static let continueScore = 0.5

    static func find(segments: [Segment], scores: [SegmentScores], excluded: [Bool]) -> AddressFinder {
        var runs: [(members: [Int], total: Double)] = []
        var i = 0
        while i < segments.count {
            guard !excluded[i], scores[i].address >= seedScore else { i += 1; continue }
            var members = [i]
            // extend backwards over weaker lines (a street line above a postcode line)
            var j = i - 1
            while j >= 0, !excluded[j], !scores[j].junk, scores[j].address >= continueScore, close(segments[j], segments[members[0]]) {
                members.insert(j, at: 0)
                j -= 1
            }
            var k = i + 1
            while k < segments.count, !excluded[k], !scores[k].junk, scores[k].address >= continueScore || continuesLabel(segments, members, k, scores),
                close(segments[members[members.count - 1]], segments[k])
            {
                members.append(k)
                k += 1
            }
            runs.append((members, members.reduce(0) { $0 + scores[$1].address }))
            i = k
        }
        guard let best = runs.enumerated().max(by: { $0.element.total != $1.element.total ? $0.element.total < $1.element.total : $0.offset > $1.offset })?.element
        else { return AddressFinder(value: nil, members: [], confidence: 0) }
        let value = best.members.map { segments[$0].text.trimmingCharacters(in: .init(charactersIn: " ,;")) }.joined(separator: ", ")
        let others = runs.filter { $0.members != best.members }.sorted { $0.total > $1.total }
        let margin = best.total - (others.first?.total ?? 0)
        let meanConfidence = best.members.map { segments[$0].confidence }.reduce(0, +) / Double(best.members.count)
        let confidence = min(1, (0.55 + 0.45 * tanh(0.8 * margin)) * (0.7 + 0.3 * min(1, meanConfidence)))
        var reasons = Array(Set(best.members.flatMap { scores[$0].addressReasons })).sorted()
        if best.members.count > 1 { reasons.append("\(best.members.count) lines joined") }
        return AddressFinder(
            value: value, members: Set(best.members), confidence: confidence,
            evidence: reasons.prefix(4).joined(separator: "; "),
            runnerUp: others.first.map { run in run.members.map { segments[$0].text }.joined(separator: ", ") })
    }

    /// A line after an "Address:" label line continues it when it is not a different field.
    private static func continuesLabel(_ segments: [Segment], _ members: [Int], _ k: Int, _ scores: [SegmentScores]) -> Bool {
        guard let first = members.first, segments[first].label == .address, members.count < 3 else { return false }
        let s = scores[k]
        return TextField.allCases.allSatisfy { s[$0] < $0.threshold } && s.address > -0.5
    }

    /// Two segments are close when on the same line, or on consecutive lines of similar height
    /// with a small vertical gap.
    private static func close(_ a: Segment, _ b: Segment) -> Bool {
        if a.line == b.line { return true }
        let h = max(a.height, b.height)
        let gap = Double(b.box.y - a.box.maxY)
        let ratio = min(a.height, b.height) / max(1, h)
        return gap < 1.6 * h && gap > -h && ratio > 0.6
    }
}
