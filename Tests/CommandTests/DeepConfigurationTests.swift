import PRXTesting
import Testing

@testable import PRXCommand

/// A configuration file nesting its lists and mappings thousands of levels deep (`limits: [[[…]]]`, mappings of either
/// style, a chain of aliases or of merge keys) killed prx with a segmentation fault (exit status 139) and no word, in a run
/// as in `--validate-config`; under `ulimit -s 64`, 500 levels did. It is one line naming file and line now, before
/// anything is run, and a file nested up to the limit is read under the smallest stack prx accepts.
@Suite(.runsProcesses) struct DeepConfigurationTests {
    static let problem = "lists and mappings nested deeper than 32 levels (counting those an alias brings in)"

    @Test(arguments: ConfigurationNestingTests.Shape.all, ["-s 64", "-s 8192"])
    func aFileNestedTooDeepIsOneLineNamingIt(shape: ConfigurationNestingTests.Shape, stack: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let configuration = try bench.root.write("home/cfg/prx.yaml", shape.text(shape.manyLevels))
        try bench.root.write("args.txt", "a\n")
        let place = "\(configuration):\(shape.lineOfTheLevelPastTheLimit(shape.manyLevels))"
        let run = try await bench.prx(["-A", "args.txt", "-C", "true @ARG@", "-r"], ulimit: stack)
        #expect(run.status == 2, "\(run.status): \(run.stderr)")
        #expect(run.stderr == "prx: error: \(place): \(Self.problem)\n")
        let validation = try await bench.prx(["--validate-config"], ulimit: stack)
        #expect(validation.status == 1, "\(validation.status): \(validation.stderr)")
        #expect(validation.stdout.split(separator: "\n") == ["✗ Configuration is invalid: \(place): \(Self.problem)"])
    }

    /// Each holds no setting of prx's: `--validate-config` lists it and fails, as for any such file.
    @Test(arguments: ConfigurationNestingTests.Shape.all)
    func aFileNestedUpToTheLimitIsReadUnderTheSmallestStack(shape: ConfigurationNestingTests.Shape) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("home/cfg/prx.yaml", shape.text(ConfigurationNesting.levelLimit))
        let validation = try await bench.prx(["--validate-config"], ulimit: "-s 64")
        #expect(validation.status == 1, "\(validation.status): \(validation.stderr)")
        #expect(validation.stdout.hasPrefix("✗ Configuration validation failed:\n"), "\(validation.stdout)")
    }
}
