import Foundation
import PRXPlugins

/// What tells one process apart from a later one that is given the same id: when it started (clock ticks
/// since boot, field 22 of `/proc/PID/stat`) and a hash of its command line (`/proc/PID/cmdline`).
///
/// Two processes with one id never share a start tick, so a recorded identity that still matches proves the
/// id still names the recorded process. The command line is kept as its hash, not as its words: a run's entry in the
/// run registry holds its identity and is rewritten twice a second while the run goes, and a command line can hold
/// thousands of task files (`-T tasks/*`), some 120 KB written each time for a hash's 16 digits. A command line of at
/// most ``longestCommandLineWritten`` bytes is written too, as an earlier prx wrote it, for that prx's sake: it reads
/// an identity by its words alone, and deleted, as it listed the runs, each entry it could not read, which the run
/// wrote again only once a task ended (hours, maybe). Two identities are one when their start and hash are.
struct ProcessIdentity: Codable, Hashable, Sendable {
    /// The start time, in clock ticks since boot.
    var startTicks: UInt64
    /// The 64-bit FNV-1a hash of the arguments the process was started with, its own name first, each followed by a
    /// NUL byte as `/proc/PID/cmdline` holds them, in 16 hex digits.
    var commandLineHash: String
    /// The arguments themselves, when they take at most ``longestCommandLineWritten`` bytes in `/proc/PID/cmdline`:
    /// written beside the hash for an earlier prx, which reads them alone.
    private var shortCommandLine: [String]?

    /// The most bytes a command line takes in `/proc/PID/cmdline` (each argument and its NUL) for its words to be
    /// written beside its hash: a few task files' paths, not a shell's list of thousands.
    static let longestCommandLineWritten = 4096

    /// The identity of a process started at `startTicks` with `commandLine`.
    init(startTicks: UInt64, commandLine: [String]) {
        self.startTicks = startTicks
        commandLineHash = Self.hash(of: commandLine)
        let bytes = commandLine.reduce(0) { $0 + $1.utf8.count + 1 }
        shortCommandLine = bytes <= Self.longestCommandLineWritten ? commandLine : nil
    }

    static func == (left: ProcessIdentity, right: ProcessIdentity) -> Bool {
        left.startTicks == right.startTicks && left.commandLineHash == right.commandLineHash
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(startTicks)
        hasher.combine(commandLineHash)
    }

    /// The identity of the live process `pid`, or `nil` when there is no such process or it has ended and
    /// awaits its parent's `wait` (a zombie).
    static func of(_ pid: Int32) -> ProcessIdentity? {
        guard let ticks = ProcessStart.ticks(of: pid), let commandLine = commandLine(of: pid) else { return nil }
        return ProcessIdentity(startTicks: ticks, commandLine: commandLine)
    }

    /// The arguments the live process `pid` was started with, its own name first; `nil` when there is no such process.
    static func commandLine(of pid: Int32) -> [String]? {
        guard let bytes = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
        return bytes.split(separator: 0, omittingEmptySubsequences: false).dropLast()
            .map { String(decoding: $0, as: UTF8.self) }
    }

    private enum CodingKeys: String, CodingKey {
        case startTicks
        case commandLineHash
        /// The command line itself, which the entries of an earlier prx hold in place of its hash, and which this
        /// prx writes beside it when it is short (``longestCommandLineWritten``).
        case commandLine
    }

    /// Reads an identity written as this prx writes one, or as an earlier prx did, with the whole command line, whose
    /// hash it takes: the entry of a run an earlier prx started is still recognised as that run's.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        startTicks = try container.decode(UInt64.self, forKey: .startTicks)
        if let hash = try container.decodeIfPresent(String.self, forKey: .commandLineHash) {
            commandLineHash = hash
        } else {
            commandLineHash = Self.hash(of: try container.decode([String].self, forKey: .commandLine))
        }
    }

    /// Writes the start time, the command line's hash and, when it is short (``longestCommandLineWritten``), the
    /// command line, as an earlier prx reads it.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(startTicks, forKey: .startTicks)
        try container.encode(commandLineHash, forKey: .commandLineHash)
        try container.encodeIfPresent(shortCommandLine, forKey: .commandLine)
    }

    /// The hash of `commandLine` (``commandLineHash``).
    private static func hash(of commandLine: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for argument in commandLine {
            for byte in argument.utf8 + [0] {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01b3
            }
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
