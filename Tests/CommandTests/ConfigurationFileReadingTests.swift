import Foundation
import PRXTesting
import Testing

/// A configuration file that cannot be read as text is one line naming it and why, exit 2, nothing run: a FIFO or a
/// device was "You don't have permission", `/proc/self/mem` a Foundation error code, a byte that is not UTF-8 named
/// no line, and a directory at its place was taken for no file, the defaults used without a word.
@Suite(.runsProcesses) struct ConfigurationFileReadingTests {
    /// What is put at the user configuration's place, and the run's message after `PATH: `.
    struct Unreadable: Sendable, CustomTestStringConvertible {
        var make: @Sendable (_ path: String) throws -> Void
        var message: String
        var testDescription: String { message }
    }

    static let unreadable = [
        Unreadable(make: { _ = mkfifo($0, 0o600) }, message: "cannot read the file: it is a FIFO"),
        Unreadable(
            make: { try FileManager.default.createSymbolicLink(atPath: $0, withDestinationPath: "/dev/zero") },
            message: "cannot read the file: it is a character device"),
        Unreadable(
            make: { try FileManager.default.createDirectory(atPath: $0, withIntermediateDirectories: false) },
            message: "cannot read the file: it is a directory"),
        Unreadable(
            make: {
                try Data(Array("limits:\n  max_workers: 4  # caf".utf8) + [0xE9, 0x0A])
                    .write(to: URL(fileURLWithPath: $0))
            },
            message: "2: the file is not UTF-8 text: byte 0xE9 is not UTF-8"),
    ]

    @Test(arguments: unreadable)
    func anUnreadableConfigurationIsOneLineNamingIt(unreadable: Unreadable) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let folder = try bench.tasks(1) { _ in "touch \(bench.root.file("ran"))\n" }
        let path = try bench.root.write("home/cfg/placeholder", "")
        let configuration = (path as NSString).deletingLastPathComponent + "/prx.yaml"
        try unreadable.make(configuration)
        let separator = unreadable.message.first == "2" ? ":" : ": "
        for run in [["-r"], ["--validate-config"]] {
            let outcome = try await bench.prx(["-T", folder, "-C", "sh @TASK@"] + run)
            if run == ["-r"] {
                #expect(outcome.status == 2)
                #expect(outcome.stderr == "prx: error: \(configuration)\(separator)\(unreadable.message)\n")
            } else {
                #expect(outcome.status == 1)
                #expect(
                    outcome.stdout.contains("\(configuration)\(separator)\(unreadable.message)"), "\(outcome.stdout)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }

    /// A symbolic link to nothing, or to itself, is no file, as parallelr's `Path.exists()` has it: the next place is
    /// looked in (here none), and the defaults are used.
    @Test(arguments: ["gone.yaml", "prx.yaml"])
    func aSymbolicLinkToNothingIsNoFile(target: String) async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let path = try bench.root.write("home/cfg/placeholder", "")
        let configuration = (path as NSString).deletingLastPathComponent + "/prx.yaml"
        try FileManager.default.createSymbolicLink(atPath: configuration, withDestinationPath: target)
        let folder = try bench.tasks(1) { _ in "true\n" }
        let outcome = try await bench.prx(["-T", folder, "-C", "sh @TASK@", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty)
        let validation = try await bench.prx(["--validate-config"])
        #expect(validation.stdout.contains("User config: Not found in PRX_HOME \(bench.home)/cfg (using defaults)"),
            "\(validation.stdout)")
    }

    /// A file of two YAML documents is one line naming the line the second starts on, exit 2, nothing run: it was
    /// the second half of Yams' message alone (`prx.yaml:3: but found another document`).
    @Test func aSecondDocumentIsOneLineNamingWhereItStarts() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        let configuration = try bench.root.write("home/cfg/prx.yaml", "limits:\n  max_workers: 3\n---\nb: 2\n")
        let folder = try bench.tasks(1) { _ in "touch \(bench.root.file("ran"))\n" }
        let outcome = try await bench.prx(["-T", folder, "-C", "sh @TASK@", "-r"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "prx: error: \(configuration):3: a configuration file holds one YAML document; "
            + "a second one starts here\n")
        #expect(!FileManager.default.fileExists(atPath: bench.root.file("ran")))
    }

    /// A byte order mark is no part of the text, as YAML has it.
    @Test func aByteOrderMarkIsLeftOut() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("home/cfg/prx.yaml", "\u{FEFF}limits:\n  max_workers: 3\n")
        let folder = try bench.tasks(1) { _ in "true\n" }
        let outcome = try await bench.prx(["-T", folder, "-C", "sh @TASK@", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty)
        #expect(outcome.stdout.contains("- Workers: 3"))
    }
}
