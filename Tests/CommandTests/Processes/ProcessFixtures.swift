import Foundation
import PRXKernel
import PRXPlugins
import PRXTesting
import Testing
@testable import PRXCommand

/// A process a test starts with `/bin/sh -c script`, every signal at its default action (a process started
/// with Foundation's `Process` inherits the dispositions the test runner ignores), stopped with SIGKILL when the
/// test is done.
final class ShellProcess {
    let pid: Int32
    private var status: TerminationStatus?

    /// Starts `script`; when `awaitingProgram` is given, waits until the script has `exec`ed into that program.
    init(_ script: String, awaitingProgram program: String? = nil) async throws {
        pid = try spawnBackgroundProgram(
            "/bin/sh", arguments: ["sh", "-c", script], environment: [EnvironmentEntry(name: "PATH", value: "/usr/bin:/bin")],
            standardError: .standardError, newSession: false
        ).rawValue
        if let program {
            let deadline = Date().addingTimeInterval(5)
            while Date() < deadline, ProcessIdentity.commandLine(of: pid)?.first != program {
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    /// Whether the process is still running (not ended, not a zombie).
    var isRunning: Bool { ProcessIdentity.of(pid) != nil }

    /// Waits for the process to end and returns how it ended.
    func awaitExit() throws -> TerminationStatus? {
        if let status { return status }
        let ended = try ProcessID(rawValue: pid).wait(blocking: true)?.status
        status = ended
        return ended
    }

    func stop() {
        if status == nil {
            kill(pid, SIGKILL)
            _ = try? awaitExit()
        }
    }
}

/// A run registry in a fresh temporary directory.
struct RegistryBench {
    let root: TemporaryDirectory
    let registry: RunRegistry

    init() throws {
        root = try TemporaryDirectory()
        registry = RunRegistry(directory: root.file("run"))
    }

    /// An entry for the live process `pid` as it is now.
    func entry(for pid: Int32, startTime: Date = Date()) throws -> RunEntry {
        let identity = try #require(ProcessIdentity.of(pid))
        return RunEntry(
            pid: pid, identity: identity, status: "running", startTime: startTime,
            logFile: "/logs/parallelr_\(pid)_01Jan25_000000.log",
            summaryFile: "/logs/parallelr_\(pid)_01Jan25_000000_summary.csv", finished: 0, total: nil)
    }
}
