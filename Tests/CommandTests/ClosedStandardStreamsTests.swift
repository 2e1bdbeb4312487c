import Foundation
import PRXTesting
import Testing

/// A file that names a standard stream prx was started without (`--json /dev/stdout >&-`) is refused before the run:
/// prx holds `/dev/null` there, which the path reached, so the results went to nothing and `-A /dev/stdin <&-` read no
/// task, exit 0, without a word.
@Suite(.runsProcesses) struct ClosedStandardStreamsTests {
    @Test(arguments: [
        ("--json /dev/stdout >&-", "--json /dev/stdout names prx's standard output"),
        ("--set log.path=/dev/fd/1 >&-", "log.path /dev/fd/1 names prx's standard output"),
        ("--set log.path=/dev/stderr 2>&-", nil),
        ("--set csv.path=/dev/stderr 2>&-", nil),
        ("-A /dev/stdin <&-", "-A /dev/stdin names prx's standard input"),
        ("-A /dev/stdin -D <&-", "-A /dev/stdin names prx's standard input"),
    ])
    func aFileNamingAClosedStandardStreamIsRefused(flags: String, refusal: String?) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\nb\n")
        let arguments = flags.hasPrefix("-A") ? flags : "-A args.txt \(flags)"
        let prx = "'\(PRXProcess.executablePath)' -C 'echo @ARG@' -r \(arguments)"
        let outcome = try await PRXProcess.run(
            ["-c", prx], executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        #expect(outcome.status == 2, "\(outcome.stderr)")
        // A closed standard error takes the message with it.
        let message = refusal.map {
            "prx: error: \($0), which was closed when prx started: give prx the stream, or name a file\n"
        }
        #expect(outcome.stderr == message ?? "")
        #expect(bench.journals().isEmpty)
    }

    /// What reads standard input closed as prx started read `/dev/null` there: `prx.lines("/dev/stdin")` gave a
    /// recipe no line, and its dry run said `0 tasks`, exit 0 (a run was refused only after the recipe had loaded, on
    /// which the recipe could have failed first); so did `-A /dev/stdin`, a recipe read from `-` and `io.lines`, and a
    /// `--hook /dev/stdin` was refused for returning no table. Each is refused as it is read, naming it, in a dry run
    /// and a run alike.
    @Test(arguments: [
        ("run recipe.lua", #"local lines = prx.lines("/dev/stdin")"#, "recipe.lua:1: prx.lines /dev/stdin"),
        ("run recipe.lua", #"for _ in prx.each_line("/dev/stdin") do end"#, "recipe.lua:1: prx.each_line /dev/stdin"),
        ("run recipe.lua", #"for _ in io.lines("/dev/stdin") do end"#, "recipe.lua:1: io.lines /dev/stdin"),
        ("run -", "", "the recipe /dev/stdin"),
        ("-A /dev/stdin -C 'echo @ARG@'", "", "-A /dev/stdin"),
        ("-A args.txt -C 'echo @ARG@' --hook /dev/stdin", "", "--hook /dev/stdin"),
        ("-A args.txt -C 'echo @ARG@' --parser /dev/fd/0", "", "--parser /dev/fd/0"),
    ])
    func whatReadsAClosedStandardInputIsRefused(command: String, recipe: String, refusal: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\nb\n")
        try bench.root.write("recipe.lua", "\(recipe)\nprx.task { \"true\" }\n")
        for run in ["", " -r"] {
            let prx = "'\(PRXProcess.executablePath)' \(command)\(run) <&-"
            let outcome = try await PRXProcess.run(
                ["-c", prx], executable: "/bin/sh", home: bench.home, directory: bench.root.path)
            #expect(outcome.status == 2, "\(run): \(outcome.stderr)")
            #expect(
                outcome.stderr == "prx: error: \(refusal) names prx's standard input, which was closed when prx "
                    + "started: give prx the stream, or name a file\n", "\(run)")
            #expect(outcome.stdout.isEmpty, "\(run): \(outcome.stdout)")
        }
        #expect(bench.journals().isEmpty)
    }

    /// A path naming a descriptor from 3 on that prx was not started with reached one prx had opened itself, or
    /// nothing: `-A /dev/fd/8` read one of its pidfds and waited for ever, `-A /dev/fd/3` said `No such device or
    /// address`, `-A /dev/fd/40` `No such file or directory`, for a descriptor the shell never gave. Each is refused
    /// before anything is read, naming the descriptor, in a dry run and a run alike (a result file in a run, which
    /// writes it); one given (`5<args.txt`) is read.
    @Test(arguments: [
        ("-A /dev/fd/40", ["", " -r"], "-A /dev/fd/40 names prx's descriptor 40"),
        ("-A args.txt --json /proc/self/fd/41", [" -r"], "--json /proc/self/fd/41 names prx's descriptor 41"),
        ("-A args.txt --hook /dev/fd/42", ["", " -r"], "--hook /dev/fd/42 names prx's descriptor 42"),
    ])
    func aFileNamingADescriptorPrxWasNotGivenIsRefused(flags: String, runs: [String], refusal: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\nb\n")
        for run in runs {
            let prx = "'\(PRXProcess.executablePath)' -C 'echo @ARG@' \(flags)\(run)"
            let outcome = try await PRXProcess.run(
                ["-c", prx], executable: "/bin/sh", home: bench.home, directory: bench.root.path)
            #expect(outcome.status == 2, "\(run): \(outcome.stderr)")
            #expect(outcome.stderr == "prx: error: \(refusal), which prx was not started with: give prx the "
                + "descriptor, or name a file\n", "\(run)")
        }
        #expect(bench.journals().isEmpty)
        let given = try await PRXProcess.run(
            ["-c", "'\(PRXProcess.executablePath)' -C 'echo @ARG@' -r -A /dev/fd/5 5<args.txt"], executable: "/bin/sh",
            home: bench.home, directory: bench.root.path)
        #expect(given.status == 0, "\(given.stderr)")
        #expect(try await bench.summaryRecords().compactMap { $0["command"] }.sorted() == ["echo a", "echo b"])
    }

    /// A descriptor given above the soft limit on open files, open before the limit was lowered, was taken for one
    /// prx was not started with (`poll`, which told the descriptors open at start, takes no more than the limit):
    /// `exec 600<args.txt; ulimit -Sn 512; prx -A /dev/fd/600` was refused. It is read.
    @Test func aDescriptorGivenAboveTheLimitOnOpenFilesIsRead() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\nb\n")
        let prx = "'\(PRXProcess.executablePath)' -C 'echo @ARG@' -r -A /dev/fd/600"
        let outcome = try await PRXProcess.run(
            ["-c", "exec 600<args.txt && ulimit -Sn 512 && exec \(prx)"], executable: "/bin/bash", home: bench.home,
            directory: bench.root.path)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try await bench.summaryRecords().compactMap { $0["command"] }.sorted() == ["echo a", "echo b"])
    }

    /// The same files with the streams open are the run's.
    @Test func aFileNamingAnOpenStandardStreamIsWritten() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\nb\n")
        let prx = "'\(PRXProcess.executablePath)' -C 'echo @ARG@' -r -A /dev/stdin --json /dev/stdout < args.txt"
        let outcome = try await PRXProcess.run(
            ["-c", prx], executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.split(separator: "\n").filter { $0.hasPrefix(#"{"type":"task""#) }.count == 2)
    }
}
