import Foundation
import Testing

@testable import CardModel

/// File names as bytes, shown escaped (issue 11, item 2).
struct PathBytesTests {
    static let cases: [([UInt8], String)] = [
        (Array("card.png".utf8), "card.png"),
        (Array("Zoë Müller 名片.png".utf8), "Zoë Müller 名片.png"),
        (Array("Ren".utf8) + [0xE9] + Array("e.png".utf8), "Ren\\xe9e.png"),
        (Array("a\nb.png".utf8), "a\\nb.png"),
        (Array("tab\there\r.png".utf8), "tab\\there\\r.png"),
        (Array("back\\slash.png".utf8), "back\\\\slash.png"),
        ([0xC3, 0x28, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x80, 0x80], "\\xc3(\\xed\\xa0\\x80\\xf4\\x90\\x80\\x80"),
        (Array("esc\u{1B}[31m.png".utf8), "esc\\x1b[31m.png"),
    ]

    @Test("names show escaped, one line, and the escaping gives the exact bytes back", arguments: cases)
    func roundTrip(_ bytes: [UInt8], _ shown: String) {
        #expect(PathBytes.display(bytes) == shown)
        #expect(PathBytes.raw(shown) == bytes)
        #expect(!shown.contains("\n") && !shown.contains("\u{1B}"))
    }

    @Test("a folder's names come back as bytes, whatever they are")
    func listsBytes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pathbytes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let name = Array("Ren".utf8) + [0xE9] + Array("e\n.png".utf8)
        let path = PathBytes.display(Array(folder.path.utf8)) + "/" + PathBytes.display(name)
        let fd = PathBytes.withCString(path) { open($0, O_WRONLY | O_CREAT | O_EXCL, 0o600) }
        #expect(fd >= 0)
        close(fd)
        #expect(PathBytes.listFolder(folder.path) == ["Ren\\xe9e\\n.png"])
    }

    @Test("a private file is 0600 at umask 000, and replace swaps in a new file instead of following a link")
    func privateFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("private-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = umask(0)
        defer { umask(old) }
        let note = folder.appendingPathComponent("note.txt").path
        try PrivateFile.write(Data("x".utf8), to: note)
        #expect(try FileManager.default.attributesOfItem(atPath: note)[.posixPermissions] as? Int == 0o600)
        // An existing 0644 file and a symbolic link to a file elsewhere.
        let victim = folder.appendingPathComponent("victim.txt").path
        try Data("keep".utf8).write(to: URL(fileURLWithPath: victim))
        chmod(victim, 0o644)
        let out = folder.appendingPathComponent("export.vcf").path
        #expect(symlink(victim, out) == 0)
        try PrivateFile.replace(out, with: Data("new".utf8))
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "new")
        #expect(try FileManager.default.attributesOfItem(atPath: out)[.type] as? FileAttributeType == .typeRegular)
        #expect(try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int == 0o600)
    }
}
