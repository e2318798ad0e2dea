import Foundation

/// An image file format, as detected from a file's first bytes (never from its name).
public enum ImageFormat: String, Hashable, Sendable, Codable, CaseIterable {
    case jpeg, png, tiff, bmp, gif, webp, jp2, pnm
    /// PDF: every page rasterised with poppler (Sources/CPoppler), not by Leptonica.
    case pdf
    /// Formats this build cannot read: refused with a hint.
    case heic, avif
    /// Text (such as a CSV or HTML page saved with an image name), or bytes we do not recognize.
    case text, unknown

    /// True when this build decodes the format (Leptonica 1.82 on Debian 12 links libjpeg,
    /// libpng, libtiff, libgif, libwebp and libopenjp2: `ldd liblept.so.5`); PDF through poppler-cpp.
    public var isDecodable: Bool {
        switch self {
        case .jpeg, .png, .tiff, .bmp, .gif, .webp, .jp2, .pnm, .pdf, .heic: true
        case .avif, .text, .unknown: false
        }
    }
}

/// Everything that can go wrong in `CardOCR`: one enum for the module (STYLE.md section 6).
///
/// Cases say what happened; associated values say where. `description` says what failed, on
/// which file, and what to do. No personal data (recognized text) is ever put in an error.
public enum OCRError: Error, CustomStringConvertible, Hashable, Sendable {
    /// The file does not exist.
    case fileNotFound(path: String)
    /// The process may not read the file.
    case permissionDenied(path: String)
    /// The path names a directory or a special file.
    case notARegularFile(path: String)
    /// The path is a FIFO, socket or device (`kind` says which): never read, it could block forever.
    case specialFile(path: String, kind: String)
    /// The path is a symbolic link that leads, through other links, back to itself (ELOOP).
    case linkLoop(path: String)
    /// The file is larger than the size limit (`--max-file-size`): refused before reading it.
    case fileTooLarge(path: String, size: Int, limit: Int)
    /// Reading failed for another reason (an I/O error); `reason` is the system's message.
    case readFailed(path: String, reason: String)
    /// The file has zero bytes (often a copy still in progress).
    case emptyFile(path: String)
    /// The bytes are not an image format this build decodes (detected from magic bytes).
    case unsupportedFormat(path: String, detected: ImageFormat)
    /// The file looks like an image but is truncated or damaged: the decoder refused it, or its
    /// end marker (JPEG EOI, PNG IEND) is missing. Nothing half-decoded is ever returned.
    case corruptImage(path: String, format: ImageFormat, reason: String)
    /// The header announces more pixels than allowed: refused before decoding (decompression bombs).
    case tooManyPixels(path: String, width: Int, height: Int, limit: Int)
    /// The tessdata directory does not exist.
    case tessdataNotFound(directory: String)
    /// A Tesseract language model is not installed; `package` is the Debian package that has it.
    case missingLanguage(language: String, directory: String, package: String)
    /// The language string is malformed (allowed: names like `eng` or `chi_sim`, joined by `+`).
    case invalidLanguage(String)
    /// A C function of Leptonica or Tesseract reported failure; `path` is the file being processed.
    case cCallFailed(function: String, path: String?)
    /// The PDF is encrypted with a password needed to open it.
    case encryptedPDF(path: String)
    /// A PDF or multi-page TIFF has more pages than allowed: refused before any page is decoded.
    case tooManyPages(path: String, pages: Int, limit: Int)
    /// No page of a multi-page file could be read; `reasons` says why, page by page
    /// (`"page 2: its page object is missing or damaged"`).
    case noReadablePage(path: String, reasons: [String])
    /// Reading the file took longer than the per-file deadline (`OCROptions.deadlineSeconds`).
    case deadlineExceeded(path: String, seconds: Double)

