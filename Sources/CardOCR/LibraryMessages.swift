import CStderrCapture
import CTIFFVerify
import Foundation

/// What libjpeg, libpng and libtiff printed while this thread decoded an image.
///
/// Their default handlers print to stderr, without the file name (issue 11, item 7), and those
/// lines are the only sign that an image was decoded from damaged data (item 5). Decoding runs
/// inside `capture`, which keeps the lines for the calling thread instead; the decoder turns the
/// ones that mean damage into an error naming the file, and drops harmless warnings.
struct LibraryMessages {
    /// The lines printed, in order, without their line breaks.
    var lines: [String]

    /// Runs `body` with this thread's stderr output captured.
    static func capture<T>(_ body: () throws -> T) -> (result: Result<T, any Error>, messages: LibraryMessages) {
        _ = installed
        let mark = csc_begin()
        let result = Result { try body() }
        var lines: [String] = []
        if let text = csc_end(mark) {
            lines = String(cString: text).split(whereSeparator: \.isNewline).map {
                $0.trimmingCharacters(in: .whitespaces)
            }.filter { !$0.isEmpty }
            free(text)
        }
        return (result, LibraryMessages(lines: lines))
    }

    /// Installed once per process, before the first decode.
    private static let installed: Void = { _ = csc_install() }()

    /// The lines that say the pixels were decoded from damaged data, for `format`.
    ///
    /// - JPEG (libjpeg-turbo's jerror.h): "Corrupt JPEG data: ..." (JWRN_HIT_MARKER,
    ///   JWRN_HUFF_BAD_CODE, ...) and "Premature end of JPEG file" (JWRN_JPEG_EOF) mean libjpeg
    ///   filled the missing part with grey; "Corrupt JPEG data: N extraneous bytes before
    ///   marker" is stray bytes between segments, harmless.
    /// - TIFF (libtiff's default handlers): errors ("ZIPDecode: Decoding error ...") are printed
    ///   without the "Warning, " that warnings carry.
    /// - PNG: "libpng error: ..." (warnings say "libpng warning").
    func damage(for format: ImageFormat) -> [String] {
        lines.filter { line in
            switch format {
            case .jpeg:
                (line.contains("Corrupt JPEG data") && !line.contains("extraneous bytes"))
                    || line.contains("Premature end of JPEG file") || line.contains("Bogus")
                    || line.contains("Invalid JPEG")
            case .tiff:
                !line.contains("Warning")
            case .png:
                line.contains("libpng error")
            default:
                line.lowercased().contains("error") || line.lowercased().contains("corrupt")
            }
        }
    }

    /// The first damage line, cut to a readable length, for a message ("ZIPDecode: Decoding
    /// error at scanline 0, incorrect header check").
    static func summary(_ lines: [String]) -> String {
        guard let first = lines.first else { return "" }
        let cut = first.count > 160 ? String(first.prefix(157)) + "..." : first
        return lines.count > 1 ? "\(cut); and \(lines.count - 1) more" : cut
    }
}

/// Checks a TIFF page's compressed data by decoding it with libtiff (Sources/CTIFFVerify): Leptonica
/// keeps a page whose strips do not decompress, with blank rows and no word (issue 11, item 5).
enum TIFFPageCheck {
    /// Why page `page` of the TIFF in `bytes` is damaged, or nil when every strip decodes.
    static func damage(in bytes: UnsafeBufferPointer<UInt8>, page: Int) -> String? {
        guard let base = bytes.baseAddress else { return "the file is empty" }
        var message = [CChar](repeating: 0, count: 256)
        let status = ctv_verify_page(base, bytes.count, Int32(page), &message, message.count)
        guard status != 0 else { return nil }
        let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if status < 0 {
            return "libtiff cannot open it" + (text.isEmpty ? "" : " (\(text))")
        }
        return "the TIFF decoder reported damaged image data" + (text.isEmpty ? "" : " (\(text))")
    }
}
