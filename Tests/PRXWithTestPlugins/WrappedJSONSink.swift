import Foundation
import PRXKernel
import PRXPlugins

/// The built-in JSON Lines sink inside a type of the tests' own: registered as `json` in this build of prx, in the
/// built-in's place, so that `--json` writes the file prx's own sink writes, through a plugin that is no `JSONSink`.
/// Given an `output_copy` path, it also watches the tasks' output and writes all it was given there as the run ends,
/// so that a test sees the output reach a sink chosen as `json`.
struct WrappedJSONSink: Sink {
    private var base: JSONSink
    /// Where the tasks' output goes as the run ends, or `nil` for a sink that does not watch output.
    private let outputCopy: String?
    /// The tasks' output received so far.
    private var output: [UInt8] = []

    /// Creates (or empties) the JSON Lines file at `path`, as the built-in does; with `appending`, adds to it. With
    /// `outputCopy`, watches the tasks' output and writes it to that file as the run ends.
    init(path: String, appending: Bool, outputCopy: String?) throws {
        base = try JSONSink(path: path, appending: appending)
        self.outputCopy = outputCopy
    }

    var watchesOutput: Bool { outputCopy != nil }

    mutating func receiveOutput(_ chunk: OutputChunk) throws {
        output += chunk.bytes
    }

    mutating func receive(_ event: RunEvent) throws {
        try base.receive(event)
        if case .runFinished = event, let outputCopy {
            try Data(output).write(to: URL(fileURLWithPath: outputCopy))
        }
    }

    func flush() throws {
        try base.flush()
    }
}
