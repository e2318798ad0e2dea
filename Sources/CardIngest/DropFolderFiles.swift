import CardModel
import CardOCR
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What one `lstat` says about a file in the drop folder: enough to tell whether it changed.
public struct FileSnapshot: Hashable, Sendable {
    /// The kind of directory entry.
    public enum Kind: Hashable, Sendable {
        case regular
        case directory
        /// A symbolic link, FIFO, socket or device: never opened by the watcher.
        case other
    }

    /// Regular file, folder, or anything else.
    public var kind: Kind
    /// Size in bytes.
    public var size: Int64
    /// Last modification, nanoseconds since 1970 (wall clock, as the file system stores it).
    public var modifiedNanoseconds: Int64
    /// The file system's device number.
    public var device: UInt64
    /// The inode number: a file replaced under the same name gets a new one.
    public var inode: UInt64

    /// Creates a snapshot from `lstat` values (tests build them directly).
    public init(kind: Kind, size: Int64, modifiedNanoseconds: Int64, device: UInt64, inode: UInt64) {
        self.kind = kind
        self.size = size
        self.modifiedNanoseconds = modifiedNanoseconds
        self.device = device
        self.inode = inode
    }

    /// The file's last modification as a date.
    public var modified: Date { Date(timeIntervalSince1970: Double(modifiedNanoseconds) / 1e9) }

    /// `lstat(path)`, or nil when the entry no longer exists (or cannot be looked at).
    ///
    /// `lstat`, not `stat`: a symbolic link is reported as `.other`, never followed, so a link to a
    /// FIFO or to a file outside the folder is not read.
    public static func take(_ path: String) -> FileSnapshot? {
        var info = stat()
        guard PathBytes.withCString(path, { lstat($0, &info) }) == 0 else { return nil }
        let kind: Kind
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        default: kind = .other
        }
        #if canImport(Glibc)
            let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #else
            let modified = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #endif
        return FileSnapshot(
            kind: kind, size: Int64(info.st_size), modifiedNanoseconds: modified, device: UInt64(info.st_dev),
            inode: UInt64(info.st_ino))
    }
}

/// Which names in the drop folder the watcher leaves alone, and why.
///
/// Temporary and hidden files are what copy tools, browsers, editors and macOS/Windows file
/// sharing leave behind while a real file is still on its way (paperless-ngx ignores the same
/// patterns in its consume folder). They are never processed and never moved.
public enum DropFolderRules {
    /// The watcher's subfolder for originals whose cards are in the store (or were already).
    public static let processedFolder = "processed"
    /// The watcher's subfolder for originals that could not be processed, each with a `.error.txt`.
    public static let failedFolder = "failed"
    /// Suffix of the note written beside a failed file.
    public static let errorSuffix = ".error.txt"

    /// Name endings of temporary files (compared case-insensitively).
    public static let temporarySuffixes = [
        ".part", ".partial", ".tmp", ".temp", ".crdownload", ".download", "~",
    ]
    /// Exact names of files that operating systems drop into shared folders.
    public static let systemNames: Set<String> = ["thumbs.db", "desktop.ini"]

    /// Why a file name is ignored, or nil when the watcher should take it.
    public static func ignoreReason(forName name: String) -> String? {
        if name.isEmpty { return "empty name" }
        if name == processedFolder || name == failedFolder { return "the watcher's own subfolder" }
        if name.hasPrefix("._") { return "macOS resource fork (._*)" }
        if name.hasPrefix(".") { return "hidden file" }
        let lower = name.lowercased()
        if systemNames.contains(lower) { return "operating system file" }
        if let suffix = temporarySuffixes.first(where: { lower.hasSuffix($0) }) {
            return "temporary file (*\(suffix))"
        }
        return nil
    }
}

/// Whether a file's bytes end the way its format says a complete file ends.
///
/// Stable size and mtime are not enough: a slow SMB or scanner write can pause longer than the
/// settle time (paperless-ngx users report damaged consumed files from exactly that). The format
/// is told from the first bytes, never from the name.
public enum FileCompleteness: Hashable, Sendable {
    /// The format's end marker (or declared length) is there.
    case complete(format: String)
    /// The format is known and its end is missing; `missing` says what.
    case incomplete(format: String, missing: String)
    /// The format has no end marker the watcher knows; stability alone decides.
    case unknown

    /// Bytes read from the end of the file to look for an end marker.
    static let tailLength = 4096

