import Foundation

/// Runs the built `prx-plus` binary the way a user would, for end-to-end tests.
///
/// The binary is `$PRX_PLUS_BINARY` when set, else the `prx-plus` beside the running test bundle (SwiftPM
/// builds both into the same directory). Every run gets `PRX_HOME` so nothing is written into the real home.
public enum PRXPlus {
    /// What a finished run left behind.
    public struct Outcome: Sendable {
        /// The exit status (128 + signal when the process was killed by a signal).
        public var status: Int32
        /// Everything written to standard output.
        public var stdout: String
        /// Everything written to standard error.
        public var stderr: String
    }

    /// The path of the `prx-plus` binary under test.
    public static var executablePath: String {
        if let explicit = ProcessInfo.processInfo.environment["PRX_PLUS_BINARY"], !explicit.isEmpty {
            return explicit
        }
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: runner).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("prx-plus").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return "prx-plus"
    }

    /// Runs `prx-plus arguments` in `directory` with `PRX_HOME=home`, to its end.
    public static func run(_ arguments: [String], home: String, directory: String) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executablePath)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PRX_HOME"] = home
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        nonisolated(unsafe) var errorData = Data()
        let errorHandle = errors.fileHandleForReading
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { errorData = errorHandle.readDataToEndOfFile() }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        group.wait()
        let status = process.terminationReason == .uncaughtSignal
            ? 128 + process.terminationStatus : process.terminationStatus
        return Outcome(
            status: status,
            stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: errorData, as: UTF8.self))
    }
}
