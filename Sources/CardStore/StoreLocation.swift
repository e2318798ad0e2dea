import Foundation

/// Where the store lives, by one rule for every command.
public enum StoreLocation {
    /// The database file: `--db PATH` if given, else `$CARDSCAN_DB`, else
    /// `$XDG_DATA_HOME/cardscan/cardscan.sqlite`, else `~/.local/share/cardscan/cardscan.sqlite`.
    ///
    /// Relative paths are resolved against the current directory. An empty value counts as unset
    /// (XDG Base Directory spec: "If $XDG_DATA_HOME is either not set or empty, a default ... should
    /// be used"; the spec also says relative XDG paths are invalid and must be ignored).
    public static func databaseURL(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL {
        if let explicit, !explicit.isEmpty { return absolute(explicit) }
        if let fromEnvironment = environment["CARDSCAN_DB"], !fromEnvironment.isEmpty {
            return absolute(fromEnvironment)
        }
        let dataHome: URL
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            dataHome = URL(fileURLWithPath: xdg, isDirectory: true)
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            dataHome = URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".local/share")
        }
        return dataHome.appendingPathComponent("cardscan/cardscan.sqlite")
    }

    /// The image folder of a database: `<folder>/<file name without extension>-images/`.
    ///
    /// One folder per database file, so two stores in one folder never share (or sweep) images.
    public static func imagesDirectory(forDatabase url: URL) -> URL {
        let stem = url.deletingPathExtension().lastPathComponent
        return url.deletingLastPathComponent().appendingPathComponent("\(stem)-images", isDirectory: true)
    }

    private static func absolute(_ path: String) -> URL {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return URL(fileURLWithPath: expanded).standardizedFileURL }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            .appendingPathComponent(expanded).standardizedFileURL
    }
}
