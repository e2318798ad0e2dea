import CTesseract
import Foundation

/// The time by which one file must be read (`OCROptions.deadlineSeconds`), from a monotonic clock.
///
/// Enforced in two ways: inside Tesseract's word recognition through a progress monitor
/// (`TesseractMonitor`), and between stages (`check()`), because Tesseract's monitor "covers word
/// recognition and it does not cover layout analysis" (ocrclass.h, ETEXT_DESC) and orientation
/// detection takes no monitor at all.
struct OCRDeadline {
    let path: String
    let seconds: Double
    private let end: UInt64

    /// A deadline `seconds` from now for the file at `path`; nil when `seconds` is not positive
    /// (no deadline).
    init?(seconds: Double, path: String) {
        guard seconds > 0, seconds.isFinite else { return nil }
        self.path = path
        self.seconds = seconds
        let nanoseconds = min(seconds * 1e9, Double(UInt64.max / 2))
        self.end = DispatchTime.now().uptimeNanoseconds &+ UInt64(nanoseconds)
    }

    var error: OCRError { .deadlineExceeded(path: path, seconds: seconds) }

    /// Whole milliseconds left, 0 when the deadline has passed.
    var remainingMilliseconds: Int {
        let now = DispatchTime.now().uptimeNanoseconds
        guard now < end else { return 0 }
        return Int(min((end - now) / 1_000_000, UInt64(Int32.max)))
    }

    /// Throws `deadlineExceeded` when the deadline has passed.
    func check() throws {
        if remainingMilliseconds == 0 { throw error }
    }
}

/// Owns one Tesseract progress monitor (`ETEXT_DESC`); `deinit` deletes it.
///
/// One per recognition: `TessMonitorSetDeadlineMSecs` counts from the moment it is called.
final class TesseractMonitor {
    let handle: OpaquePointer

    /// A monitor that makes `TessBaseAPIRecognize` stop after `milliseconds` (> 0).
    ///
    /// ocrclass.h, `set_deadline_msecs`: "Sets the end time to be deadline_msecs milliseconds
    /// from now", and only "if (deadline_msecs > 0)": 0 would mean no deadline, so callers check
    /// for an expired deadline themselves first. The recognizer checks `deadline_exceeded()` before
    /// each word, fakes the remaining words and returns failure (control.cpp, RecogAllWordsPassN).
    init(deadlineMilliseconds milliseconds: Int) throws {
        guard let handle = TessMonitorCreate() else {
            throw OCRError.cCallFailed(function: "TessMonitorCreate", path: nil)
        }
        TessMonitorSetDeadlineMSecs(handle, Int32(clamping: max(milliseconds, 1)))
        self.handle = handle
    }

    deinit {
        TessMonitorDelete(handle)
    }
}
