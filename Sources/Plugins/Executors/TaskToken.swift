import PRXKernel

/// What marks the processes of a task that does not carry its orphan guard's token (`PRX_ORPHAN_GUARD`: given only
/// to the tasks of an executor that adopts orphans, since the guard stops every process that has it): the guard's
/// token and the task's id in ``environmentVariable``, which the task's descendants inherit. The guard stops nothing
/// by it; `--resume` of a run killed with `SIGKILL` finds by it the processes of the tasks the run had not finished
/// (``KilledRunLeftovers``), which nothing stops without process groups, nor once the guard itself was killed.
///
/// The token is random, so that a process is not taken for a task's by a variable of the same name set otherwise,
/// and the task's id leaves out what the run's finished tasks left running on purpose (a daemon, which an executor
/// that adopts no orphans leaves running).
public enum TaskToken {
    /// The variable, `PRX_TASK_TOKEN`, whose value is `TOKEN-ID`.
    public static let environmentVariable = "PRX_TASK_TOKEN"

    /// The value that marks the processes of task `taskID` of the prx whose orphan guard's token is `token`.
    public static func value(token: String, taskID: TaskID) -> String {
        "\(token)-\(taskID.rawValue)"
    }

    /// The id of the task that `entry`, an environment's entry (`NAME=value`, as `/proc/PID/environ` holds it),
    /// marks, when it begins with `prefix` (``entryPrefix(token:)``); `nil` otherwise.
    public static func taskID<Entry: Collection<UInt8>>(in entry: Entry, prefix: [UInt8]) -> Int? {
        guard entry.starts(with: prefix) else { return nil }
        return Int(String(decoding: entry.dropFirst(prefix.count), as: UTF8.self))
    }

    /// How the entries begin that mark the tasks of the prx whose orphan guard's token is `token`:
    /// `PRX_TASK_TOKEN=TOKEN-`, the task's id following.
    public static func entryPrefix(token: String) -> [UInt8] {
        Array("\(environmentVariable)=\(token)-".utf8)
    }
}
