import Foundation

/// The directory of run journals (`~/prx/history/`, or `$PRX_HOME/history/`): names new runs, lists and
/// reads past ones, and forgets old ones.
///
/// Journals are plain JSON Lines a person can read, `grep` and `tail`; this type only reads them. A torn last
/// line (prx killed mid-write) is ignored.
public struct RunHistory: Sendable {
    /// Why a history request cannot be answered.
    public struct HistoryError: Error, CustomStringConvertible {
        /// The message for the user.
        public var description: String
    }

    /// The directory.
    public let directory: String

    /// A history in `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    /// A new run's identifier: its start time and prx's PID, `20261125-143015-12345`, sorting by start.
    public static func newRunID(startTime: Date, processID: Int32) -> String {
        LocalTimeConverter.format(startTime, strftime: "%Y%m%d-%H%M%S") + "-\(processID)"
    }

    /// Where the journal of `runID` is.
    public func journalPath(for runID: String) -> String {
        directory + "/" + runID + ".jsonl"
    }

    /// The identifiers of every run in the history, oldest first.
    public func runIDs() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".jsonl") }.map { String($0.dropLast(6)) }.sorted(by: Self.startsBefore)
    }

    /// Whether run `first` started before run `second`: by the time in their identifiers, then by PID as a
    /// number, since two runs may start in the same second and `…-999` sorts after `…-1000` as text.
    static func startsBefore(_ first: String, _ second: String) -> Bool {
        func parts(_ runID: String) -> (time: Substring, processID: Int) {
            guard let dash = runID.lastIndex(of: "-"), let processID = Int(runID[runID.index(after: dash)...]) else {
                return (runID[...], 0)
            }
            return (runID[..<dash], processID)
        }
        let (a, b) = (parts(first), parts(second))
        return a.time != b.time ? a.time < b.time : a.processID < b.processID
    }

    /// Every run in the history, oldest first; unreadable journals are left out.
    public func runs() -> [RunRecord] {
        runIDs().compactMap { try? record(of: $0) }
    }

    /// The run `runID`, read from its journal.
    ///
    /// - Throws: ``HistoryError`` when there is no such run or its journal has no `run_started` line.
    public func record(of runID: String) throws(HistoryError) -> RunRecord {
        let path = journalPath(for: runID)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HistoryError(description: "no run \(runID) in the history (\(directory))")
        }
        var invocation: RunInvocation?
        var startTime = ""
        var endTime: String?
        var tasks: [RunRecord.TaskRecord] = []
        /// Each task's place in `tasks` by its id: tasks that share a key (identical lines) are still apart.
        var index: [Int: Int] = [:]
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any],
                let event = object["event"] as? String
            else { continue }
            switch event {
            case "run_started":
                startTime = object["time"] as? String ?? ""
                invocation = RunInvocation(
                    runID: object["run"] as? String ?? runID,
                    arguments: object["arguments"] as? [String] ?? [],
                    workingDirectory: object["cwd"] as? String ?? "/",
                    processID: Int32(object["pid"] as? Int ?? 0),
                    configuration: Dictionary(
                        (object["configuration"] as? [String] ?? []).compactMap { pair in
                            pair.firstIndex(of: "=").map {
                                (String(pair[..<$0]), String(pair[pair.index(after: $0)...]))
                            }
                        },
                        uniquingKeysWith: { _, last in last }))
            case "task_started", "task_finished":
                guard let key = object["key"] as? String, let id = object["id"] as? Int else { continue }
                let finished = event == "task_finished"
                var task = index[id].map { tasks[$0] } ?? RunRecord.TaskRecord(
                    id: id, key: key, label: object["label"] as? String ?? "",
                    status: "RUNNING", exitCode: nil, duration: nil, attempts: 0)
                if finished {
                    task.status = object["status"] as? String ?? "UNKNOWN"
                    task.exitCode = object["exit_code"] as? Int
                    task.duration = object["duration"] as? Double
                    task.attempts = object["attempts"] as? Int ?? task.attempts
                    task.feedback = object["feedback"] as? [String: String]
                } else {
                    task.attempts = object["attempt"] as? Int ?? task.attempts
                    task.startTime = object["time"] as? String
                }
                if let position = index[id] {
                    tasks[position] = task
                } else {
                    index[id] = tasks.count
                    tasks.append(task)
                }
            case "run_finished":
                endTime = object["time"] as? String
            default:
                continue
            }
        }
        guard let invocation else {
            throw HistoryError(description: "the journal \(path) has no run_started line")
        }
        let state: RunRecord.State
        if endTime != nil {
            state = .finished
        } else {
            state = Self.isAlive(invocation.processID) ? .running : .killed
        }
        return RunRecord(
            runID: runID, invocation: invocation, startTime: startTime, endTime: endTime,
            duration: Self.seconds(from: startTime, to: endTime), state: state, tasks: tasks)
    }

    /// Deletes the oldest journals so that at most `count` remain; returns the identifiers removed.
    @discardableResult
    public func prune(keeping count: Int) -> [String] {
        let ids = runIDs()
        guard ids.count > count else { return [] }
        let removed = Array(ids.prefix(ids.count - count))
        for id in removed {
            try? FileManager.default.removeItem(atPath: journalPath(for: id))
        }
        return removed
    }

    /// Deletes every journal; returns how many.
    @discardableResult
    public func clear() -> Int {
        prune(keeping: 0).count
    }

    private static func isAlive(_ processID: Int32) -> Bool {
        guard processID > 0, kill(processID, 0) == 0 || errno == EPERM else { return false }
        let commandLine = FileManager.default.contents(atPath: "/proc/\(processID)/cmdline") ?? Data()
        return String(decoding: commandLine, as: UTF8.self).contains("prx")
    }

    private static func seconds(from start: String, to end: String?) -> Double? {
        guard let end else { return nil }
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let from = parser.date(from: start), let to = parser.date(from: end) else { return nil }
        return to.timeIntervalSince(from)
    }
}
