import PRXKernel

/// Keeps the progress in this run's registry entry up to date, so `--list-workers` shows how far it got.
///
/// The entry is rewritten when the run starts, when it finishes, and in between at most once per
/// ``interval`` (a task that finishes sooner after the last write is counted in the next one), so a run of
/// many short tasks does not spend its time rewriting a file.
struct RunRegistrySink: Sink {
    /// The shortest time between two writes of the entry.
    static let interval = Duration.milliseconds(500)

    private let registration: RunRegistration
    private let clock = ContinuousClock()
    private var lastWrite: ContinuousClock.Instant?
    private var finished = 0

    /// Creates a sink updating `registration`.
    init(registration: RunRegistration) {
        self.registration = registration
    }

    /// Never throws: a failed write is the registration's warning (``RunRegistration``), not lost results.
    mutating func receive(_ event: RunEvent) {
        switch event {
        case .runStarted:
            write()
        case .taskFinished:
            finished += 1
            if let lastWrite, clock.now - lastWrite < Self.interval { return }
            write()
        case .runFinished(let summary):
            finished = summary.statistics.finished
            write()
        case .taskStarted, .attemptFailed, .runHalted:
            return
        }
    }

    private mutating func write() {
        lastWrite = clock.now
        registration.record(finished: finished)
    }
}
