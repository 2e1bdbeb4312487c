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
        let lines = try bench.root.write("lines.txt", long + "\n" + String(repeating: "short y\n", count: 100))
        let release = bench.root.file("release")
        let script = try bench.root.write("task.sh", """
            [ "$1" = long ] || exec sleep 0.05
            i=0
            while [ ! -e '\(release)' ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
            """)
        let run = try PRXProcess(
            ["-A", lines, "-S", "space", "-C", "sh \(script) @ARG_1@", "-r", "-m", "2"], home: bench.home,
            directory: bench.root.path)
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
}
