import Foundation
import PRXTesting
import Testing

/// Two files a flags-mode run reads that both name prx's standard input shared its one input without a word: `printf
/// 'return {…}' | prx -A /dev/stdin --hook /dev/stdin -C … -r` ran no task, exit 0, `-A` having been opened before the
/// hook file took the pipe's every byte, and from a regular file (`< hook.lua`) the dry run listed the hook's code as
/// `-A`'s lines; a Lua file loaded after another one on standard input was refused as returning nothing. So did two
/// that reach one pipe by other paths (`-A /dev/fd/3 --hook /dev/stdin 3<&0`). Such a run is refused now, naming both,
/// before either is read, exit 2, in a dry run too; one file on standard input is read, and so is one regular file
/// read through two descriptors.
@Suite(.runsProcesses) struct SharedInputStreamTests {
    @Test(arguments: [
        ("-A /dev/stdin -C 'echo @ARG@' --hook /dev/stdin", "-A /dev/stdin and --hook /dev/stdin"),
        ("-A /dev/fd/0 -C 'echo @ARG@' --parser /dev/stdin", "-A /dev/fd/0 and --parser /dev/stdin"),
        (
            "-A /proc/self/fd/0 -C 'echo @ARG@' --stop-policy /dev/stdin",
            "-A /proc/self/fd/0 and --stop-policy /dev/stdin"
        ),
        (
            "-A args.txt -C 'echo @ARG@' --stop-policy /dev/stdin --hook /dev/fd/0",
            "--stop-policy /dev/stdin and --hook /dev/fd/0"
        ),
        (
            "--source args-file --set args-file.file=/dev/stdin --set args-file.command='echo @ARG@' --hook /dev/stdin",
            "args-file.file /dev/stdin and --hook /dev/stdin"
        ),
    ], [#"printf 'return {}\n' | "$PRX" "#, #"< hook.lua "$PRX" "#])
    func twoFilesOnStandardInputAreRefused(given: (flags: String, named: String), feeding: String) async throws {
        try await expectRefused(feeding + given.flags, "\(given.named) both name prx's standard input")
    }

    /// Two files that reach one pipe, however they name it (a copy of standard input as descriptor 3 or 4), are
    /// refused as two naming standard input are.
    @Test(arguments: [
        ("-A /dev/fd/3 -C 'echo @ARG@' --hook /dev/stdin 3<&0", "-A /dev/fd/3 and --hook /dev/stdin"),
        ("-A /dev/stdin -C 'echo @ARG@' --parser /proc/self/fd/3 3<&0", "-A /dev/stdin and --parser /proc/self/fd/3"),
        (
            "-A args.txt -C 'echo @ARG@' --stop-policy /dev/fd/3 --hook /dev/fd/4 3<&0 4<&0",
            "--stop-policy /dev/fd/3 and --hook /dev/fd/4"
        ),
        (
            "--source args-file --set args-file.file=/dev/fd/3 --set args-file.command='echo @ARG@' "
                + "--hook /dev/stdin 3<&0",
            "args-file.file /dev/fd/3 and --hook /dev/stdin"
        ),
    ])
    func twoFilesOnOnePipeAreRefused(flags: String, named: String) async throws {
        try await expectRefused(#"printf 'return {}\n' | "$PRX" "# + flags, "\(named) both read one stream (a FIFO)")
    }

    /// Expects the shell command `command`, with `-r` and as a dry run, in a workbench holding `args.txt` and
    /// `hook.lua`, to be refused, exit 2, with `prx: error: <refusal>, which holds one input, …`, before anything is
    /// read or run.
    private func expectRefused(_ command: String, _ refusal: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\nb\n")
        try bench.root.write("hook.lua", "return {}\n")
        for run in ["", " -r"] {
            let outcome = try await bench.shell(command + run)
            #expect(outcome.status == 2, "\(run): \(outcome.stdout)\(outcome.stderr)")
            #expect(
                outcome.stderr == "prx: error: \(refusal), which holds one input, not one for each: give one of them a "
                    + "file of its own\n", "\(run)")
            #expect(outcome.stdout.isEmpty, "\(run): \(outcome.stdout)")
        }
        #expect(bench.journals().isEmpty)
    }

    /// One regular file through two descriptors is no stream: each reads it from its start, `-A` its line and `--hook`
    /// its code.
    @Test func oneRegularFileThroughTwoDescriptorsIsReadByBoth() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("hook.lua", #"return { on_done = function() print("done") end }"# + "\n")
        let outcome = try await bench.shell(
            #""$PRX" -A /dev/fd/3 -C 'echo @ARG@' --hook /dev/stdin -r 3<hook.lua < hook.lua"#)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("done\n"), "\(outcome.stdout)")
        let records = try await bench.summaryRecords()
        #expect(records.map { $0["status"] } == ["SUCCESS"], "\(records)")
    }

    /// One file on standard input, beside files of their own, is read: `-A /dev/stdin` its lines, `--hook /dev/stdin`
    /// its code.
    @Test func oneFileOnStandardInputIsRead() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\nb\n")
        try bench.root.write("hook.lua", #"return { on_done = function() print("done") end }"# + "\n")
        let lines = try await bench.shell(
            #"printf 'x\ny\nz\n' | "$PRX" -A /dev/stdin -C 'echo @ARG@' --hook hook.lua"#)
        #expect(lines.status == 0, "\(lines.stderr)")
        #expect(lines.stdout.hasSuffix("# dry run: 3 tasks; add -r to run them\n"), "\(lines.stdout)")
        let hook = try await bench.shell(#""$PRX" -A args.txt -C 'echo @ARG@' --hook /dev/stdin -r < hook.lua"#)
        #expect(hook.status == 0, "\(hook.stderr)")
        #expect(hook.stdout.hasPrefix("done\n"), "\(hook.stdout)")
    }
}
