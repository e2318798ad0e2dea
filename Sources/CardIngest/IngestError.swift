import Foundation

/// Errors of the ingest layer: inputs that cannot be used, evaluation data that cannot be read.
public enum IngestError: Error, CustomStringConvertible, Sendable {
    /// A path given on the command line does not exist.
    case pathNotFound(String)
    /// A folder could not be listed.
    case folderUnreadable(String, reason: String)
    /// No input files were found under the given paths.
    case noInputs([String])
    /// A truth or labels file could not be parsed.
    case badTruthFile(String, reason: String)
    /// The evaluation folder has neither truth files nor a labels.jsonl.
    case noTruth(String)
    /// An external command the benchmark needs could not be run.
    case commandFailed(String, reason: String)
    /// The drop folder does not exist, is not a folder, or its subfolders cannot be created.
    case dropFolderUnusable(String, reason: String)
    /// Another `cardscan watch` holds the drop folder's lock.
    case watcherAlreadyRunning(String)
    /// A processed or failed file could not be moved out of the drop folder.
    case cannotMove(String, to: String, reason: String)

    public var description: String {
        switch self {
        case .pathNotFound(let path):
            "\(path): no such file or folder. Check the path; folders are searched recursively."
        case .folderUnreadable(let path, let reason):
            "\(path): cannot list folder (\(reason)). Check its permissions."
        case .noInputs(let paths):
            "No image files found in \(paths.joined(separator: ", ")). "
                + "cardscan reads .jpg, .jpeg, .png, .tif, .tiff, .bmp and .webp files."
        case .badTruthFile(let path, let reason):
            "\(path): cannot read truth data (\(reason)). Fix the file or regenerate it with scripts/generate_cards.py."
        case .noTruth(let path):
            "\(path): no *.truth.json files and no labels.jsonl found. Pass TestImages/ or a folder in the realcards format."
        case .commandFailed(let command, let reason):
            "Cannot run \(command): \(reason). Install it (scripts/install-deps) and try again."
        case .dropFolderUnusable(let path, let reason):
            "\(path): cannot watch this folder (\(reason)). Create it, or check that this user may write to it."
        case .watcherAlreadyRunning(let path):
            "\(path): another `cardscan watch` is already watching this folder. Stop it first (systemctl stop cardscan-watch)."
        case .cannotMove(let path, let destination, let reason):
            "Cannot move \(path) to \(destination) (\(reason)). Its result is stored; check that this user may "
                + "write to the drop folder and its processed/ and failed/ subfolders, then restart the watcher."
        }
    }
}
