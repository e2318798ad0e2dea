import CardModel
import Crypto
import Foundation

/// SHA-256 of file contents, the key that makes scans idempotent.
public enum ContentHash {
    /// SHA-256 of the file's bytes as 64 lowercase hex digits, read in 1 MiB chunks.
    ///
    /// `url.path` is a display-form path (``PathBytes``): a name that is not UTF-8 is opened by its bytes.
    public static func sha256(of url: URL) throws(StoreError) -> String {
        do {
            let handle = try openForReading(url)
            defer { try? handle.close() }
            var hasher = SHA256Box()
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(chunk)
            }
            return hasher.finalize()
        } catch {
            throw .cannotStoreImage(path: url.path, reason: "cannot read it (\(describe(error)))")
        }
    }

    /// SHA-256 of bytes in memory as 64 lowercase hex digits.
    public static func sha256(of data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// True for 64 lowercase hex digits.
    public static func isValid(_ hash: String) -> Bool {
        hash.utf8.count == 64 && hash.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}

/// Opens the file at the display-form path `url.path` (``PathBytes``) for reading.
func openForReading(_ url: URL) throws -> FileHandle {
    let fd = PathBytes.withCString(url.path) { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK) }
    guard fd >= 0 else { throw NSError(domain: NSPOSIXErrorDomain, code: Int(errno)) }
    return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
}

/// A short description of a file-system error without any of the file's contents.
func describe(_ error: any Error) -> String {
    let ns = error as NSError
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain
    {
        return String(cString: strerror(Int32(underlying.code)))
    }
    if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
    return ns.localizedDescription
}

/// Incremental SHA-256 to hex, so a copy and its hash are one pass over the file (and other
/// files need not import Crypto).
struct SHA256Box {
    private var hasher = SHA256()
    mutating func update(_ data: Data) { hasher.update(data: data) }
    func finalize() -> String { ContentHash.hex(hasher.finalize()) }
}
