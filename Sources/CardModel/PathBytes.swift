import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// File names as the file system has them: bytes, shown escaped (issue 11, item 2).
///
/// A Linux file name is any bytes but `/` and NUL: `Ren\xe9e.png` from an old scanner or an SMB
/// share is not valid UTF-8, and a name may hold a newline. A Swift `String` (and Foundation's
/// directory listing and `URL`) cannot carry such a name: it replaces the bytes, and the file
/// can no longer be opened. cardscan therefore holds every path in its *display form*: valid
/// UTF-8 stays as it is, each byte that is not valid UTF-8 or is a control character is written
/// `\xHH` (`\n`, `\r`, `\t` for those three), and a backslash is doubled. The display form is
/// what messages, logs, the store and `--once` lines show, so a name can neither corrupt the
/// terminal nor split a log line; the escaping is one-to-one, so `raw(_:)` gives the exact bytes
/// back for every system call. Paths without backslashes or control characters (almost all of
/// them) are the same in both forms.
public enum PathBytes {
    /// The display form of the raw bytes of a path.
    public static func display(_ bytes: some Collection<UInt8>) -> String {
        let bytes = Array(bytes)
        var out = ""
        var i = 0
        while i < bytes.count {
            let length = validSequenceLength(bytes, at: i)
            if length == 0 {
                out += hex(bytes[i])
                i += 1
                continue
            }
            let slice = bytes[i..<i + length]
            let text = String(decoding: slice, as: UTF8.self)
            if let scalar = text.unicodeScalars.first, isControl(scalar) {
                for byte in slice { out += escape(byte) }
            } else if text == "\\" {
                out += "\\\\"
            } else {
                out += text
            }
            i += length
        }
        return out
    }

    /// The display form of a path given as a `String` (valid UTF-8 by construction).
    public static func display(_ path: String) -> String { display(Array(path.utf8)) }

    /// The raw bytes of a display-form path (the inverse of `display`).
    public static func raw(_ display: String) -> [UInt8] {
        let bytes = Array(display.utf8)
        guard bytes.contains(UInt8(ascii: "\\")) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            guard b == UInt8(ascii: "\\"), i + 1 < bytes.count else {
                out.append(b)
                i += 1
                continue
            }
            switch bytes[i + 1] {
            case UInt8(ascii: "\\"):
                out.append(b)
                i += 2
            case UInt8(ascii: "n"):
                out.append(0x0A)
                i += 2
            case UInt8(ascii: "r"):
                out.append(0x0D)
                i += 2
            case UInt8(ascii: "t"):
                out.append(0x09)
                i += 2
            case UInt8(ascii: "x") where i + 3 < bytes.count:
                if let value = UInt8(String(decoding: bytes[i + 2...i + 3], as: UTF8.self), radix: 16) {
                    out.append(value)
                    i += 4
                } else {
                    out.append(b)
                    i += 1
                }
            default:
                out.append(b)  // a lone backslash (not written by `display`): itself
                i += 1
            }
        }
        return out
    }

    /// Calls `body` with the raw bytes of a display-form path as a C string.
    public static func withCString<T>(_ display: String, _ body: (UnsafePointer<CChar>) throws -> T) rethrows -> T {
        let bytes = raw(display).map { CChar(bitPattern: $0) } + [0]
        return try bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { preconditionFailure("a C string holds at least its NUL") }
            return try body(base)
        }
    }

    /// The display-form names in the folder at display-form `path`, without `.` and `..`, in the
    /// order the file system gives them; nil when the folder cannot be listed (`errno` says why).
    public static func listFolder(_ path: String) -> [String]? {
        guard let directory = withCString(path, { opendir($0) }) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> [UInt8] in
                Array(raw.prefix { $0 != 0 })
            }
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            names.append(display(name))
        }
        return names
    }

    // MARK: - Helpers

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
    }

    private static func escape(_ byte: UInt8) -> String {
        switch byte {
        case 0x0A: "\\n"
        case 0x0D: "\\r"
        case 0x09: "\\t"
        default: hex(byte)
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return "\\x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
    }

    /// The length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there does not
    /// start one (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
    private static func validSequenceLength(_ b: [UInt8], at i: Int) -> Int {
        let first = b[i]
        if first < 0x80 { return 1 }
        func continuation(_ k: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            i + k < b.count && range.contains(b[i + k])
        }
        switch first {
        case 0xC2...0xDF: return continuation(1) ? 2 : 0
        case 0xE0: return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return continuation(1) && continuation(2) ? 3 : 0
        case 0xED: return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : 0
        case 0xF0: return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4: return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default: return 0
        }
    }
}
