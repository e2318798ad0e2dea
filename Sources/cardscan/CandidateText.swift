import CardModel
import CardStore
import Foundation

/// Text rendering of a candidate, shared by `queue show` and `review`.
struct CandidateText {
    /// Fields below this confidence are marked `!` (and shown in yellow on a colour terminal).
    var lowConfidence: Double = 0.7
    /// ANSI colour and bold; off unless the output is a terminal and NO_COLOR is unset.
    var color = false

    func bold(_ text: String) -> String { color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    func warn(_ text: String) -> String { color ? "\u{1B}[33;1m\(text)\u{1B}[0m" : text }
    func dim(_ text: String) -> String { color ? "\u{1B}[2m\(text)\u{1B}[0m" : text }

    /// The field rows: marker, name, value, confidence, and the runner-up where there is one.
    func fieldLines(_ fields: CardFields, confirmed: ContactFields?) -> [String] {
        var lines: [String] = []
        func row(_ name: String, _ value: String?, _ confidence: Double?, runnerUp: AlternativeValue? = nil) {
            let low = (confidence ?? 1) < lowConfidence
            let marker = low ? warn("!") : " "
            let shown = DisplayWidth.pad(value ?? "-", to: 30)
            var line = "\(marker) \(name.padding(toLength: 11, withPad: " ", startingAt: 0)) "
            line += low ? warn(shown) : shown
            if let confidence { line += "  " + dim(formatConfidence(confidence)) }
            if let runnerUp {
                line += "  runner-up: \(runnerUp.value) (\(formatConfidence(runnerUp.confidence)))"
            }
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        if let confirmed {
            // After a first review the confirmed values are what counts.
            for (field, value) in confirmed.displayFields { row(field.key, value, nil) }
            return lines
        }
        for field in FieldName.cardText {
            let value = fields[field]
            row(field.rawValue, value?.value, value?.confidence, runnerUp: value?.alternatives.first)
        }
        if fields.phones.isEmpty { row(FieldName.phone.key, nil, nil) }
        for phone in fields.phones {
            row("phone", "\(phone.e164 ?? phone.value) (\(phone.kind.rawValue))", phone.confidence)
        }
        if fields.emails.isEmpty { row(FieldName.email.key, nil, nil) }
        for email in fields.emails {
            row("email", email.value, email.confidence, runnerUp: email.alternatives.first)
        }
        for website in fields.websites { row("website", website.value, website.confidence) }
        return lines
    }

    /// "possible duplicate of #N (same email): differs in title (card: X, contact: Y)".
    func duplicateLines(_ matches: [DuplicateMatch]) -> [String] {
        matches.map { match in
            let reasons = match.reasons.map { $0.rawValue.replacingOccurrences(of: "_", with: " ") }
                .joined(separator: ", ")
            var line = warn("possible duplicate of #\(match.contactID)") + " (\(reasons))"
            if match.differences.isEmpty {
                line += ": no differing fields"
            } else {
                line += "; differs in:"
                for difference in match.differences {
                    line +=
                        "\n    \(difference.field): card \(difference.candidate ?? "-") | contact \(difference.contact ?? "-")"
                }
            }
            return line
        }
    }

    func render(_ candidate: Candidate, duplicates: [DuplicateMatch], position: String? = nil) -> String {
        var lines: [String] = []
        let status = candidate.status.rawValue.replacingOccurrences(of: "_", with: " ")
        var heading = "Candidate #\(candidate.id)"
        if let position { heading += " (\(position))" }
        heading +=
            ": \(status), confidence \(formatConfidence(candidate.confidence)), version \(candidate.version)"
        lines.append(bold(heading))
        if let first = candidate.firstReviewer {
            lines.append("  first confirmed by \(first); needs a different reviewer")
        }
        if let reviewer = candidate.reviewedBy { lines.append("  reviewed by \(reviewer)") }
        if let contactID = candidate.contactID { lines.append("  contact #\(contactID)") }
        if let reason = candidate.rejectReason { lines.append("  reject reason: \(reason)") }
        lines.append(
            "  source: \(candidate.sourcePath) (scan #\(candidate.scanID), page \(candidate.page + 1), card \(candidate.cardIndex + 1))"
        )
        if let image = candidate.imagePath { lines.append("  image:  \(image)") }
        lines += fieldLines(candidate.fields, confirmed: candidate.firstReviewFields)
        lines += duplicateLines(duplicates)
        return lines.joined(separator: "\n")
    }
}

extension CandidateText {
    /// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
    static func forTerminal(fileDescriptor: Int32 = STDOUT_FILENO) -> CandidateText {
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let dumb = ProcessInfo.processInfo.environment["TERM"] == "dumb"
        return CandidateText(color: isatty(fileDescriptor) == 1 && !noColor && !dumb)
    }
}
