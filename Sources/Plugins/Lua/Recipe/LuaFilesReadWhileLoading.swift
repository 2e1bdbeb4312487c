/// The files `prx.lines` and `prx.each_line` (and `io.open`, `io.lines` and `io.input`) read while a recipe (or a Lua
/// file of flags mode) loads, each once, with the function and the line that read it first, and the files `prx.dir`
/// and `prx.glob` listed (the task files a recipe builds its tasks on): files the run reads, known before any result
/// file is opened, which no result file may then be (a sink opening one would empty it).
///
/// Calls made as the run goes (from a hook or a `cmd` function) are not recorded: the result files are open by then.
/// Not `Sendable`, like the ``LuaState`` whose functions record into it.
public final class LuaFilesReadWhileLoading {
    /// One file read: its path from `/`, the function that read it (`prx.lines`) and the line that called it.
    public struct Read {
        /// The file, from `/`.
        public var path: String
        /// `prx.lines`, `prx.each_line`, `prx.dir`, `prx.glob`, `io.open`, `io.lines` or `io.input`.
        public var function: String
        /// The line of the call, if Lua code made it.
        public var position: LuaSourcePosition?
        /// Whether `prx.dir` or `prx.glob` listed it (a task file, which a task reads as the run goes) rather than
        /// the Lua code reading it.
        public var isListed = false
    }

    /// The files read so far while loading, in the order they were first read.
    private var reads: [Read] = []
    private var recordedPaths: Set<String> = []
    /// The files `prx.dir` and `prx.glob` listed while loading, each once, in the order first listed; looked at (one
    /// `stat` each) only when the run has result files already there (``files(amongResultFiles:)``).
    private var listed: [Read] = []
    private var listedPaths: Set<String> = []
    /// Whether the Lua code is still loading: reads and listings are recorded until ``endLoading(of:)``.
    private(set) var isLoading = true

    /// Starts with no file read, loading, and has `state` record the files its Lua code opens through `io`
    /// (``LuaState/startRecordingOpenedFiles()``) until ``endLoading(of:)``.
    init(openingFilesIn state: LuaState) {
        state.startRecordingOpenedFiles()
    }

    /// Records that `function`, called at `position`, reads `path` (from `/`), unless the loading is over or the
    /// file was recorded before.
    func record(_ path: String, by function: String, at position: @autoclosure () -> LuaSourcePosition?) {
        guard isLoading, recordedPaths.insert(path).inserted else { return }
        reads.append(Read(path: path, function: function, position: position()))
    }

    /// Records that `function`, called at `position`, listed the files `paths` (from `/`), unless the loading is over.
    func recordListed(
        _ paths: some Sequence<String>, by function: String, at position: @autoclosure () -> LuaSourcePosition?
    ) {
        guard isLoading else { return }
        let position = position()
        for path in paths where listedPaths.insert(path).inserted {
            listed.append(Read(path: path, function: function, position: position, isListed: true))
        }
    }

    /// The files read while loading, and those listed that are one of `resultFiles` (the result files there already,
    /// by identity): a listed file that is not among them cannot be emptied by a result file, which is made anew.
    ///
    /// The corresponding C function is `stat` (of each listed file, when `resultFiles` has any).
    public func files(amongResultFiles resultFiles: Set<FileIdentity>) -> [Read] {
        guard !resultFiles.isEmpty else { return reads }
        return reads + listed.filter { FileIdentity(ofFileAt: $0.path).map(resultFiles.contains) ?? false }
    }

    /// Ends the loading of `state`'s Lua code, recording the files it opened through `io` that are there (their names
    /// taken from prx's working directory, as `fopen` takes them, and cut at a NUL byte, as `fopen` reads them; a
    /// name with no file, which `io` failed to open, is no file a result file could empty): later reads are made as
    /// the run goes.
    ///
    /// The corresponding C function is `stat`.
    func endLoading(of state: LuaState) {
        for file in state.endRecordingOpenedFiles() {
            let name = String(decoding: file.name.utf8.prefix { $0 != 0 }, as: UTF8.self)
            let path = SourceFileSystem.absolutePath(name, base: SourceFileSystem.currentDirectory)
            guard FileIdentity(ofFileAt: path) != nil else { continue }
            record(path, by: file.function, at: file.position)
        }
        isLoading = false
    }
}
