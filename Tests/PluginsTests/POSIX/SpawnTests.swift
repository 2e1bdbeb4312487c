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

    /// What `descriptor` gives until end of file, as text.
    private static func readToEnd(_ descriptor: FileDescriptor) -> String {
        var text: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while case let count = read(descriptor.rawValue, &buffer, buffer.count), count > 0 {
            text += buffer[..<count]
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Spawns `prx-probe` searched for in `searchPath` and returns how it ended, or throws why it did not run.
    private static func runProbe(searchPath: String) throws(Errno) -> TerminationStatus? {
        // A probe just written can be "busy" while a child another test forks meanwhile still holds the descriptor
        // it was written through (until that child's `exec` closes it): the run is tried again then.
        for _ in 0..<50 {
            do {
                return try runProbeOnce(searchPath: searchPath)
            } catch where error.rawValue == ETXTBSY {
                usleep(20_000)
            }
        }
        return try runProbeOnce(searchPath: searchPath)
    }

    /// One run of ``runProbe(searchPath:)``.
    private static func runProbeOnce(searchPath: String) throws(Errno) -> TerminationStatus? {
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
            throw failure.error
        }
        return status
    }

    /// Spawns `arguments` with `environment` (whose strings in `environmentStrings` lie in that block), kept from its
    /// `exec` by a search through thousands of missing directories; calls `meanwhile` as soon as the spawn returns, and
    /// returns what the child printed, once it has ended, having reached its program, with status 0.
    private static func outputSearchingLong(
        _ arguments: inout [UnsafeMutablePointer<CChar>?], environment: inout [UnsafeMutablePointer<CChar>?],
        environmentStrings: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0),
        meanwhile: () -> Void
    ) throws -> String {
        let output = try FileDescriptor.pipe()
        defer { output.readEnd.close() }
        let missing = (0..<3000).map { "/prx-spawn-missing-\($0)" }.joined(separator: ":")
        let setup = SpawnSetup(
            searchPath: missing + ":/bin:/usr/bin", standardOutput: output.writeEnd, standardError: output.writeEnd,
            workingDirectory: nil, newSession: false)
        var area = SpawnArea()
        let started = try spawnProgram(
            arguments[0]!, arguments: &arguments, environment: &environment, environmentStrings: environmentStrings,
            setup: setup, area: &area)
        meanwhile()
        output.writeEnd.close()
        defer { started.descriptor.close() }
        let text = Self.readToEnd(output.readEnd)
        let status = try started.pid.wait(blocking: true)?.status
        #expect(area.failure == nil)
        area.free()
        #expect(status == .exited(0))
        return text
    }

    /// The spawn returns before the child has run its program, and the caller may free its strings at once: the
    /// child must run from its own copy. Here it is kept from its `exec` by a search through thousands of missing
    /// directories while the caller overwrites and frees the arguments and the environment it passed.
    @Test func theChildRunsFromItsOwnCopyOfWhatItWasGiven() throws {
        let given = ["sh", "-c", #"printf %s-%s "$0" "$PRX_PROBE""#, "argument"]
        var arguments: [UnsafeMutablePointer<CChar>?] = given.map { strdup($0) }
        arguments.append(nil)
        var environment: [UnsafeMutablePointer<CChar>?] = [strdup("PRX_PROBE=variable"), nil]
        let strings = arguments + environment
        let text = try Self.outputSearchingLong(&arguments, environment: &environment) {
            for string in strings {
                guard let string else { continue }
                memset(string, 0x58, strlen(string))
                free(string)
            }
        }
        #expect(text == "argument-variable")
    }

    /// The environment's strings that lie in the block given with them are copied with the block, in one piece, and
    /// found in the child's copy by their offsets; those outside it are copied one by one. The block and the string
    /// outside it are overwritten as soon as the spawn returns, while the child still searches for its program.
    @Test func theEnvironmentsBlockIsCopiedWholeBesideTheStringsOutsideIt() throws {
        let given = ["sh", "-c", #"printf %s-%s-%s "$PRX_A" "$PRX_B" "$PRX_C""#]
        var arguments: [UnsafeMutablePointer<CChar>?] = given.map { strdup($0) }
        arguments.append(nil)
        defer { arguments.forEach { free($0) } }
        let blockText = Array("PRX_A=first\0PRX_B=second\0".utf8)
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: blockText.count, alignment: 1)
        defer { block.deallocate() }
        block.copyBytes(from: blockText)
        let outside = strdup("PRX_C=outside")!
        defer { free(outside) }
        let first = block.baseAddress!.assumingMemoryBound(to: CChar.self)
        var environment: [UnsafeMutablePointer<CChar>?] = [first + 12, outside, first, nil]
        let text = try Self.outputSearchingLong(
            &arguments, environment: &environment, environmentStrings: UnsafeRawBufferPointer(block)
        ) {
            memset(block.baseAddress!, 0x58, block.count)
            memset(outside, 0x58, strlen(outside))
        }
        #expect(text == "first-second-outside")
    }

    /// Runs `sh -c 'printf %s "${#0}"' argument` in `area` and returns what it printed: the argument's length.
    private static func printLength(of argument: String, in area: inout SpawnArea) throws -> String {
        let output = try FileDescriptor.pipe()
        defer { output.readEnd.close() }
        let given = ["/bin/sh", "-c", #"printf %s "${#0}""#, argument]
        var arguments: [UnsafeMutablePointer<CChar>?] = given.map { strdup($0) }
        arguments.append(nil)
        defer { arguments.forEach { free($0) } }
        var environment: [UnsafeMutablePointer<CChar>?] = [nil]
        let setup = SpawnSetup(
            searchPath: "/bin", standardOutput: output.writeEnd, standardError: output.writeEnd,
            workingDirectory: nil, newSession: true)
        let started = try spawnProgram(
            arguments[0]!, arguments: &arguments, environment: &environment, setup: setup, area: &area)
        output.writeEnd.close()
        defer { started.descriptor.close() }
        let text = Self.readToEnd(output.readEnd)
        #expect(try started.pid.wait(blocking: true)?.status == .exited(0))
        #expect(area.failure == nil)
        return text
    }

    /// One area serves one child after another, and is made again, larger, for a request that does not fit.
    @Test func oneAreaServesChildrenInTurnAndGrowsForALargeRequest() throws {
        var area = SpawnArea()
        defer { area.free() }
        for length in [10, 100_000, 20] {
            #expect(try Self.printLength(of: String(repeating: "a", count: length), in: &area) == String(length))
        }
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
