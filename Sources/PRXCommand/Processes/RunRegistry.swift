import Foundation

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
    func write(_ entry: RunEntry) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        // `.atomic` writes a temporary file in the same directory and renames it over the entry.
        try encoder.encode(entry).write(to: URL(fileURLWithPath: path(of: entry.pid)), options: .atomic)
    }

    /// Removes the entry of `pid`, if there is one.
    func remove(pid: Int32) {
        try? FileManager.default.removeItem(atPath: path(of: pid))
    }

    /// The entry recorded for `pid`, live or not, or `nil` when there is none.
    func entry(pid: Int32) -> RunEntry? {
        guard let data = FileManager.default.contents(atPath: path(of: pid)) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try? decoder.decode(RunEntry.self, from: data)
    }

    /// The entries of live runs, oldest first; deletes entries whose process has ended or whose id now names
    /// another process, and files that are not entries.
    func liveEntries() -> [RunEntry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var live: [RunEntry] = []
        for name in names where name.hasSuffix(".json") {
            guard let pid = Int32(name.dropLast(5)) else { continue }
            if let entry = entry(pid: pid), entry.pid == pid, entry.isLive {
                live.append(entry)
            } else {
                remove(pid: pid)
            }
        }
        return live.sorted { ($0.startTime, $0.pid) < ($1.startTime, $1.pid) }
    }

    private func path(of pid: Int32) -> String { "\(directory)/\(pid).json" }
}
