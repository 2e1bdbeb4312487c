import Foundation
import PRXTesting
import Testing

/// Two files a flags-mode run reads that both name prx's standard input shared its one input without a word: `printf
/// 'return {…}' | prx -A /dev/stdin --hook /dev/stdin -C … -r` ran no task, exit 0, `-A` having been opened before the
/// hook file took the pipe's every byte, and from a regular file (`< hook.lua`) the dry run listed the hook's code as
/// `-A`'s lines; a Lua file loaded after another one on standard input was refused as returning nothing. Such a run is
/// refused now, naming both, before either is read, exit 2, in a dry run too; one file on standard input is read.
@Suite(.runsProcesses) struct SharedStandardInputTests {
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
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\nb\n")
        try bench.root.write("hook.lua", "return {}\n")
        for run in ["", " -r"] {
            let outcome = try await bench.shell(feeding + given.flags + run)
            #expect(outcome.status == 2, "\(run): \(outcome.stdout)\(outcome.stderr)")
            #expect(
                outcome.stderr == "prx: error: \(given.named) both name prx's standard input, which holds one input, not "
                    + "one for each: give one of them a file of its own\n", "\(run)")
            #expect(outcome.stdout.isEmpty, "\(run): \(outcome.stdout)")
        }
        #expect(bench.journals().isEmpty)
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
