import Foundation
import PRXTesting
import Testing

/// A running task whose arguments line is megabytes long is not repeated in each of the journal's `run_progress`
/// lines, written once a second while other tasks end: with it, a 15 MiB line grew the journal by 15 MiB a second
/// for as long as its task ran.
@Suite(.runsProcesses) struct LongLabelProgressTests {
    /// The progress lines written while a task with a 1 MiB line runs stay short, and `prx status`, which reads the
    /// running tasks from the last of them, still shows that task's line whole.
    @Test func aLongLabelIsNotRepeatedInEachProgressLine() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let long = "long " + String(repeating: "x", count: 1 << 20)
        let arguments = try Self.arguments(running: long, and: 100, shortTasksOf: "0.05", in: bench)
        let run = try PRXProcess(arguments, home: bench.home, directory: bench.root.path)
        func progressLines() throws -> [Substring] {
            guard let journal = bench.journals().first else { return [] }
            let text = try String(contentsOfFile: journal, encoding: .utf8)
            return text.split(separator: "\n").filter { $0.hasPrefix(#"{"event":"run_progress""#) }
        }
        let deadline = Date().addingTimeInterval(20)
        while try progressLines().count < 3 && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        let status = try await bench.prx(["status"])
        try bench.root.write("release", "")
        let outcome = await run.wait(killingAfter: 60)

        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(status.stdout.contains("running"), "\(status.stdout.prefix(500))")
        #expect(status.stdout.contains("  " + long + "\n") || status.stdout.hasSuffix("  " + long),
                "prx status does not show the long task's line whole")
        let progress = try progressLines()
        #expect(progress.count >= 3)
        #expect(progress.allSatisfy { $0.utf8.count < 4096 }, "\(progress.map(\.utf8.count))")
    }

    /// A journal cut back after a failed write (a full disk; here a file size limit) lost the long task's
    /// `task_started` line, and the progress lines went on naming where it had been, where other lines start now:
    /// every one was refused, and `prx status` read the journal whole. They list the running tasks whose start lines
    /// the journal holds, as `prx history RUN` shows them, not that task, nor a place where no start line is. The
    /// limit leaves the journal 48 KiB beside the 64 KiB it keeps for its end line.
    @Test func aTaskWhoseStartLineWasCutBackIsNotListedAsRunning() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let long = "long " + String(repeating: "x", count: 80_000)
        let arguments = try Self.arguments(running: long, and: 40, shortTasksOf: "0.2", in: bench)
        let run = try PRXProcess(
            ["-c", #"trap '' XFSZ; ulimit -f 112; exec "$0" "$@""#, PRXProcess.executablePath] + arguments,
            executable: "/bin/bash", home: bench.home, directory: bench.root.path)
        func journal() throws -> String {
            guard let path = bench.journals().first else { return "" }
            return try String(contentsOfFile: path, encoding: .utf8)
        }
        let deadline = Date().addingTimeInterval(20)
        while try journal().components(separatedBy: #"{"event":"run_progress""#).count < 3 && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        let status = try await bench.prx(["status"])
        let written = try journal()
        try bench.root.write("release", "")
        _ = await run.wait(killingAfter: 60)

        #expect(!written.contains("start_line_offset") && !written.contains("long xxx"), "\(written.prefix(2000))")
        let lines = written.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let started = Set(lines.filter { $0["event"] as? String == "task_started" }.compactMap { $0["id"] as? Int })
        let progress = lines.filter { $0["event"] as? String == "run_progress" }
        let listed = progress.flatMap { $0["running"] as? [[String: Any]] ?? [] }.compactMap { $0["id"] as? Int }
        #expect(progress.count >= 2 && !listed.contains(1) && listed.allSatisfy(started.contains), "\(listed)")
        let taskWithoutLabel = #/ {2}\d+ {2}running \S+ {2}/#
        let labelless = status.stdout.split(separator: "\n").filter { $0.wholeMatch(of: taskWithoutLabel) != nil }
        #expect(status.stdout.contains("running") && labelless.isEmpty, "\(status.stdout)")
    }

    /// prx's arguments for a run, two tasks at a time and with a journal, of a task whose line is `long` (starting
    /// with the word `long`), which runs until the bench has a `release` file (30 s at most), and then of `count` tasks
    /// that sleep `seconds` each.
    private static func arguments(
        running long: String, and count: Int, shortTasksOf seconds: String, in bench: Workbench
    ) throws -> [String] {
        let lines = try bench.root.write("lines.txt", long + "\n" + String(repeating: "short y\n", count: count))
        let release = bench.root.file("release")
        let script = try bench.root.write("task.sh", """
            [ "$1" = long ] || exec sleep \(seconds)
            i=0
            while [ ! -e '\(release)' ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
            """)
        return ["-A", lines, "-S", "space", "-C", "sh \(script) @ARG_1@", "-r", "-m", "2"]
    }
}
