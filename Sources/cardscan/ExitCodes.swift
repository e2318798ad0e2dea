import ArgumentParser

/// Every exit status cardscan uses, in one place (repeated in the README).
enum ExitStatus {
    /// Everything worked.
    static let success: Int32 = 0
    /// Some inputs failed (each named on stderr); the others were processed.
    static let someInputsFailed: Int32 = 1
    /// No input could be processed at all.
    static let allInputsFailed: Int32 = 2
    /// A candidate, contact or file named on the command line does not exist.
    static let notFound: Int32 = 3
    /// Another reviewer changed the item first; nothing was written.
    static let conflict: Int32 = 4
    /// The environment is not usable: missing OCR language, unwritable store, missing library.
    static let environment: Int32 = 5
    /// The candidate looks like an existing contact: merge it, or accept it with --keep-separate.
    static let possibleDuplicate: Int32 = 6
    /// Invalid command line (swift-argument-parser's EX_USAGE).
    static let usage: Int32 = 64
    /// An internal error: a bug. Please report it with the command that caused it.
    static let internalError: Int32 = 70
}

extension ExitCode {
    static let someInputsFailed = ExitCode(ExitStatus.someInputsFailed)
    static let allInputsFailed = ExitCode(ExitStatus.allInputsFailed)
    static let notFound = ExitCode(ExitStatus.notFound)
    static let conflict = ExitCode(ExitStatus.conflict)
    static let environment = ExitCode(ExitStatus.environment)
    static let possibleDuplicate = ExitCode(ExitStatus.possibleDuplicate)
    static let internalError = ExitCode(ExitStatus.internalError)
}
