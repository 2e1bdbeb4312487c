/// The files `prx.lines` and `prx.each_line` read while a recipe (or a Lua file of flags mode) loads, each once, with
/// the function and the line that read it first: files the run reads, known before any result file is opened, which
/// no result file may then be (a sink opening one would empty it).
///
/// Calls made as the run goes (from a hook or a `cmd` function) are not recorded: the result files are open by then.
/// Not `Sendable`, like the ``LuaState`` whose functions record into it.
public final class LuaFilesReadWhileLoading {
    /// One file read: its path from `/`, the function that read it (`prx.lines`) and the line that called it.
    public struct Read {
        /// The file, from `/`.
        public var path: String
        /// `prx.lines` or `prx.each_line`.
        public var function: String
        /// The line of the call, if Lua code made it.
        public var position: LuaSourcePosition?
    }

    /// The files read so far while loading, in the order they were first read.
    public private(set) var reads: [Read] = []
    private var recordedPaths: Set<String> = []
    private var isLoading = true

    /// Starts with no file read, loading.
    public init() {}

    /// Records that `function`, called at `position`, reads `path` (from `/`), unless the loading is over or the
    /// file was recorded before.
    func record(_ path: String, by function: String, at position: @autoclosure () -> LuaSourcePosition?) {
        guard isLoading, recordedPaths.insert(path).inserted else { return }
        reads.append(Read(path: path, function: function, position: position()))
    }

    /// Ends the loading: later reads are made as the run goes.
    func endLoading() {
        isLoading = false
    }
}
