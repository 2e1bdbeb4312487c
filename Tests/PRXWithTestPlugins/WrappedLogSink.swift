import PRXKernel
import PRXPlugins

/// The built-in main log sink inside a type of the tests' own: registered as `log` in this build of prx, in the
/// built-in's place, so that every run's main log is written through a plugin that is no `LogSink`, and shares its
/// log with prx (``MainLogSink``) as docs/PLUGINS.md asks of such a plugin.
struct WrappedLogSink: MainLogSink {
    private var base: LogSink

    /// Wraps `base`, the built-in sink.
    init(base: LogSink) {
        self.base = base
    }

    var log: RunLog { base.log }

    mutating func receive(_ event: RunEvent) throws {
        try base.receive(event)
    }

    func flush() throws {
        try base.flush()
    }
}
