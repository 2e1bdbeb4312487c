import Foundation
import PRXPlugins

/// The running prx processes, one JSON file per run (`PID.json`) in a state directory (``PRXHome/runs``).
///
/// A file is written whole to a temporary name and renamed into place, so a reader sees the old entry or the
/// new one, never half of one. A run removes its file when it ends; a run killed with `SIGKILL` cannot, so a
/// reader trusts an entry only while its process ``ProcessIdentity`` still matches and deletes the rest.
struct RunRegistry: Sendable {
    /// The directory of the entries.
    var directory: String

    /// A registry kept in `directory`.
    init(directory: String) {
        self.directory = directory
    }

    /// The registry of the prx home `home`.
    init(home: PRXHome) {
        self.init(directory: home.runs)
    }

    /// Writes `entry`, replacing any entry with its PID; creates the directory when missing.
    ///
    /// The entry is written to `PID.json.new`, which is then renamed to `PID.json` (``WholeFile``).
    ///
    /// - Throws: ``SinkFileError`` naming the directory or the entry that could not be made, and the system's
    ///   reason, or, for a symbolic link to nothing in its place, what it leads to and what to do
    ///   (``DirectoryCreation/Failure/reason``).
    ///
    /// The corresponding C function is `mkdir` (``DirectoryCreation``).
    func write(_ entry: RunEntry) throws {
        do {
            try DirectoryCreation.create(directory)
        } catch where error.missingLinkTarget != nil {
            throw SinkFileError(operation: "create directory", path: directory, detail: error.reason)
        } catch {
            throw SinkFileError(operation: "create directory", path: error.prefix, errorNumber: error.errorNumber)
        }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        try WholeFile.replace(path(of: entry.pid), with: Array(try encoder.encode(entry)))
    }

    /// Removes the entry of `pid`, if there is one: a file, not what else may stand at its name. A directory named as
    /// an entry (`123.json/`) is no entry, and is left with what it holds, where `--list-workers` deleted it whole.
    ///
    /// The corresponding C function is `unlink`.
    func remove(pid: Int32) {
        unlink(path(of: pid))
    }

    /// Removes the entry of `pid` while it is still the one of the process `identity` tells: one written since by
    /// another process given the same PID (its ``RunEntry/identity`` another) is left. `-k` removes the entry of the
    /// run it stopped after waiting for it to end, seconds in which the PID may be reused by a new run, which
    /// registers under it.
    func remove(pid: Int32, ifStillOf identity: ProcessIdentity) {
        guard entry(pid: pid)?.identity == identity else { return }
        remove(pid: pid)
    }

    /// The entry recorded for `pid`, live or not, or `nil` when there is none, or when the live process `pid` runs as
    /// another user than the one whose file the entry is. A run's own prx writes its entry, as the user it runs as:
    /// an entry another user wrote, in a registry others can write to (a shared `PRX_HOME`), is none of that run's,
    /// and trusted, it had `-k` (by root, `-k all` too) stop any process of the user it named, its start and command
    /// line copied from `/proc`, and `--list-workers` list it as a run.
    func entry(pid: Int32) -> RunEntry? {
        guard let (data, writer) = Self.contentsAndOwner(ofFileAt: path(of: pid)) else { return nil }
        if let runner = try? FileStatus(ofFileAt: "/proc/\(pid)").owner, runner != writer { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try? decoder.decode(RunEntry.self, from: data)
    }

    /// The bytes of the regular file at `path` and the user who owns it, read through one descriptor, so that they
    /// are one file's however the name is replaced meanwhile; `nil` when it cannot be read, is no regular file, or
    /// holds more than ``entrySizeLimit`` bytes.
    ///
    /// The corresponding C functions are `open`, `fstat` and `read`.
    private static func contentsAndOwner(ofFileAt path: String) -> (data: Data, owner: uid_t)? {
        guard let file = try? FileDescriptor.openForReading(path) else { return nil }
        defer { file.close() }
        guard let status = try? FileStatus(ofOpenDescriptor: file.rawValue), status.type == S_IFREG else {
            return nil
        }
        guard let bytes = try? file.readToEnd(atMost: entrySizeLimit) else { return nil }
        return (Data(bytes), status.owner)
    }

    /// The most bytes a file at an entry's name may hold to be read as one: an entry takes a few KiB (two paths, and a
    /// command line of at most 4 KiB, ``ProcessIdentity/longestCommandLineWritten``). A larger file is no entry; read
    /// whole, a sparse file of gigabytes at such a name took `--list-workers` as much memory and half a minute.
    static let entrySizeLimit = 1 << 20

    /// Refuses a registry whose directory cannot be listed (a regular file at `$PRX_HOME/run`): read as empty, it had
    /// `--list-workers` and `-k` say that no prx was running. One not made yet is empty: no run has registered.
    ///
    /// - Throws: ``CommandFailure`` naming the directory and why (``DirectoryListing/problem(with:)``).
    func checkReadable() throws(CommandFailure) {
        if let problem = DirectoryListing.problem(with: directory) {
            throw CommandFailure(message: "cannot read the run registry \(directory): \(problem)")
        }
    }

    /// The entries of live runs, oldest first; deletes entries whose process has ended or whose id now names
    /// another process, files named as entries that are not entries, and the drafts (`PID.json.new`) of processes that
    /// have ended, left by a prx killed as it wrote its entry. A file not named as an entry (``pid(named:)``) is left.
    ///
    /// - Throws: ``CommandFailure`` when the registry cannot be read (``checkReadable()``).
    func liveEntries() throws(CommandFailure) -> [RunEntry] {
        try checkReadable()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var live: [RunEntry] = []
        for name in names where name.hasSuffix(".json.new") {
            guard let pid = Self.pid(named: name.dropLast(9)), ProcessIdentity.of(pid) == nil else { continue }
            unlink("\(directory)/\(name)")
        }
        for name in names where name.hasSuffix(".json") {
            guard let pid = Self.pid(named: name.dropLast(5)) else { continue }
            if let entry = entry(pid: pid), entry.pid == pid, entry.isLive {
                live.append(entry)
            } else {
                remove(pid: pid)
            }
        }
        return live.sorted { ($0.startTime, $0.pid) < ($1.startTime, $1.pid) }
    }

    private func path(of pid: Int32) -> String { "\(directory)/\(pid).json" }

    /// The PID an entry's file is named after, `nil` for a name no entry is written under: only the decimal digits
    /// of a PID, as ``path(of:)`` writes them, name one. Read as Swift reads a number, `+123.json` and `0123.json` were
    /// entries of PID 123: each was listed again beside `123.json` (`-k all` then stopped the run and failed on its
    /// copies, exit 1), and where `123.json` was not live it was deleted for them while they were left.
    private static func pid(named name: Substring) -> Int32? {
        guard let pid = Int32(name), pid > 0, String(pid) == name else { return nil }
        return pid
    }
}
