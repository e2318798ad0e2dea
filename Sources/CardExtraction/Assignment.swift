import Foundation

/// Joint assignment of segments to the single-valued text fields.
///
/// Every field picks one segment or none; no segment serves two fields. The assignment
/// maximises the sum of (score - threshold) over the fields it fills, plus small layout bonuses
/// for pairs (a title right below the name). For each field the best assignment in which that
/// field differs gives the runner-up and the margin that confidence is derived from.
struct Assignment: Sendable {
    /// Chosen segment per field (index into the candidate list), nil for none.
    var choice: [Int?]
    var total: Double
    /// Per field: the best total among assignments where this field differs, and its choice.
    var runnerUp: [(total: Double, choice: Int?)]

    /// Fields with candidates each: small enough to enumerate exhaustively.
    static let candidatesPerField = 6

    static func solve(
        scores: [SegmentScores], eligible: [Bool], pairBonus: (TextField, Int, TextField, Int) -> Double
    ) -> Assignment {
        let fields = TextField.allCases
        // Candidate segments per field: the best few above (threshold - 1.5), for runner-ups.
        var options: [[Int?]] = []
        for field in fields {
            let ranked = scores.indices.filter { eligible[$0] && scores[$0][field] > field.threshold - 1.5 }
                .sorted {
                    scores[$0][field] != scores[$1][field] ? scores[$0][field] > scores[$1][field] : $0 < $1
                }
                .prefix(candidatesPerField)
            options.append([nil] + ranked.map { Optional($0) })
        }

        var best = Assignment(choice: Array(repeating: nil, count: fields.count), total: 0, runnerUp: [])
        var all: [([Int?], Double)] = []
        var current: [Int?] = []
        func total(_ c: [Int?]) -> Double {
            var t = 0.0
            for (f, pick) in c.enumerated() {
                guard let pick else { continue }
                t += scores[pick][fields[f]] - fields[f].threshold
            }
            for a in 0..<c.count {
                for b in 0..<c.count where a != b {
                    if let x = c[a], let y = c[b] { t += pairBonus(fields[a], x, fields[b], y) }
                }
            }
            return t
        }
        func walk(_ f: Int) {
            if f == fields.count {
                all.append((current, total(current)))
                return
            }
            for option in options[f] {
                if let o = option, current.contains(where: { $0 == o }) { continue }
                current.append(option)
                walk(f + 1)
                current.removeLast()
            }
        }
        walk(0)
        // Deterministic: highest total, ties broken by the lexicographically smallest choice.
        func key(_ c: [Int?]) -> [Int] { c.map { $0 ?? -1 } }
        for (c, t) in all
        where t > best.total + 1e-9
            || (abs(t - best.total) <= 1e-9 && key(c).lexicographicallyPrecedes(key(best.choice)))
        {
            best.choice = c
            best.total = t
        }
        best.runnerUp = fields.indices.map { f in
            var alt: (total: Double, choice: Int?) = (-Double.infinity, nil)
            for (c, t) in all where c[f] != best.choice[f] && t > alt.total { alt = (t, c[f]) }
            return alt
        }
        return best
    }
}
