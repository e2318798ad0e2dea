import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The terminal settings to restore when the process is interrupted (read by the signal handler).
nonisolated(unsafe) private var savedTerminalSettings: termios?

/// Keyboard input for `review`: single keys without Enter on a TTY (no echo, not canonical;
/// Ctrl-C still interrupts), whole lines for prompts. Plain bytes, so it works over SSH and in
/// any terminal; when stdin is not a TTY, keys are read from the stream, ignoring line breaks.
final class Terminal {
    let isTTY: Bool
    private var original = termios()

    init() {
        isTTY = isatty(STDIN_FILENO) == 1
        guard isTTY, tcgetattr(STDIN_FILENO, &original) == 0 else { return }
        savedTerminalSettings = original
        signal(SIGINT) { _ in
            if var settings = savedTerminalSettings { tcsetattr(STDIN_FILENO, TCSANOW, &settings) }
            _exit(130)
        }
        signal(SIGTERM) { _ in
            if var settings = savedTerminalSettings { tcsetattr(STDIN_FILENO, TCSANOW, &settings) }
            _exit(143)
        }
        keyMode()
    }

    deinit { restore() }

    /// Restores the settings the terminal had before `review` started.
    func restore() {
        guard isTTY else { return }
        tcsetattr(STDIN_FILENO, TCSANOW, &original)
    }

    private func keyMode() {
        guard isTTY else { return }
        var settings = original
        settings.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutablePointer(to: &settings.c_cc) {
            $0.withMemoryRebound(to: cc_t.self, capacity: Int(NCCS)) { cc in
                cc[Int(VMIN)] = 1
                cc[Int(VTIME)] = 0
            }
        }
        tcsetattr(STDIN_FILENO, TCSANOW, &settings)
    }

    private func readByte() -> UInt8? {
        var byte: UInt8 = 0
        while true {
            let count = read(STDIN_FILENO, &byte, 1)
            if count == 1 { return byte }
            if count < 0 && errno == EINTR { continue }
            return nil
        }
    }

    /// The next key pressed, or nil at end of input. Escape sequences (arrows) are skipped.
    func readKey() -> Character? {
        while let byte = readByte() {
            switch byte {
            case 0x0A, 0x0D, 0x20: continue
            case 0x1B:
                // Swallow "ESC [ X" sequences from arrow keys.
                if isTTY, let next = readByte(), next == 0x5B { _ = readByte() }
                continue
            case 0x04: return nil  // Ctrl-D
            default: return Character(Unicode.Scalar(byte))
            }
        }
        return nil
    }

    /// Shows `text` and reads one line with echo and line editing; nil at end of input.
    func prompt(_ text: String) -> String? {
        write(text)
        if isTTY { tcsetattr(STDIN_FILENO, TCSANOW, &original) }
        defer { keyMode() }
        var bytes: [UInt8] = []
        while let byte = readByte() {
            if byte == 0x0A || byte == 0x0D { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }

    /// Writes to stdout immediately (the review screen is the command's output).
    func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    func line(_ text: String = "") { write(text + "\n") }
}
