import Foundation
import PRXTesting
import Testing

/// The `-T` values as the command takes them: which files run, named how.
@Suite struct TaskPathTests {
    /// `bash l/../target.sh` runs `real/target.sh` when `l` links to `real/sub`; so do `-T` files, directories,
    /// patterns and templates.
    @Test func aParentAfterASymbolicLinkIsTheLinkTargetsParent() throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("real/sub/keep.txt", "")
        try bench.root.write("real/target.sh", "echo REAL @ARG@\n")
        try bench.root.write("target.sh", "echo WRONG\n")
        try bench.root.write("args.txt", "a\n")
        try FileManager.default.createSymbolicLink(atPath: bench.root.file("l"), withDestinationPath: "real/sub")
        let real = URL(fileURLWithPath: bench.root.file("real")).resolvingSymlinksInPath().path
        for value in ["l/../target.sh", "l/..", "l/../*.sh"] {
            let outcome = try bench.prx(["-T", value, "-C", "bash @TASK@"])
            #expect(outcome.status == 0, "\(value): \(outcome.stderr)")
            #expect(outcome.stdout.hasPrefix("bash \(real)/target.sh\n"), "\(value): \(outcome.stdout)")
        }
        let template = try bench.prx(["-T", "l/../target.sh", "-A", "args.txt", "-C", "bash @TASK@ @ARG@", "-r"])
        #expect(template.status == 0, "\(template.stderr)")
        #expect(try bench.summaryRecords().map { $0["task_file"] } == ["\(real)/target.sh"])
    }
}
