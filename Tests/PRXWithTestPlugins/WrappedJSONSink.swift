import PRXKernel
import PRXPlugins

/// The built-in JSON Lines sink inside a type of the tests' own: registered as `json` in this build of prx, in the
/// built-in's place, so that `--json` writes the file prx's own sink writes, through a plugin that is no `JSONSink`.
struct WrappedJSONSink: Sink {
    private var base: JSONSink

    /// Creates (or empties) the JSON Lines file at `path`, as the built-in does; with `appending`, adds to it.
    init(path: String, appending: Bool) throws {
        base = try JSONSink(path: path, appending: appending)
    }

    mutating func receive(_ event: RunEvent) throws {
        try base.receive(event)
    }

    func flush() throws {
        try base.flush()
    }
}
