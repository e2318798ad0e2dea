import Foundation

/// Debian's own Python (with python3-vobject, installed by scripts/install-deps) reads what the
/// exports write: the files are checked by the parsers address-book tools use, not by ours.
enum RealParsers {
    static let python = "/usr/bin/python3"

    /// vCards as vobject reads them: one JSON object per card.
    static let vCardScript = #"""
        import io, json, sys, vobject
        out = []
        text = open(sys.argv[1], encoding="utf-8").read()
        # vobject knows 3.0 only: its PHOTO behavior cuts a 4.0 data URI at the comma, so photos
        # are read with its line parser (unfolding, parameters) instead.
        photos = []
        for line, number in vobject.base.getLogicalLines(io.StringIO(text)):
            name, params, value, group = vobject.base.parseLine(line)
            if name.upper() == "PHOTO":
                photos.append(value)
        for card in vobject.readComponents(text):
            c = {}
            def values(name):
                return [x for x in card.contents.get(name, [])]
            c["version"] = card.version.value if hasattr(card, "version") else None
            c["fn"] = card.fn.value if hasattr(card, "fn") else None
            c["kind"] = values("kind")[0].value if values("kind") else None
            c["showas"] = values("x-abshowas")[0].value if values("x-abshowas") else None
            if hasattr(card, "n"):
                n = card.n.value
                def part(v):
                    return " ".join(v) if isinstance(v, list) else v
                c["n"] = {"family": part(n.family), "given": part(n.given), "middle": part(n.additional),
                          "prefix": part(n.prefix), "suffix": part(n.suffix)}
            c["tel"] = [{"value": t.value, "types": [x.lower() for x in t.params.get("TYPE", [])]} for t in values("tel")]
            c["email"] = [e.value for e in values("email")]
            c["url"] = [u.value for u in values("url")]
            c["org"] = values("org")[0].value if values("org") else None
            c["title"] = values("title")[0].value if values("title") else None
            c["note"] = values("note")[0].value if values("note") else None
            c["uid"] = values("uid")[0].value if values("uid") else None
            c["categories"] = values("categories")[0].value if values("categories") else None
            if values("adr"):
                a = values("adr")[0].value
                c["adr"] = {"street": a.street, "city": a.city, "region": a.region, "code": a.code, "country": a.country}
            c["photo"] = photos.pop(0) if values("photo") else None
            out.append(c)
        print(json.dumps(out))
        """#

    /// CSV as Python's csv module reads it: a header and one dict per row (BOM removed).
    static let csvScript = #"""
        import csv, json, sys
        raw = open(sys.argv[1], "rb").read()
        bom = raw.startswith(b"\xef\xbb\xbf")
        with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            rows = list(reader)
            print(json.dumps({"bom": bom, "header": reader.fieldnames, "rows": rows}))
        """#

    /// Runs `script` on `text` written to a temporary file; returns the JSON it prints.
    static func run(_ script: String, on text: String) throws -> Any {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "export-\(UUID().uuidString)")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, file.path]
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ParserFailure(message: String(decoding: errors, as: UTF8.self))
        }
        return try JSONSerialization.jsonObject(with: output)
    }

    struct ParserFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { "parser failed: \(message)" }
    }

    static func vCards(_ text: String) throws -> [[String: Any]] {
        (try run(vCardScript, on: text) as? [[String: Any]]) ?? []
    }

    static func csv(_ text: String) throws -> (bom: Bool, header: [String], rows: [[String: String]]) {
        let object = try run(csvScript, on: text) as? [String: Any] ?? [:]
        return (
            object["bom"] as? Bool ?? false, object["header"] as? [String] ?? [],
            object["rows"] as? [[String: String]] ?? []
        )
    }
}
