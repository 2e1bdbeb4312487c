/// What a source throws from ``TaskSource/next()`` for an item of its input it cannot make a task of (a line too long
/// to read, one its parser refuses), when it can read on past that item.
///
/// The scheduler reports ``standIn`` as ``TaskStatus/error`` with ``reason`` and stops the run, as for any error of
/// the source (``RunSummary/sourceError``), but goes on pulling the tasks after it, to report them
/// ``TaskStatus/cancelled``: the run's results then hold every task of the source, the unreadable one included, so
/// that a run taking up those that did not succeed finds them all. In a run interrupted meanwhile, the error is taken
/// for the interruption's doing (a parser it cut off), and ``standIn`` is cancelled as never started. So is the
/// stand-in of an item thrown for once the run starts no more tasks (after a halt, an interruption or an earlier
/// unreadable item), one more of the tasks it cancels: the run did not stop for it.
public struct UnreadableTaskError: Error, CustomStringConvertible {
    /// The task that stands for the unreadable item in the results: the id the item's task would have had, a label
    /// naming it, no command. The source marks it in the ``TaskSpec/metadata`` its sinks read.
    public var standIn: TaskSpec
    /// Why the item cannot be read, naming where it is (a file and line).
    public var reason: String

    /// Creates the error for `standIn`, unreadable for `reason`.
    public init(standIn: TaskSpec, reason: String) {
        self.standIn = standIn
        self.reason = reason
    }

    public var description: String { reason }
}
