import Foundation

/// What was read on one page of an input file.
public enum PageResult: Hashable, Sendable, Codable {
    /// The cards found on the page (possibly none), each with `page` set.
    case cards([RecognizedCard])
    /// The page could not be read; the file's other pages still were. `page` is 0-based;
    /// `reason` says what is wrong with the page, without the file name and without personal data.
    case failed(page: Int, reason: String)

    /// The cards of every page that was read, in page order; throws `OCRError.noReadablePage`
    /// only when every page failed.
    ///
    /// `path` names the file in the error. The convenience behind `recognizeCards(inFileAt:)`.
    public static func cards(in pages: [PageResult], path: String) throws -> [RecognizedCard] {
        if !pages.isEmpty, pages.allSatisfy(\.isFailure) { throw failureError(in: pages, path: path) }
        return pages.flatMap { result -> [RecognizedCard] in
            if case .cards(let found) = result { return found }
            return []
        }
    }

    /// `OCRError.noReadablePage` listing each failed page's reason ("page 2: ...", 1-based).
    public static func failureError(in pages: [PageResult], path: String) -> OCRError {
        .noReadablePage(
            path: path,
            reasons: pages.compactMap { result in
                if case .failed(let page, let reason) = result { return "page \(page + 1): \(reason)" }
                return nil
            })
    }

    /// True for `.failed`.
    public var isFailure: Bool {
        if case .failed = self { return true }
        return false
    }
}

extension TextRecognizer {
    /// One page holding every card of `recognizeCards(inFileAt:)`: right for recognizers that
    /// read single images only (fakes); `TesseractRecognizer` reads pages itself.
    public func recognizePages(inFileAt url: URL) throws -> [PageResult] {
        [.cards(try recognizeCards(inFileAt: url))]
    }
}

extension OCRError {
    /// True for `.deadlineExceeded`, which ends the whole file rather than one page.
    var isDeadline: Bool {
        if case .deadlineExceeded = self { return true }
        return false
    }
}
