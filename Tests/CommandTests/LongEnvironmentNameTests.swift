import Foundation
import PRXTesting
import Testing

/// One long `-E` name is checked in time that grows with its length: a name of 100,000 letters took half a minute
/// before a dry run printed anything, each of the four times its setting was read counting its letters again for each
/// one.
@Suite(.runsProcesses) struct LongEnvironmentNameTests {
    @Test(arguments: [
        ["-E", String(repeating: "X", count: 100_000)],
        ["--set", "args-file.env=" + String(repeating: "X", count: 100_000)],
    ])
    func aNameOfAHundredThousandLettersIsCheckedInSeconds(flags: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "a\n")
        let start = ContinuousClock.now
        let run = try PRXProcess(
            ["-A", "args.txt", "-C", "echo @ARG@"] + flags, home: bench.home, directory: bench.root.path)
        let outcome = await run.wait(killingAfter: 120)
        let elapsed = ContinuousClock.now - start
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasSuffix("# dry run: 1 task; add -r to run it\n"), "\(outcome.stdout)")
        #expect(elapsed < .seconds(45), "the name took \(elapsed)")
    }
}
