import CardModel
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the first look at a file found: enough to decide whether it is worth an OCR engine.
public struct InspectedFile: Hashable, Sendable {
    /// The format, from the first bytes (never the name).
    public var format: ImageFormat
    /// The file's size in bytes.
    public var size: Int
    /// For JPEG and PNG: where the image ends by its structure (bytes after it are a trailer, such
    /// as a motion photo's video). Nil for other formats: the whole file is the image.
    public var imageLength: Int?
}

/// Looks at a file before anything expensive happens: what kind of file it is, how large, which
/// format its first bytes say, and whether its structure is complete (issue 11, items 3, 4, 9).
///
/// Memory stays constant whatever the file's size: the header is read from the first bytes, the
/// JPEG and PNG structure is walked in 64 KiB pieces, a PDF's `%%EOF` is looked for in its last
/// KiB. A file over the size limit is refused from `fstat` alone, before a byte is read.
public enum FileInspector {
    /// The default largest file accepted: 200 MB. A 600-DPI letter scan is 5-40 MB, a 50 MP phone
    /// photo with a motion-photo video 10-30 MB, a 50-page scanner PDF rarely 100 MB.
    public static let defaultMaxFileSize = 200_000_000

    /// Bytes read to tell the format (the text check looks at up to 512).
    static let headLength = 512

    /// Inspects the file at `path`.
    ///
    /// - Throws: `OCRError` naming the file: `.fileNotFound`, `.permissionDenied`, `.linkLoop`,
    ///   `.notARegularFile` (a folder), `.specialFile` (FIFO, socket, device; opened without
    ///   blocking and never read), `.emptyFile`, `.fileTooLarge`, `.unsupportedFormat`, or
    ///   `.corruptImage` when the structure is truncated or broken.
    public static func inspect(path: String, maxFileSize: Int = defaultMaxFileSize) throws(OCRError) -> InspectedFile {
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
        let fd = PathBytes.withCString(path) { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK) }
        guard fd >= 0 else { throw ImageDecoder.errnoError(errno, path: path) }
        defer { close(fd) }
        return try inspect(fd: fd, path: path, maxFileSize: maxFileSize)
    }

    /// Inspects the file open as `fd`; `path` names it in errors.
    public static func inspect(fd: Int32, path: String, maxFileSize: Int) throws(OCRError) -> InspectedFile {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ImageDecoder.errnoError(errno, path: path) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw .notARegularFile(path: path)
        case S_IFIFO: throw .specialFile(path: path, kind: "a FIFO (named pipe)")
        case S_IFSOCK: throw .specialFile(path: path, kind: "a socket")
        case S_IFCHR, S_IFBLK: throw .specialFile(path: path, kind: "a device")
        default: throw .specialFile(path: path, kind: "an unknown kind of file")
        }
        let size = Int(info.st_size)
        guard size > 0 else { throw .emptyFile(path: path) }
        guard size <= maxFileSize else { throw .fileTooLarge(path: path, size: size, limit: maxFileSize) }
        let source = FileSource(fd: fd, size: size)
        guard let head = source.read(at: 0, count: headLength) else {
            throw ImageDecoder.errnoError(errno, path: path)
        }
        let format = ImageDecoder.sniff(head)
        guard format.isDecodable else { throw .unsupportedFormat(path: path, detected: format) }
        var imageLength: Int?
        switch format {
        case .jpeg, .png:
            switch ImageStructure.check(source, format: format) {
            case .complete(let length): imageLength = length
            case .incomplete(let missing):
                throw .corruptImage(path: path, format: format, reason: "it is truncated (no \(missing))")
            case .damaged(let reason):
                throw .corruptImage(path: path, format: format, reason: reason)
            case .notWalked: break
            }
        case .pdf:
            // PDF 1.7 (7.5.5): "The last line of the file shall contain only the end-of-file
            // marker, %%EOF"; readers tolerate junk after it, so look in the last KiB.
            let tail = source.read(at: max(0, size - 1024), count: 1024) ?? []
            guard PageReader.endsWithEOFMarker(tail) else {
                throw .corruptImage(path: path, format: .pdf, reason: "it is truncated (no %%EOF marker at its end)")
            }
        case .tiff:
            if let chain = PageReader.tiffDirectoryChain(source), chain.truncated {
                throw .corruptImage(
                    path: path, format: .tiff,
                    reason: "it is truncated (the directory of page \(chain.count + 1) lies past the end of the file)")
            }
        case .webp:
            if let problem = ImageDecoder.incompleteness(of: head, size: size, format: .webp) {
                throw .corruptImage(path: path, format: .webp, reason: problem)
            }
        default: break
        }
        return InspectedFile(format: format, size: size, imageLength: imageLength)
    }

    /// A size for people: "2.1 GB", "200 MB", "512 KB", "17 bytes" (decimal units, as `ls -h --si`).
    public static func describe(bytes: Int) -> String {
        let units: [(Double, String)] = [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "KB")]
        for (scale, unit) in units where Double(bytes) >= scale {
            let value = Double(bytes) / scale
            return value >= 100 || value == value.rounded()
                ? "\(Int(value.rounded())) \(unit)" : "\(String(format: "%.1f", value)) \(unit)"
        }
        return "\(bytes) byte\(bytes == 1 ? "" : "s")"
    }
}
