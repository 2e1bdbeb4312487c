#if os(Linux)
import Foundation
import Glibc
import PRXKernel
@testable import PRXPlugins
import Testing

@Suite struct SpawnTests {
    /// A temporary directory holding `prx-probe`: a script exiting with `code`, executable or not.
    private static func directory(probeExitCode code: Int, executable: Bool) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prx-spawn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let probe = url.appendingPathComponent("prx-probe")
        try "#!/bin/sh\nexit \(code)\n".write(to: probe, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: probe.path)
        return url
    }

    /// Spawns `prx-probe` searched for in `searchPath` and returns how it ended, or throws why it did not run.
    private static func runProbe(searchPath: String) throws(Errno) -> TerminationStatus? {
        let null = FileDescriptor(rawValue: open("/dev/null", O_WRONLY | O_CLOEXEC))
        defer { null.close() }
        var arguments: [UnsafeMutablePointer<CChar>?] = [strdup("prx-probe"), nil]
        var environment: [UnsafeMutablePointer<CChar>?] = [nil]
        defer { free(arguments[0]) }
        let setup = SpawnSetup(
            searchPath: searchPath, standardOutput: null, standardError: null, workingDirectory: nil, newSession: false)
        var area = SpawnArea()
        let started = try spawnProgram(
            arguments[0]!, arguments: &arguments, environment: &environment, setup: setup, area: &area)
        defer { started.descriptor.close() }
        let status = try started.pid.wait(blocking: true)?.status
        defer { area.free() }
        if let failure = area.failure {
            #expect(status == .exited(127))
            throw failure
        }
        return status
    }

    @Test func theSearchSkipsDirectoriesWhereTheProgramIsMissingOrNotExecutable() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("prx-spawn-missing").path
        let notExecutable = try Self.directory(probeExitCode: 3, executable: false)
        let executable = try Self.directory(probeExitCode: 7, executable: true)
        defer {
            try? FileManager.default.removeItem(at: notExecutable)
            try? FileManager.default.removeItem(at: executable)
        }
        #expect(try Self.runProbe(searchPath: "\(missing):\(notExecutable.path):\(executable.path)") == .exited(7))
        #expect(throws: Errno.permissionDenied) { try Self.runProbe(searchPath: "\(missing):\(notExecutable.path)") }
        #expect(throws: Errno.noSuchFile) { try Self.runProbe(searchPath: missing) }
    }
}
#endif
