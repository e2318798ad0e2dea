import Foundation

enum Environment {
    /// Re-executes the process once with `OMP_THREAD_LIMIT=1` unless the variable is already set.
    ///
    /// libgomp reads the variable when libtesseract loads, before `main` runs, so `setenv` alone
    /// is too late; on 2 cores OpenMP threads make recognition about 3x slower
    /// (shared/notes/OCR_FACTS.md). Setting the variable yourself (any value) skips this.
    static func ensureSingleThreadedOpenMP() {
        guard ProcessInfo.processInfo.environment["OMP_THREAD_LIMIT"] == nil else { return }
        setenv("OMP_THREAD_LIMIT", "1", 1)
        let arguments = CommandLine.arguments
        var cArguments = arguments.map { strdup($0) }
        cArguments.append(nil)
        // execv returns only on failure; then carry on in this process, merely slower.
        execv("/proc/self/exe", cArguments)
        for pointer in cArguments { free(pointer) }
    }
}
