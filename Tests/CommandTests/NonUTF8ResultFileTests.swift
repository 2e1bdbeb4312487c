import Foundation
import PRXTesting
import Testing

/// Files reached through directories whose names are not UTF-8 are told apart by their bytes: two result files, or a
/// result file and an input file, whose resolved paths differ only in those bytes are two files, where prx read the
/// bytes as U+FFFD and took them for one (refusing the run), and a directory that differs is not the same one.
@Suite(.runsProcesses) struct NonUTF8ResultFileTests {
    /// Two result files of one name, in the directories `\xFF` and `\xFE`, are two files and the run goes; two paths
    /// through two links to `\xFF` still name one file, and are refused.
    @Test func resultFilesInDirectoriesWhoseNamesAreNotUTF8AreToldApart() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("args.txt", "1\n2\n")
        Self.makeDirectory(named: [0xFF], linkedAs: ["ff", "ff-again"], in: bench.root)
        Self.makeDirectory(named: [0xFE], linkedAs: ["fe"], in: bench.root)
        let run = ["-A", "args.txt", "-C", "echo @ARG@", "-r"]
        let two = try await bench.prx(run + ["--json", "ff/same.out", "--set", "csv.path=fe/same.out"])
        #expect(two.status == 0, "\(two.stderr)")
        #expect(try bench.root.read("ff/same.out").hasPrefix("{"))
        #expect(try bench.root.read("fe/same.out").hasPrefix("start_time;"))
        let one = try await bench.prx(run + ["--json", "ff/one.out", "--set", "csv.path=ff-again/one.out"])
        #expect(one.status == 2)
        #expect(one.stderr.hasPrefix("prx: error: --json and csv.path name the same file"), "\(one.stderr)")
    }

    /// The name the log rotates onto in the directory `\xFF` is not an arguments file of that name in the directory
    /// named U+FFFD (a valid name, `\xEF\xBF\xBD`), and the run goes; in the directory `\xFF` itself, it is, and is
    /// refused.
    @Test func aRotationInADirectoryWhoseNameIsNotUTF8IsNotAnInputElsewhere() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        Self.makeDirectory(named: [0xFF], linkedAs: ["ff", "ff-again"], in: bench.root)
        let lines = (1...20).map { "\($0)\n" }.joined()
        try bench.root.write("ff/run.log.1", lines)
        try bench.root.write("\u{FFFD}/run.log.1", lines)
        let log = ["-C", "echo @ARG@", "-r", "--set", "log.path=ff/run.log", "--set", "log.max_log_size_mb=0.001"]
        let same = try await bench.prx(["-A", "ff-again/run.log.1"] + log)
        #expect(same.status == 2)
        #expect(same.stderr.hasPrefix("prx: error: the rotation of log.path and -A name the same file"),
            "\(same.stderr)")
        #expect(try bench.root.read("ff/run.log.1") == lines)
        let other = try await bench.prx(["-A", "\u{FFFD}/run.log.1"] + log)
        #expect(other.status == 0, "\(other.stderr)")
        #expect(try bench.root.read("\u{FFFD}/run.log.1") == lines)
    }

    /// Makes the directory whose name is the bytes `name` in `root`, and a symbolic link to it at each of `links`.
    private static func makeDirectory(named name: [UInt8], linkedAs links: [String], in root: TemporaryDirectory) {
        func withCPath<Result>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> Result) -> Result {
            (bytes + [0]).withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) } }
        }
        #expect(withCPath(Array(root.file("").utf8) + name) { mkdir($0, 0o755) } == 0)
        for link in links {
            #expect(withCPath(name) { symlink($0, root.file(link)) } == 0)
        }
    }
}
