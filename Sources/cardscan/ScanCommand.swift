import ArgumentParser

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan", abstract: "Read business cards from images and folders.")

    @Argument(help: "Image files or folders (searched recursively).")
    var paths: [String] = []

    func run() throws {
        throw CleanExit.message("scan is being built")
    }
}
