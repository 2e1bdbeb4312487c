/// What a child task of a run's task group hands back to the scheduler.
enum SchedulerCompletion: Sendable {
    /// An attempt ended with this result, which names its worker.
    case finished(TaskResult)
    /// The delay before the next attempt of a task is over; the result is its failed attempt's, whose task and
    /// attempt number say what to start. The attempt is due then, and starts when a worker is free; a halt meanwhile
    /// has ended the task with this result already, when it came.
    case retryDue(TaskResult)
    /// The pause between task starts (``SchedulerConfiguration/startDelay``) is over: the next task may start.
    case startDue
    /// The source's input can be read (``TaskSource/inputWait``): the next task may be pulled.
    case inputReady
    /// Running attempts reported output or where they run, which the sinks have not been given
    /// (``AttemptReportRelay``).
    case reportsArrived
}
