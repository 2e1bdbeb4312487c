import Foundation
import PRXTesting
import Testing

/// A variable prx was given whose value is not UTF-8 reaches its tasks byte for byte, as parallelr's tasks get it
/// (Python's `os.environ` and `subprocess` keep the bytes): prx took its environment from Foundation, which put
/// U+FFFD in place of each byte that is not UTF-8, so a task given `caf\xe9` got `caf\xef\xbf\xbd`, in a run and in a
/// daemon's run alike.
@Suite(.runsProcesses) struct NonUTF8EnvironmentTests {
    @Test(arguments: [[], ["-D"]])
    func aValueThatIsNotUTF8ReachesTheTaskAsItWasGiven(daemon: [String]) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "x\n")
        let written = bench.root.file("value.bin")
        // The shell gives prx the bytes, which Foundation's Process, taking String values, could not.
        let outcome = try await PRXProcess.run(
            ["-c", #"LATIN=$(printf 'caf\351') SECOND=$(printf '\377=\n') exec "$0" "$@""#, PRXProcess.executablePath,
             "-A", "args.txt", "-r",
             "-C", #"sh -c 'printf "%s|%s" "$LATIN" "$SECOND" > \#(written).part && mv \#(written).part \#(written)'"#]
                + daemon,
            executable: "/bin/sh", home: bench.home, directory: bench.root.path)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: written), Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: written)))
        #expect(bytes == Array("caf".utf8) + [0xE9, UInt8(ascii: "|"), 0xFF, UInt8(ascii: "=")])
    }
}
