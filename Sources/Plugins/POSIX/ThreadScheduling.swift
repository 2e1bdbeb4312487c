#if os(Linux)
/// How the kernel schedules the calling thread.
enum ThreadScheduling {
    /// Makes the calling thread a batch thread (`SCHED_BATCH`, same priority): when it wakes, it waits for the
    /// running thread's turn to end (or for a core to fall idle) instead of preempting it.
    ///
    /// The corresponding C function is `sched_setscheduler`, on the calling thread.
    static func makeCallingThreadBatch() throws(Errno) {
        _ = try retryingInterrupts { GNULibC.schedulerSetBatch() }
    }
}
#endif
