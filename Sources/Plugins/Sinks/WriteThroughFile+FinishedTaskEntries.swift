import PRXKernel

extension WriteThroughFile {
    /// What a sink writing one entry per finished task (the CSV summary's row, the output log's block) does with
    /// `event`: empties the file as the run starts (``discardEarlierContent()``), adds `entry(result)` for a finished
    /// task, and as the run ends throws when the file was deleted during the run (``checkStillNamed()``); nothing for
    /// the other events.
    func addEntry(for event: RunEvent, _ entry: (TaskResult) -> RowBuffer) throws(SinkFileError) {
        switch event {
        case .taskFinished(let result):
            try add(entry(result))
        case .runFinished:
            try checkStillNamed()
        case .runStarted:
            try discardEarlierContent()
        case .taskStarted, .taskPlaced, .attemptFailed, .runHalted:
            break
        }
    }
}
