import Foundation
import PRXTesting

/// Runs the built `prx-plus` binary the way a user would, for end-to-end tests, through `PRXTesting`'s
/// `PRXProcess` (which sets `PRX_HOME` so nothing is written into the real home).
public enum PRXPlus {
    /// The path of the `prx-plus` binary under test: `$PRX_PLUS_BINARY`, else the one beside the test bundle.
    public static var executablePath: String {
        if let explicit = ProcessInfo.processInfo.environment["PRX_PLUS_BINARY"], !explicit.isEmpty {
            return explicit
        }
        return PRXProcess.executablePath(named: "prx-plus")
    }

    /// Runs `prx-plus arguments` in `directory` with `PRX_HOME=home`, to its end.
    public static func run(_ arguments: [String], home: String, directory: String) async throws -> PRXProcess.Outcome {
        try await PRXProcess.run(arguments, executable: executablePath, home: home, directory: directory)
    }
}
