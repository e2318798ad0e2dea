import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// inotify on the drop folder, used as a hint only: "something changed, list the folder now".
///
/// Events get lost (queue overflow, network shares deliver none), so the watcher never relies on
/// them: it also lists the folder at start and on every rescan. Non-blocking: `drain()` never waits.
final class FolderEvents {
    private let fd: Int32

    /// Watches `path`, or returns nil where inotify is unavailable or refuses (the watcher then polls).
    init?(path: String) {
        #if canImport(Glibc)
            // inotify(7): IN_NONBLOCK makes read() fail with EAGAIN instead of blocking when no event is queued.
            let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
            guard fd >= 0 else { return nil }
            let mask = UInt32(
                IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_MODIFY | IN_ATTRIB | IN_DELETE | IN_MOVED_FROM)
            guard inotify_add_watch(fd, path, mask) >= 0 else {
                close(fd)
                return nil
            }
            self.fd = fd
        #else
            return nil
        #endif
    }

    deinit {
        close(fd)
    }

    /// Reads every queued event and says whether there was any (an overflow counts as one).
    func drain() -> Bool {
        var any = false
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            let got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if got > 0 {
                any = true
                continue
            }
            // EAGAIN: the queue is empty. Any other error: treat as "look", the rescan covers the rest.
            if got < 0 && errno != EAGAIN && errno != EINTR { any = true }
            if got < 0 && errno == EINTR { continue }
            return any
        }
    }
}
