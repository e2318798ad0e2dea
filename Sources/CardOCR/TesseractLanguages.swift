import Foundation

/// Where Tesseract's language models are, and which are installed.
public enum TesseractLanguages {
    /// Debian 12's tessdata directory (packages `tesseract-ocr-*`).
    public static let debianDirectory = "/usr/share/tesseract-ocr/5/tessdata"

    /// The tessdata directory Tesseract will use: `explicit`, else `TESSDATA_PREFIX` (which
    /// Tesseract 5 takes as the tessdata directory itself), else Debian's.
    public static func directory(_ explicit: String? = nil) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let prefix = ProcessInfo.processInfo.environment["TESSDATA_PREFIX"], !prefix.isEmpty {
            return prefix
        }
        return debianDirectory
    }

    /// The language models installed in the tessdata directory, sorted (e.g. `["chi_sim", "eng",
    /// "osd"]`); empty when the directory is missing. For `--lang auto` and `--help` texts.
    public static func installed(in directory: String? = nil) -> [String] {
        let dir = Self.directory(directory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.compactMap { name in
            name.hasSuffix(".traineddata") ? String(name.dropLast(".traineddata".count)) : nil
        }.sorted()
    }

    /// The Debian package that installs a language model: `chi_sim` -> `tesseract-ocr-chi-sim`;
    /// script models (capitalised, ISO 15924 in the package name) `Latin` ->
    /// `tesseract-ocr-script-latn`.
    public static func debianPackage(for language: String) -> String {
        let name = language.hasPrefix("script/") ? String(language.dropFirst("script/".count)) : language
        if let first = name.unicodeScalars.first, CharacterSet.uppercaseLetters.contains(first) {
            let (base, vertical) = name.hasSuffix("_vert") ? (String(name.dropLast(5)), "-vert") : (name, "")
            let iso15924 = [
                "Latin": "latn", "Cyrillic": "cyrl", "Arabic": "arab", "Devanagari": "deva", "Greek": "grek",
                "HanS": "hans", "HanT": "hant", "Hangul": "hang", "Japanese": "jpan", "Hebrew": "hebr",
                "Thai": "thai", "Armenian": "armn", "Bengali": "beng", "Georgian": "geor", "Tamil": "taml",
            ]
            return "tesseract-ocr-script-\(iso15924[base] ?? base.lowercased())\(vertical)"
        }
        return "tesseract-ocr-" + name.lowercased().replacingOccurrences(of: "_", with: "-")
    }

    /// Splits `chi_sim+eng` into its models, refusing malformed strings (empty parts, `..`,
    /// characters that are not in model names).
    static func parse(_ languages: String) throws -> [String] {
        let parts = languages.split(separator: "+", omittingEmptySubsequences: false).map(String.init)
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "_-/"))
        for part in parts {
            guard !part.isEmpty, !part.contains(".."), !part.hasPrefix("/"),
                part.unicodeScalars.allSatisfy({ allowed.contains($0) && $0.isASCII })
            else { throw OCRError.invalidLanguage(languages) }
        }
        return parts
    }

    /// Checks that every model of `languages` is installed in `directory`, throwing the
    /// package-naming error for the first one missing. Tesseract itself only prints to stderr.
    static func checkInstalled(_ languages: String, in directory: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
            isDirectory.boolValue
        else { throw OCRError.tessdataNotFound(directory: directory) }
        for language in try parse(languages) {
            let file = (directory as NSString).appendingPathComponent("\(language).traineddata")
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw OCRError.missingLanguage(
                    language: language, directory: directory, package: debianPackage(for: language))
            }
        }
    }
}
