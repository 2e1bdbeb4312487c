import Foundation
import PRXTesting
import Testing

/// `prx history` shows a ptasker run's command as the user typed it, where it showed the tasker command prx made up
/// (`ptasker -T … -r -C 'tasker @TASK@ -p parallelr_1a2b3c -r'`, and `-E HOSTNAME` with `-A`), words the user never
/// gave; the project prx made up is kept beside, so that `--resume` builds the same commands
/// (ConfigurationWiringTests.aPtaskerRunResumesUnderEitherNameWithItsProject).
@Suite(.runsProcesses) struct PtaskerHistoryCommandTests {
    @Test(arguments: [false, true])
    func theHistoryShowsTheWordsTheUserTyped(withArgumentsFile: Bool) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let (link, path) = try bench.ptasker(tasker: "exit 0\n")
        let folder = try bench.tasks(1) { _ in "true\n" }
        try bench.root.write("hosts.txt", "h1\n")
        let typed = withArgumentsFile ? ["-A", "hosts.txt", "-T", folder + "/task1.sh", "-r"] : ["-T", folder, "-r"]
        let run = try await PRXProcess.run(
            typed, executable: link, home: bench.home, environment: ["PATH": path], directory: bench.root.path)
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        let runID = try #require(run.stdout.firstMatch(of: /Run: (\S+)/).map { String($0.1) })
        let command = (["ptasker"] + typed).joined(separator: " ")
        let history = try await PRXProcess.run(["history"], home: bench.home)
        #expect(history.stdout.hasSuffix("  \(command)\n"), "\(history.stdout)")
        let detail = try await PRXProcess.run(["history", runID], home: bench.home)
        #expect(detail.stdout.contains("\nCommand: \(command)\n"), "\(detail.stdout)")
    }
}
