import CardModel
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
        for path in paths {
            // Display-form paths (``PathBytes``): names that are not UTF-8 are listed and opened by
            // their bytes (issue 11, item 2).
            var info = stat()
            if PathBytes.withCString(path, { stat($0, &info) }) != 0 {
                // A symbolic link that leads nowhere (or in a loop) exists as a link: pass it on,
                // so the pipeline says what is wrong with it instead of "no such file".
                var link = stat()
                guard PathBytes.withCString(path, { lstat($0, &link) }) == 0 else {
                    throw IngestError.pathNotFound(path)
                }
                if seen.insert(path).inserted { files.append(path) }
                continue
            }
            if info.st_mode & S_IFMT != S_IFDIR {
                if seen.insert(path).inserted { files.append(path) }
                continue
            }
            var found: [String] = []
            try walk(path, found: &found, skipped: &skipped, top: path)
            for file in found.sorted() where seen.insert(file).inserted {
                files.append(file)
            }
        }
        return Listing(files: files, skipped: skipped.sorted())
    }

    /// Adds the image files under `folder` (recursively, hidden entries skipped) to `found` and
    /// the others to `skipped`. Symbolic links to folders are not followed (no loops).
    private static func walk(_ folder: String, found: inout [String], skipped: inout [String], top: String) throws {
        guard let names = PathBytes.listFolder(folder) else {
            let reason = String(cString: strerror(errno))
            if folder == top { throw IngestError.folderUnreadable(folder, reason: reason) }
            skipped.append(folder)
            return
        }
        for name in names where !name.hasPrefix(".") {
            let full = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            var info = stat()
            let isFolder =
                PathBytes.withCString(full, { lstat($0, &info) }) == 0 && info.st_mode & S_IFMT == S_IFDIR
            if isFolder {
                try walk(full, found: &found, skipped: &skipped, top: top)
                continue
            }
            let ext = (name as NSString).pathExtension.lowercased()
            if imageExtensions.contains(ext) {
                found.append(full)
            } else {
                skipped.append(full)
            }
        }
    }
}
