/// What a run's journal records of the result files a resumption adds to (``TrackedResultFile``): which files they
/// are, as the run starts, and the size of each once the turn's lines are written, so that a resumption of the run
/// killed before the journal had a turn's lines cuts off the rows that turn wrote (``RecordedResultFile``).
///
/// The `run_started` line lists those that are regular files as `result_files` (``runStartedMembers(of:)``), each
/// with its `path`, `device`, `inode` and `size`. After it, the journal's lines of each turn in which a size changed
/// are followed by `{"event":"result_sizes","sizes":[…]}`, the sizes in that list's order (``lineOfTurn()``), or,
/// should a file be another since (a plugin sink's file made, or replaced, during the run), by
/// `{"event":"result_files","result_files":[…]}`, the list anew. The journal writes the line after the result files
/// have written the turn's rows, in the same `write` as the turn's task lines: what a record says is in the file,
/// whatever becomes of prx after.
///
/// The scheduler's sinks are called one at a time, so the records are kept without a lock; a class, as
/// ``RunJournalSink/flush()`` is not `mutating`.
final class ResultFileSizes {
    private let files: [TrackedResultFile]
    /// What the journal last recorded of each of ``files``, `nil` for one it does not list (no regular file).
    private var recorded: [RecordedResultFile?]

    /// Follows `files`, as they are now.
    init(_ files: [TrackedResultFile]) {
        self.files = files
        recorded = files.map(Self.record)
    }

    /// Adds `result_files`, the files as they are now, to the `run_started` line `line`.
    func runStartedMembers(of line: inout JSONLine) {
        line.add(resultFiles: recorded)
    }

    /// The line that records the files' sizes after the turn's writes, or the files anew when one is another; `nil`
    /// when nothing changed since the last record. A built-in sink's file costs a comparison: its sink counted its
    /// bytes.
    func lineOfTurn() -> RowBuffer? {
        var sizeChanged = false
        var fileChanged = false
        for index in files.indices {
            let now = files[index].identityAndSize
            switch (recorded[index], now) {
            case (nil, nil):
                continue
            case (let before?, let now?) where before.device == now.identity.device
                && before.inode == now.identity.inode:
                guard before.size != now.size else { continue }
                recorded[index]?.size = now.size
                sizeChanged = true
            default:
                recorded[index] = Self.record(files[index])
                fileChanged = true
            }
        }
        guard sizeChanged || fileChanged else { return nil }
        var line = JSONLine()
        if fileChanged {
            line.add("event", "result_files")
            line.add(resultFiles: recorded)
        } else {
            line.add("event", "result_sizes")
            line.add("sizes", integers: recorded.lazy.compactMap { $0?.size })
        }
        return line.finished()
    }

    /// ``lineOfTurn()`` once the files' sinks have written the rows they keep: the line after the journal's lines when
    /// they pass ``WriteThroughFile/pendingLimit`` before the turn is over (a task whose arguments line is hundreds of
    /// kilobytes, which its line holds up to three times) and are written at once
    /// (``WriteThroughFile/lineBeforeFlushPastLimit``). The sinks of the files are told each event before the journal,
    /// so they then hold the rows of every task whose end the journal is about to write, and the sizes say so: a
    /// plugin sink that keeps its rows for its flush is flushed too, out of turn, where its rows were in no file while
    /// the journal held the ends of their tasks, which a resumption then did not run again. A sink whose flush fails
    /// throws the failure at its next flush, as its own (``TrackedResultFile/flushRowsKept()``).
    func lineAfterFlushingFiles() -> RowBuffer? {
        for file in files { file.flushRowsKept() }
        return lineOfTurn()
    }

    /// The record of `file` as it is now; `nil` when it is no regular file.
    private static func record(_ file: TrackedResultFile) -> RecordedResultFile? {
        file.identityAndSize.map { RecordedResultFile(path: file.path, identity: $0.identity, size: $0.size) }
    }
}

extension JSONLine {
    /// Adds `files` that are there as `result_files`: objects with `path`, `device`, `inode` and `size`.
    fileprivate mutating func add(resultFiles files: [RecordedResultFile?]) {
        add("result_files", objects: files.lazy.compactMap { $0 }) { object, file in
            object.add("path", file.path)
            object.add("device", file.device)
            object.add("inode", file.inode)
            object.add("size", file.size)
        }
    }
}
