import Foundation
import PRXTesting
import Testing

/// `strace` on the machine, able to trace prx and make its `close_range` fail as a kernel older than 5.9 would.
private enum OlderKernel {
    /// The start of a command that runs the rest of its words with every `close_range` failing with `ENOSYS`.
    static let command = ["strace", "-f", "-o", "/dev/null", "-e", "trace=close_range",
                          "-e", "inject=close_range:error=ENOSYS"]

    /// Whether that command can run a program here (strace is installed and may trace).
    static func canPretend() async -> Bool {
        (try? await PRXProcess.run(command + ["true"], executable: "/usr/bin/env", home: "/nonexistent").status) == 0
    }

    /// Runs prx with `arguments` in `bench`, every `close_range` failing; its output goes to files, not pipes, so
    /// that a guard left holding copies of prx's descriptors (what this pretends to cause) cannot hold the test.
    static func prx(_ arguments: [String], in bench: Workbench) async throws -> PRXProcess.Outcome {
        let run = try PRXProcess(
            ["-c", "exec \"$@\" >stdout.txt 2>stderr.txt", "sh"] + command + [PRXProcess.executablePath] + arguments,
            executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        let status = await run.wait(killingAfter: 60).status
        return PRXProcess.Outcome(
            status: status, stdout: try bench.root.read("stdout.txt"), stderr: try bench.root.read("stderr.txt"))
    }
}

/// prx on a kernel without `close_range` (Linux < 5.9): there its spawn would hand every descriptor of prx's to the
/// tasks, and the orphan guard, holding a copy of prx's end of their socket, would never see prx die.
@Suite(
    .runsProcesses,
    .enabled("no strace that can trace prx and make close_range fail") { await OlderKernel.canPretend() })
struct KernelRequirementTests {
    private static let message =
        "this Linux kernel (\(KernelRequirementTests.release)) has no close_range system call: prx runs tasks on Linux "
        + "5.9 or later"

    private static var release: String {
        (try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    /// A run is refused before it starts anything or makes any file: one line naming the kernel, exit status 2.
    @Test
    func aRunOnAKernelWithoutCloseRangeIsRefusedBeforeAnythingStarts() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = try bench.root.write("lines.txt", bench.root.file("started") + "\n")
        let outcome = try await OlderKernel.prx(["-A", lines, "-C", "touch @ARG@", "-r"], in: bench)
        #expect(outcome.status == 2, "\(outcome.stderr)")
        #expect(outcome.stderr == "prx: error: \(Self.message)\n")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("started")))
        #expect(bench.logFiles(endingWith: "").isEmpty)
        #expect(bench.journals().isEmpty)
    }

    /// A `close_range` that a seccomp filter refuses (`EPERM`) on a kernel that has it is no reason to refuse the
    /// run: the check said the kernel was too old.
    @Test
    func aCloseRangeRefusedByAFilterIsNoOldKernel() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let lines = try bench.root.write("lines.txt", bench.root.file("started") + "\n")
        let run = try PRXProcess(
            ["-c", "exec \"$@\" >stdout.txt 2>stderr.txt", "sh", "strace", "-f", "-o", "/dev/null",
             "-e", "trace=close_range", "-e", "inject=close_range:error=EPERM", PRXProcess.executablePath,
             "-A", lines, "-C", "touch @ARG@", "-r"],
            executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        let status = await run.wait(killingAfter: 60).status
        #expect(status == 0, "\((try? bench.root.read("stderr.txt")) ?? "")")
        #expect(FileManager.default.fileExists(atPath: bench.root.file("started")))
    }

    /// A recipe run is refused the same way; its dry run, which starts nothing, is not.
    @Test
    func aRecipeRunIsRefusedAndItsDryRunIsNot() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let recipe = try bench.root.write(
            "recipe.lua", "prx.task { \"touch\", \"\(bench.root.file("started"))\", name = \"t\" }\n")
        let refused = try await OlderKernel.prx(["run", recipe, "-r"], in: bench)
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr == "prx: error: \(Self.message)\n")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("started")))
        let dryRun = try await OlderKernel.prx(["run", recipe], in: bench)
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        #expect(dryRun.stdout.contains("touch \(bench.root.file("started"))"), "\(dryRun.stdout)")
    }
}
