import PRXKernel

/// A sink that writes the run's main log through a ``RunLog``, which it shares with prx for prx's own lines.
///
/// The run's main log is what the sinks chosen as `log` write (every run's default, `--set log.KEY=…`, a recipe's
/// `prx.sink("log", …)`), whatever plugin is registered under that name. prx writes to the ``log`` of the first of
/// them the lines no event carries: the configuration files the run read and a ptasker run's project, as the run
/// begins, every warning (those before the run began included), and a daemon's summary report; the summary report
/// marks the log's file `(rotating)` when ``RunLog/rotates``. The built-in ``LogSink`` is one; a plugin registered as
/// `log` adopts it to be given those lines too (one wrapping the built-in forwards its `log`). A sink chosen as
/// `log` that does not adopt it is given the run's events alone: prx's warnings then go to standard error only, as in
/// a run without a log.
public protocol MainLogSink: Sink {
    /// The log prx writes its own lines to, from any thread (``RunLog`` is thread-safe), once nothing can refuse the
    /// run any more; read once, as the run begins.
    var log: RunLog { get }
}
