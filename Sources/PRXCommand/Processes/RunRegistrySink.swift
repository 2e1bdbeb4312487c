import PRXKernel

/// Keeps the progress in this run's registry entry up to date, so `--list-workers` shows how far it got: the count
/// of finished tasks goes to the ``RunRegistration`` as each task finishes (written at most twice a second), and the
/// final count when the run finishes (written at once).
struct RunRegistrySink: Sink {
    private let registration: RunRegistration
    private var finished = 0

    /// Creates a sink updating `registration`.
    init(registration: RunRegistration) {
        self.registration = registration
    }

    /// Never throws: a failed write is the registration's warning (``RunRegistration``), not lost results.
    mutating func receive(_ event: RunEvent) {
        switch event {
        case .taskFinished:
            finished += 1
            registration.record(finished: finished)
        case .runFinished(let summary):
            registration.record(finished: summary.statistics.finished, immediately: true)
        case .runStarted, .taskStarted, .taskPlaced, .attemptFailed, .runHalted:
            return
        }
    }
}
