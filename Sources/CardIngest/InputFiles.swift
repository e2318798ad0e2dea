import Foundation

/// Expands command-line paths into the list of files to scan.
public enum InputFiles {
    /// File extensions picked up when a folder is searched (lowercased, without the dot).
    ///
    /// PDFs are read page by page (docs/pages.md); HEIC/HEIF photos through libheif.
    public static let imageExtensions: Set<String> = [
        "jpg", "jpeg", "png", "tif", "tiff", "bmp", "webp", "pdf", "heic", "heif",
    ]

    /// The files to scan and what was passed over.
    public struct Listing: Sendable {
        /// Files in command-line order; files found in a folder are sorted by path.
        public var files: [String]
        /// Files inside folders that were not picked up (not an image extension, hidden).
        public var skipped: [String]
    }

    /// Expands `paths`: a file is taken as given (whatever its name); a folder is searched
    /// recursively for files with an image extension, skipping hidden files and folders.
    ///
    /// - Throws: `IngestError.pathNotFound` for a path that does not exist.
    public static func list(_ paths: [String]) throws -> Listing {
        var files: [String] = []
        var skipped: [String] = []
        var seen = Set<String>()
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw IngestError.pathNotFound(path)
            }
            if !isDirectory.boolValue {
                if seen.insert(path).inserted { files.append(path) }
                continue
            }
            guard let enumerator = fm.enumerator(atPath: path) else {
                throw IngestError.folderUnreadable(path, reason: "cannot enumerate")
            }
            var found: [String] = []
            while let relative = enumerator.nextObject() as? String {
                let full = (path as NSString).appendingPathComponent(relative)
                let name = (relative as NSString).lastPathComponent
                var isDir: ObjCBool = false
                _ = fm.fileExists(atPath: full, isDirectory: &isDir)
                if name.hasPrefix(".") {
                    if isDir.boolValue { enumerator.skipDescendants() }
                    continue
                }
                if isDir.boolValue { continue }
                let ext = (name as NSString).pathExtension.lowercased()
                if imageExtensions.contains(ext) {
                    found.append(full)
                } else {
                    skipped.append(full)
                }
            }
            for file in found.sorted() where seen.insert(file).inserted {
                files.append(file)
            }
        }
        return Listing(files: files, skipped: skipped.sorted())
    }
}
