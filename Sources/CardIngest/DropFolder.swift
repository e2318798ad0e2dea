import CardModel
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The drop folder on disk: its `processed/` and `failed/` subfolders, the single-watcher lock and
/// the moves that end every file's stay.
///
/// Moves never overwrite: a name already taken in the destination gets a `-2`, `-3` ... suffix
/// before its extension. Renames within one file system are atomic, so after a crash a file is
/// either still in the drop folder or already in its destination, never in both. That "exists?
/// then rename" is race-free needs one mover per folder: the lock (`flock` on `processed/`) makes
/// a second watcher on the same folder refuse to start.
final class DropFolder {
    let path: String
    let processedPath: String
    let failedPath: String
    private let lockFD: Int32

    /// Opens `path`, creating `processed/` and `failed/` if needed, and takes the watcher lock.
    ///
    /// With `exclusive` false (a folder shared by the watchers of several machines through a
    /// shared store) no lock is taken: the store's file claims make each file one watcher's.
    init(path: String, exclusive: Bool = true) throws(IngestError) {
        let path = URL(fileURLWithPath: path).standardizedFileURL.path
        guard let snapshot = FileSnapshot.take(path) else {
            throw .dropFolderUnusable(path, reason: "it does not exist")
        }
        guard snapshot.kind == .directory || FileManager.default.fileExists(atPath: path + "/.") else {
            throw .dropFolderUnusable(path, reason: "it is not a folder")
        }
        self.path = path
        processedPath = path + "/" + DropFolderRules.processedFolder
        failedPath = path + "/" + DropFolderRules.failedFolder
        for folder in [processedPath, failedPath] {
            // 0700 whatever the umask: these folders hold card images and failure notes (issue 11,
            // item 6). mkdir(2) applies the umask, so set the mode explicitly on a new folder.
            if PathBytes.withCString(folder, { mkdir($0, 0o700) }) == 0 {
                _ = PathBytes.withCString(folder) { chmod($0, 0o700) }
            } else if errno != EEXIST {
                throw .dropFolderUnusable(
                    path, reason: "cannot create \(folder): \(String(cString: strerror(errno)))")
            }
        }
        guard exclusive else {
            lockFD = -1
            return
        }
        let fd = PathBytes.withCString(processedPath) { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard fd >= 0 else {
            throw .dropFolderUnusable(
                path, reason: "cannot open \(processedPath): \(String(cString: strerror(errno)))")
        }
        // flock(2): the lock belongs to the open file description and goes away when the process
        // dies, so a watcher killed with SIGKILL never leaves a stale lock behind.
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK { throw .watcherAlreadyRunning(path) }
            throw .dropFolderUnusable(
                path, reason: "cannot lock \(processedPath): \(String(cString: strerror(code)))")
        }
        lockFD = fd
        removeStaleNotes()
    }

    /// Removes half-written `.error.txt` temporaries a killed watcher left in `failed/` (only the
    /// lock holder writes there, so none is in progress).
    private func removeStaleNotes() {
        let names = PathBytes.listFolder(failedPath) ?? []
        for name in names where name.hasPrefix(".") && name.hasSuffix(DropFolderRules.errorSuffix + ".tmp") {
            _ = PathBytes.withCString(failedPath + "/" + name) { unlink($0) }
        }
    }

    deinit {
        if lockFD >= 0 { close(lockFD) }
    }

    /// Moves `name` into `processed/`; returns the destination relative to the drop folder.
    func moveToProcessed(_ name: String) throws(IngestError) -> String {
        let target = Self.freeName(for: name) { FileSnapshot.take(processedPath + "/" + $0) != nil }
        try move(name, to: processedPath + "/" + target)
        return DropFolderRules.processedFolder + "/" + target
    }

    /// Writes `<name>.error.txt` into `failed/`, then moves `name` beside it; returns the destination.
    ///
    /// The note is written first: after a crash between the two steps the file is still in the
    /// drop folder, is processed again, and picks the same free name, so the note is replaced,
    /// not duplicated.
    func moveToFailed(_ name: String, reason: String, failedAt: Date = Date()) throws(IngestError) -> String {
        let target = Self.freeName(for: name) { FileSnapshot.take(failedPath + "/" + $0) != nil }
        let note = failedPath + "/" + target + DropFolderRules.errorSuffix
        let text = """
            file: \(name)
            failed at: \(ISO8601DateFormatter().string(from: failedAt))
            reason: \(reason)

            Fix the cause, then move the file back into the drop folder to try again.

            """
        let temporary = failedPath + "/." + target + DropFolderRules.errorSuffix + ".tmp"
        do {
            try PrivateFile.write(Data(text.utf8), to: temporary)
        } catch {
            throw .cannotMove(path + "/" + name, to: note, reason: error.reason)
        }
        guard Self.rename(temporary, note) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = PathBytes.withCString(temporary) { unlink($0) }
            throw .cannotMove(path + "/" + name, to: note, reason: reason)
        }
        try move(name, to: failedPath + "/" + target)
        return DropFolderRules.failedFolder + "/" + target
    }

    private func move(_ name: String, to destination: String) throws(IngestError) {
        let source = path + "/" + name
        guard Self.rename(source, destination) == 0 else {
            throw .cannotMove(source, to: destination, reason: String(cString: strerror(errno)))
        }
    }

    /// rename(2) of two display-form paths (``PathBytes``).
    static func rename(_ from: String, _ to: String) -> Int32 {
        PathBytes.withCString(from) { source in PathBytes.withCString(to) { target in Glibc.rename(source, target) } }
    }

    /// `name`, or the first of `stem-2.ext`, `stem-3.ext` ... that `isTaken` says is free.
    static func freeName(for name: String, isTaken: (String) -> Bool) -> String {
        guard isTaken(name) else { return name }
        let ext = (name as NSString).pathExtension
        let stem = ext.isEmpty ? name : String(name.dropLast(ext.count + 1))
        var counter = 2
        while true {
            let candidate = ext.isEmpty ? "\(stem)-\(counter)" : "\(stem)-\(counter).\(ext)"
            if !isTaken(candidate) { return candidate }
            counter += 1
        }
    }

    static func describe(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain
        {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }
}
