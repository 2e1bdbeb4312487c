import PRXKernel
import PRXPlugins

/// A sink a custom build registered, whose failures as the run goes (what it throws as it is told an event or the
/// tasks' output, or flushed) are said as that plugin's, `prx: warning: a sink failed: sink 'NAME': …`, as its
/// factory's errors are (``PluginRegistry/message(_:of:named:)``, which leaves a message naming the plugin already as
/// it is). prx's own sinks are not wrapped (``RunAssembly``): their messages name their files.
struct PluginNamingSink: WrappingSink {
    /// The plugin's sink.
    var base: any Sink
    /// `message`, as the plugin's.
    let named: (String) -> String

    mutating func receive(_ event: RunEvent) throws {
        try Self.naming(named) { try base.receive(event) }
    }

    func flush() throws {
        try Self.naming(named) { try base.flush() }
    }

    mutating func receiveOutput(_ chunk: OutputChunk) throws {
        try Self.naming(named) { try base.receiveOutput(chunk) }
    }

    /// Runs `body`, its error's message said as the plugin's (`named`).
    private static func naming(_ named: (String) -> String, _ body: () throws -> Void) throws {
        do { try body() } catch { throw PluginError(named("\(error)")) }
    }
}