    /// The file the error is about, when there is one.
    public var path: String? {
        switch self {
        case .fileNotFound(let path), .permissionDenied(let path), .notARegularFile(let path),
            .readFailed(let path, _), .emptyFile(let path), .unsupportedFormat(let path, _),
            .corruptImage(let path, _, _), .tooManyPixels(let path, _, _, _), .encryptedPDF(let path),
            .tooManyPages(let path, _, _), .noReadablePage(let path, _), .deadlineExceeded(let path, _),
            .specialFile(let path, _), .linkLoop(let path), .fileTooLarge(let path, _, _):
            path
        case .cCallFailed(_, let path): path
        case .tessdataNotFound, .missingLanguage, .invalidLanguage: nil
        }
    }

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "Cannot read \(path): no such file. Check the path."
        case .permissionDenied(let path):
            return "Cannot read \(path): permission denied. Make the file readable by the user running cardscan or one of its groups (chmod g+r, with the drop folder's group)."
        case .notARegularFile(let path):
            return "Cannot read \(path): not a regular file. Pass an image file, not a directory."
        case .specialFile(let path, let kind):
            return "Cannot read \(path): it is \(kind), not a regular file. Copy the image into a plain file and pass that."
        case .linkLoop(let path):
            return "Cannot read \(path): it is a symbolic link that leads back to itself (a link loop). Point the link at the image file, or pass the file itself."
        case .fileTooLarge(let path, let size, let limit):
            return "Refusing \(path): it is \(FileInspector.describe(bytes: size)), over the file size limit of \(FileInspector.describe(bytes: limit)) (checked before reading it). If it really is one card image, pass --max-file-size with a larger value."
        case .readFailed(let path, let reason):
            return "Cannot read \(path): \(reason). Check the disk or share, then retry."
        case .emptyFile(let path):
            return
                "Cannot read \(path): the file is empty (0 bytes). If it is still being copied, retry when it is complete."
        case .unsupportedFormat(let path, let detected):
            let what: String
            switch detected {
            case .heic, .avif:
                what =
                    "it is \(detected.rawValue.uppercased()), which this build cannot decode. Convert it to JPEG or PNG first (e.g. `heif-convert`), or set the phone to save JPEG"
            case .text:
                what = "it is a text file, not an image, whatever its name says"
            default:
                what = "its first bytes are not a known image format. Supported: JPEG, PNG, TIFF, BMP, GIF, WebP, JPEG 2000, PNM, PDF"
            }
            return "Cannot read \(path): \(what)."
        case .corruptImage(let path, let format, let reason):
            return
                "Cannot decode \(path) (\(format.rawValue.uppercased())): \(reason). The file is truncated or damaged; copy it again from the source."
        case .tooManyPixels(let path, let width, let height, let limit):
            return
                "Refusing \(path): \(width)x\(height) pixels exceeds the limit of \(limit) pixels (checked from the header, before decoding). Downscale the image or raise the limit with --max-pixels N."
        case .tessdataNotFound(let directory):
            return
                "Cannot find Tesseract's tessdata directory \(directory). Install tesseract-ocr-eng or pass --tessdata DIR."
        case .missingLanguage(let language, let directory, let package):
            return
                "Cannot load Tesseract language '\(language)' from \(directory): \(language).traineddata not found. Install \(package) or pass --tessdata DIR."
        case .invalidLanguage(let languages):
            return
                "Invalid Tesseract language string '\(languages)': use model names joined by '+', such as 'eng' or 'chi_sim+eng'."
        case .cCallFailed(let function, let path):
            let on = path.map { " on \($0)" } ?? ""
            return "\(function) failed\(on). This is unexpected: retry, and report it with the file if it persists."
        case .encryptedPDF(let path):
            return "Cannot read \(path): the PDF is password-protected. Save an unprotected copy (e.g. `qpdf --decrypt --password=PASSWORD IN OUT`) and scan that."
        case .tooManyPages(let path, let pages, let limit):
            return "Refusing \(path): it has \(pages) pages, more than the limit of \(limit) (checked before reading any page). Split it (e.g. `pdfseparate` or `tiffsplit`) or pass --max-pages \(pages)."
        case .noReadablePage(let path, let reasons):
            // Pages refused for their size are not damaged: copying the file again cannot help.
            let sizeOnly = reasons.allSatisfy {
                $0.contains("poster-sized") || $0.contains("pixels, over the limit") || $0.contains("too coarse")
            }
            let advice =
                sizeOnly
                ? "Its pages are too large to be card scans: export the card area as an image, or raise --max-pixels."
                : "The file is damaged; copy it again from the source or rescan."
            return "Cannot read any page of \(path): \(reasons.joined(separator: "; ")). \(advice)"
        case .deadlineExceeded(let path, let seconds):
            return "Gave up on \(path): it took longer than \(Self.seconds(seconds)) s to read; pass --deadline to allow more."
        }
    }

    /// `60` or `0.001`: whole seconds without a fraction, others as given.
    private static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }

    /// The same error, naming `path` when it did not name a file yet.
    func naming(_ path: String) -> OCRError {
        if case .cCallFailed(let function, nil) = self { return .cCallFailed(function: function, path: path) }
        return self
    }
}

// MARK: - Checking C results (SwiftNIO's `syscall(where:)` style)

/// Calls a Leptonica function returning `l_ok` (0 on success, 1 on error) and throws on error.
@inline(__always)
func leptonica(_ function: StaticString, _ body: () -> Int32) throws {
    guard body() == 0 else { throw OCRError.cCallFailed(function: "\(function)", path: nil) }
}

/// Calls a C constructor that returns NULL on failure, and throws on NULL.
@inline(__always)
func nonNull<T>(_ function: StaticString, _ body: () -> T?) throws -> T {
    guard let value = body() else { throw OCRError.cCallFailed(function: "\(function)", path: nil) }
    return value
}
