import PRXTesting
import Testing

/// A configuration file with many unknown keys was read in quadratic time: each key looked through the keys read
/// before it, and `--validate-config` looked each warning up in its list of rejections, 80000 keys taking 40 seconds.
/// Read in linear time, 99000 keys (about the most of the 100000 pairs a file may hold) take a few seconds.
@Suite(.runsProcesses) struct ManyUnknownKeysTests {
    @Test func manyUnknownKeysAreReadInLinearTime() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let count = 99_000
        let configuration = try bench.root.write(
            "home/cfg/prx.yaml", "limits:\n" + (0..<count).map { "  k\($0): \($0)\n" }.joined())
        // Bounded in processor time (`ulimit -t`, SIGXCPU past it), which the machine's load does not stretch: a debug
        // build takes about 6 seconds, where the quadratic reading took about 100 (4 for 20000 keys).
        let validation = try await bench.prx(["--validate-config"], ulimit: "-t 30", killingAfter: 600)
        #expect(validation.status == 1, "\(validation.status): \(validation.stderr.suffix(300))")
        let lines = validation.stdout.split(separator: "\n")
        #expect(lines.count == count + 1)
        #expect(lines.last == "  - \(configuration):\(count + 1): unknown key limits.k\(count - 1); ignored")
    }
}