    /// Checks the file at `path`: JPEG and PNG by walking their structure from the start (bytes
    /// after the end-of-image marker or `IEND`, such as a motion photo's video, do not matter:
    /// issue 11, item 3), other formats from their first 16 and last 4096 bytes.
    ///
    /// A file that cannot be opened is `.unknown`: the pipeline then reports why it cannot be read.
    /// So is a JPEG or PNG whose structure is broken (no further bytes can fix it): the pipeline
    /// says how.
    public static func check(path: String) -> FileCompleteness {
        let fd = PathBytes.withCString(path) { open($0, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK) }
        guard fd >= 0 else { return .unknown }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return .unknown }
        let size = Int(info.st_size)
        let head = read(fd, at: 0, count: min(16, size))
        let format = ImageDecoder.sniffFormat(head)
        if format == .jpeg || format == .png {
            let name = format == .jpeg ? "JPEG" : "PNG"
            switch ImageStructure.check(fd: fd, size: size, format: format) {
            case .complete: return .complete(format: name)
            case .incomplete(let missing): return .incomplete(format: name, missing: missing)
            case .damaged, .notWalked: return .unknown
            }
        }
        let tailStart = max(0, size - tailLength)
        let tail = read(fd, at: tailStart, count: size - tailStart)
        return check(head: head, tail: tail, size: size)
    }

    /// Decides from the first bytes, the last bytes and the size (the testable core of `check(path:)`).
    public static func check(head: [UInt8], tail: [UInt8], size: Int) -> FileCompleteness {
        func starts(_ magic: [UInt8]) -> Bool {
            head.count >= magic.count && Array(head.prefix(magic.count)) == magic
        }
        if starts([0xFF, 0xD8, 0xFF]) {
            // EOI (FFD9) ends a JPEG; some cameras pad after it with zeros or FF fill bytes.
            var end = tail.count
            let padding: Set<UInt8> = [0x00, 0xFF, 0x0A, 0x0D]
            while end > 0, padding.contains(tail[end - 1]) { end -= 1 }
            if end >= 2, tail[end - 2] == 0xFF, tail[end - 1] == 0xD9 { return .complete(format: "JPEG") }
            return .incomplete(format: "JPEG", missing: "end-of-image marker FFD9")
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            // The IEND chunk: type "IEND" followed by its fixed CRC AE 42 60 82.
            let iend: [UInt8] = [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
            if contains(tail, iend) { return .complete(format: "PNG") }
            return .incomplete(format: "PNG", missing: "IEND chunk")
        }
        if starts(Array("%PDF-".utf8)) {
            if contains(tail, Array("%%EOF".utf8)) { return .complete(format: "PDF") }
            return .incomplete(format: "PDF", missing: "%%EOF trailer")
        }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) {
            // Classic TIFF: the first IFD's offset must point inside the file.
            guard head.count >= 8 else { return .incomplete(format: "TIFF", missing: "header") }
            let little = head[0] == 0x49
            let bytes = head[4..<8].map(UInt32.init)
            let offset =
                little
                ? bytes[0] | bytes[1] << 8 | bytes[2] << 16 | bytes[3] << 24
                : bytes[3] | bytes[2] << 8 | bytes[1] << 16 | bytes[0] << 24
            if Int(offset) + 2 <= size { return .complete(format: "TIFF") }
            return .incomplete(format: "TIFF", missing: "first image directory (at byte \(offset))")
        }
        if starts([0x49, 0x49, 0x2B, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2B]) {
            return head.count >= 16
                ? .complete(format: "BigTIFF") : .incomplete(format: "BigTIFF", missing: "header")
        }
        if starts(Array("RIFF".utf8)), head.count >= 12, Array(head[8..<12]) == Array("WEBP".utf8) {
            // RIFF declares its length after the 8-byte header.
            let declared = Int(head[4]) | Int(head[5]) << 8 | Int(head[6]) << 16 | Int(head[7]) << 24
            if size >= declared + 8 { return .complete(format: "WebP") }
            return .incomplete(format: "WebP", missing: "\(declared + 8 - size) of its declared bytes")
        }
        if starts([0x42, 0x4D]), head.count >= 6 {
            // BMP declares its file size in bytes 2...5.
            let declared = Int(head[2]) | Int(head[3]) << 8 | Int(head[4]) << 16 | Int(head[5]) << 24
            if size >= declared { return .complete(format: "BMP") }
            return .incomplete(format: "BMP", missing: "\(declared - size) of its declared bytes")
        }
        return .unknown
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        for start in stride(from: haystack.count - needle.count, through: 0, by: -1)
        where haystack[start] == needle[0] && Array(haystack[start..<start + needle.count]) == needle {
            return true
        }
        return false
    }

    private static func read(_ fd: Int32, at offset: Int, count: Int) -> [UInt8] {
        guard count > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: count)
        let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
        return got > 0 ? Array(buffer.prefix(got)) : []
    }
}
