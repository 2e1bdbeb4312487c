import Foundation
import PRXTesting
import Testing

/// prx under limits on open files (`ulimit -n`) and stack (`ulimit -s`) too low for Swift's runtime and Dispatch:
/// one line and exit status 2 before `main`, where prx died of a signal with no word.
@Suite(.runsProcesses) struct StartupLimitTests {
    /// Under `ulimit -n 5`, `prx --help` (and at 6 a run) died of an illegal instruction (exit status 132): Dispatch,
    /// refused a descriptor for its epoll set, stops the process so.
    @Test(arguments: [["--help"], ["-A", "args.txt", "-C", "echo @ARG@", "-r"]])
    func tooFewOpenFilesForDispatchIsAnError(arguments: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n")
        for limit in [5, 6] {
            let outcome = try await bench.prx(arguments, ulimit: "-n \(limit)")
            #expect(outcome.status == 2, "\(limit): \(outcome.stderr)")
            #expect(outcome.stderr.hasPrefix("prx: error: the limit on open files is \(limit) (ulimit -n): "))
            #expect(outcome.stderr.filter { $0 == "\n" }.count == 1, "\(outcome.stderr)")
        }
    }

    /// Under `ulimit -s 32`, prx died of a segmentation fault (exit status 139) as the Swift runtime built its first
    /// types' metadata, on a thread of Swift's pool, whose stack is the stack limit's size, and below that on the
    /// main thread, whose stack the limit is.
    @Test(arguments: [["--help"], ["-A", "args.txt", "-C", "echo @ARG@", "-r"]])
    func aStackLimitTooLowForTheMainThreadIsAnError(arguments: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n")
        let outcome = try await bench.prx(arguments, ulimit: "-s 32")
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: the stack limit is 32 KiB (ulimit -s): prx needs at least 64 KiB\n")
    }

    /// Under `ulimit -s 128`, the threads of Swift's pool get stacks of 512 KiB, not 128 KiB: a recipe whose Lua code
    /// nests 180 calls through `pcall` (each a C call, which Lua allows 200 of) as it loads died of a segmentation
    /// fault.
    @Test func poolThreadsHaveRoomForLuaUnderALowStackLimit() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            local function nest(n)
              if n == 0 then return 0 end
              local ok, depth = pcall(nest, n - 1)
              return (ok and depth or 0) + 1
            end
            prx.task { sh = "echo " .. nest(180), name = "nested" }
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"], ulimit: "-s 128")
        #expect(outcome.status == 0, "\(outcome.status): \(outcome.stderr)")
        let records = try await bench.summaryRecords()
        #expect(records.map { $0["status"] } == ["SUCCESS"])
        #expect(records.first?["command"]?.contains("echo 180") == true)
    }
}
