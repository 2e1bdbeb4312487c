import Foundation

/// Runs the built `prx` binary the way a user would, for integration tests.
///
/// The binary is `$PRX_BINARY` when set, else the `prx` beside the running test bundle (SwiftPM builds both
/// into the same directory). Every run gets `PRX_HOME` so nothing is written into the real home.
public struct PRXProcess {
    /// What a finished `prx` run left behind.
    public struct Outcome: Sendable {
        /// The exit status (128 + signal when prx itself was killed by a signal).
        public var status: Int32
        /// Everything prx wrote to standard output.
        public var stdout: String
        /// Everything prx wrote to standard error.
        public var stderr: String

        /// An outcome collected otherwise, for a test that sends prx's output to files.
        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    /// The path of the `prx` binary under test.
    public static var executablePath: String {
        if let explicit = ProcessInfo.processInfo.environment["PRX_BINARY"], !explicit.isEmpty {
            return explicit
        }
        return executablePath(named: "prx")
    }

    /// The path of the binary called `name` that SwiftPM built beside the running test bundle (a custom build
    /// of prx, for instance); `name` itself when there is none.
    public static func executablePath(named name: String) -> String {
        let runner = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: runner).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent(name).path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
            directory.deleteLastPathComponent()
        }
        return name
    }

    /// The process, for tests that signal it while it runs.
    public let process: ChildProcess
    private let stdoutPipe = Pipe()
    private let stderrPipe = Pipe()

    /// Starts `executable arguments` (prx by default) with `PRX_HOME=home` plus `environment`, in `directory`
    /// when given.
    public init(
        _ arguments: [String], executable: String = PRXProcess.executablePath, home: String,
        environment: [String: String] = [:], directory: String? = nil
    ) throws {
        var merged = ProcessInfo.processInfo.environment
        merged["PRX_HOME"] = home
        merged.merge(environment) { _, new in new }
        process = try ChildProcess(
            executable, arguments: arguments, environment: merged, directory: directory,
            standardOutput: .descriptor(stdoutPipe.fileHandleForWriting.fileDescriptor),
            standardError: .descriptor(stderrPipe.fileHandleForWriting.fileDescriptor))
        try stdoutPipe.fileHandleForWriting.close()
        try stderrPipe.fileHandleForWriting.close()
    }

    /// Waits for prx to end and collects its output, holding no thread of Swift's pool meanwhile: the pipes are read
    /// on threads of their own (``BlockingCall``), and the end comes from the child's reaper.
    public func wait() async -> Outcome {
        let stdoutHandle = stdoutPipe.fileHandleForReading
        let stderrHandle = stderrPipe.fileHandleForReading
        async let out = BlockingCall.run { stdoutHandle.readDataToEndOfFile() }
        async let err = BlockingCall.run { stderrHandle.readDataToEndOfFile() }
        let status = await process.awaitExit()
        let (output, errors) = await (out, err)
        return Outcome(
            status: status, stdout: String(decoding: output, as: UTF8.self),
            stderr: String(decoding: errors, as: UTF8.self))
    }

    /// Waits for prx to end as ``wait()`` does, killing it (`SIGKILL`) should it still run `seconds` from now: a test
    /// of a run that might hang fails instead of holding the suite.
    public func wait(killingAfter seconds: Double) async -> Outcome {
        let pid = process.processIdentifier
        let killer = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: killer)
        defer { killer.cancel() }
        return await wait()
    }

    /// Runs `body` beside this run, then sends it `signal` and waits for it to end, whether `body` returned or threw:
    /// for a test that looks at a run while it goes.
    public func whileRunning<Value>(
        stoppedWith signal: Int32 = SIGTERM, _ body: () async throws -> Value
    ) async throws -> Value {
        let value: Result<Value, any Error>
        do {
            value = .success(try await body())
        } catch {
            value = .failure(error)
        }
        kill(process.processIdentifier, signal)
        _ = await wait()
        return try value.get()
    }

    /// Runs `executable arguments` (prx by default) to its end.
    public static func run(
        _ arguments: [String], executable: String = PRXProcess.executablePath, home: String,
        environment: [String: String] = [:], directory: String? = nil
    ) async throws -> Outcome {
        try await PRXProcess(
            arguments, executable: executable, home: home, environment: environment, directory: directory
        ).wait()
    }
}
