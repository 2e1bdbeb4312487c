import Foundation
import PRXTesting
import Testing

/// A dry run's lines are read by a person before anything runs, and by a shell: a file's name or an argument holding
/// a Unicode bidirectional control (U+202E, a right-to-left override) went out as it was, and showed the rest of the
/// line reversed, so that the listing read otherwise than what runs (and so did an escape sequence's ESC, which acts
/// on the terminal). Such a character is now written outside the quotes as a `printf` of its bytes, which `sh` reads
/// back as the character; a task's name shows it as an escape (`\u{202e}`), as it shows a control character.
@Suite(.runsProcesses) struct DryRunBidirectionalControlTests {
    static let override = "\u{202E}"
    static let shownOverride = #""$(printf '\342\200\256')""#

    @Test func aTaskFilesNameShowsItsBidirectionalControlAndRunsInAShell() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("tasks/ev\(Self.override)lif.txt", "")
        let outcome = try await bench.prx(["-T", "tasks", "-C", "echo @TASK@"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            echo \(bench.root.path)/tasks/ev\(Self.shownOverride)lif.txt
            # dry run: 1 task; add -r to run it

            """)
        let script = try bench.root.write("dry-run.sh", outcome.stdout)
        let shell = try await PRXProcess.run(
            [script], executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        #expect(shell.status == 0, "\(shell.stderr)")
        #expect(shell.stdout == bench.root.file("tasks/ev\(Self.override)lif.txt") + "\n")
    }

    @Test func anArgumentsLinesControlsAreShownInTheCommandAndTheVariable() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\u{2067}b \u{1B}[2J\n")
        let outcome = try await bench.prx(["-A", "args.txt", "-C", "echo @ARG_1@ @ARG_2@", "-S", "space", "-E", "V"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let first = #"a"$(printf '\342\201\247')"b"#
        let second = #""$(printf '\033')"'[2J'"#
        #expect(outcome.stdout == "V=\(first) echo \(first) \(second)\n# dry run: 1 task; add -r to run it\n")
        #expect(!outcome.stdout.unicodeScalars.contains { $0.value == 0x2067 || $0.value == 0x1B })
    }

    @Test func aRecipesDryRunShowsThemInNamesCommandsAndVariables() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", #"""
            prx.task { "echo", "a\u{202E}b", name = "n\u{202E}x", env = { V = "\u{200F}" } }
            """#)
        let outcome = try await bench.prx(["run", "recipe.lua"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == #"""
            n\u{202e}x: echo a"$(printf '\342\200\256')"b  (env: V="$(printf '\342\200\217')")
            # dry run: 1 task; add -r to run it

            """#)
    }
}
