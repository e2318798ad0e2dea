import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files that hold card data readable by their owner only (mode 0600), whatever the
/// caller's umask, without following a symbolic link at the destination (issue 11, item 6).
public enum PrivateFile {
    /// Why a private file could not be written: the system's words.
    public struct WriteError: Error, CustomStringConvertible, Sendable {
        public var reason: String
        public var description: String { reason }
    }

    /// Writes `data` to a new file at `path` (mode 0600); fails if anything exists there.
    public static func write(_ data: Data, to path: String) throws(WriteError) {
        let fd = PathBytes.withCString(path) { open($0, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600) }
        guard fd >= 0 else { throw WriteError(reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        // open(2) applies the umask to 0600 too (which can only narrow it), but a file created by a
        // privileged umask of 0 would still be 0600: set it explicitly all the same.
        fchmod(fd, 0o600)
        try writeAll(fd, data)
    }

    /// Replaces the file at `path` atomically with `data` (mode 0600): written to a temporary file
    /// in the same folder, flushed, then renamed over `path`. A symbolic link at `path` is
    /// replaced, never followed; readers see the old file or the new one, never half of one.
    public static func replace(_ path: String, with data: Data) throws(WriteError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = folder + "/.\(url.lastPathComponent).\(UUID().uuidString).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw WriteError(reason: String(cString: strerror(errno))) }
        var done = false
        defer {
            if !done { unlink(temporary) }
        }
        do {
            defer { close(fd) }
            fchmod(fd, 0o600)
            try writeAll(fd, data)
            guard fsync(fd) == 0 else { throw WriteError(reason: String(cString: strerror(errno))) }
        }
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            throw WriteError(reason: "it is a folder")
        }
        guard rename(temporary, path) == 0 else { throw WriteError(reason: String(cString: strerror(errno))) }
        done = true
    }

    private static func writeAll(_ fd: Int32, _ data: Data) throws(WriteError) {
        let failure: String? = data.withUnsafeBytes { raw -> String? in
            guard let base = raw.baseAddress else { return nil }
            var written = 0
            while written < raw.count {
                let n = systemWrite(fd, base + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                written += n
            }
            return nil
        }
        if let failure { throw WriteError(reason: failure) }
    }
}

/// write(2), under a name the enum's own `write` does not shadow.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
