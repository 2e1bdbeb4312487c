/// Whether Swift's pool resumes a task promptly.
///
/// When the suite starts, Swift Testing starts every test at once, and the steps of the in-process tests (the
/// scheduler's, the executor's, ten thousand tasks built and run) fill the pool's queue for some seconds: a task
/// resumed then, after a poll's sleep or a run's end, waits behind all of them.
enum PromptPool {
    /// Returns once three 10 ms sleeps in a row each ended within 50 ms of their time.
    static func wait() async {
        var promptInARow = 0
        while promptInARow < 3 {
            let asleep = ContinuousClock.now
            try? await Task.sleep(for: .milliseconds(10))
            promptInARow = ContinuousClock.now - asleep < .milliseconds(60) ? promptInARow + 1 : 0
        }
    }
}
