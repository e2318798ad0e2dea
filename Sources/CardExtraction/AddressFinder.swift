import Foundation

/// Finds the address: the best run of adjacent address-like segments, joined with ", ".
struct AddressFinder: Sendable {
    var value: String?
    var members: Set<Int>
    var confidence: Double
    var evidence: String?
    var runnerUp: String?

    /// A segment starts an address run at this score and may continue one at the lower score.
    static let seedScore = 1.0
    static let continueScore = 0.5

    static func find(segments: [Segment], scores: [SegmentScores], excluded: [Bool]) -> AddressFinder {
        let usable = segments.indices.filter { !excluded[$0] && !scores[$0].junk }
        func canContinue(_ k: Int, _ chain: [Int]) -> Bool {
            scores[k].address >= continueScore || continuesLabel(segments, chain, k, scores)
        }
        var runs: [(members: [Int], total: Double)] = []
        for seed in usable where scores[seed].address >= seedScore {
            var chain = [seed]
            // Grow downwards, then upwards, one nearest aligned line at a time.
            while let last = chain.last,
                let next = usable.filter({ !chain.contains($0) && isBelow(segments[$0], segments[last]) && canContinue($0, chain) })
                    .min(by: { segments[$0].box.y != segments[$1].box.y ? segments[$0].box.y < segments[$1].box.y : $0 < $1 })
            {
                chain.append(next)
            }
            while let first = chain.first,
                let previous = usable.filter({ !chain.contains($0) && isBelow(segments[first], segments[$0]) && scores[$0].address >= continueScore })
                    .max(by: { segments[$0].box.y != segments[$1].box.y ? segments[$0].box.y < segments[$1].box.y : $0 > $1 })
            {
                chain.insert(previous, at: 0)
            }
            // Other pieces of the same lines ("Cep 01014-000 | Centro | SP") come along.
            let lines = Set(chain.map { segments[$0].line })
            for k in usable where lines.contains(segments[k].line) && !chain.contains(k) && scores[k].address > -0.5 {
                chain.append(k)
            }
            var lineTop: [Int: Int] = [:]
            for k in chain { lineTop[segments[k].line] = min(lineTop[segments[k].line] ?? Int.max, segments[k].box.y) }
            chain.sort {
                let a = (lineTop[segments[$0].line] ?? 0, segments[$0].line, segments[$0].part)
                let b = (lineTop[segments[$1].line] ?? 0, segments[$1].line, segments[$1].part)
                return a < b
            }
            if !runs.contains(where: { Set($0.members) == Set(chain) }) {
                runs.append((chain, chain.reduce(0) { $0 + max(0.3, scores[$1].address) }))
            }
        }
        guard let best = runs.enumerated().max(by: { $0.element.total != $1.element.total ? $0.element.total < $1.element.total : $0.offset > $1.offset })?.element
        else { return AddressFinder(value: nil, members: [], confidence: 0) }
        let value = best.members.map { segments[$0].text.trimmingCharacters(in: .init(charactersIn: " ,;")) }.joined(separator: ", ")
        let others = runs.filter { Set($0.members).isDisjoint(with: best.members) }.sorted { $0.total > $1.total }
        let margin = best.total - (others.first?.total ?? 0)
        let meanConfidence = best.members.map { segments[$0].confidence }.reduce(0, +) / Double(best.members.count)
        let shape = 0.55 + 0.45 * tanh(0.8 * margin)
        let confidence = min(1, shape * (0.7 + 0.3 * min(1, meanConfidence)))
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

    /// Whether `b` is the next line below `a`: a small vertical gap, a similar height, and the
    /// same left edge, right edge or centre (left-, right- or centre-aligned blocks).
    static func isBelow(_ b: Segment, _ a: Segment) -> Bool {
        let h = max(a.height, b.height)
        let gap = Double(b.box.y - a.box.maxY)
        guard gap > -0.5 * h, gap < 1.6 * h, min(a.height, b.height) / max(1, h) > 0.6 else { return false }
        let tolerance = 1.5 * h
        return abs(Double(a.box.x - b.box.x)) < tolerance || abs(Double(a.box.maxX - b.box.maxX)) < tolerance
            || abs(a.box.midX - b.box.midX) < tolerance
    }
}
