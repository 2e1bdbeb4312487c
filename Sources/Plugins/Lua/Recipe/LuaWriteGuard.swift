import Synchronization

/// What keeps `prx.write` off the files the run writes: Lua code (a hook, a `cmd` function) writing one of them
/// would empty it under the sink writing it, which goes on from its own offset, so that the file holds what the Lua
/// code wrote, then zero bytes up to where the sink was, then the sink's later lines (a CSV summary's first rows
/// lost, and the run ending with status 0 all the same); and a sink opening a file the Lua code wrote as it loaded
/// would empty it, or add its lines to it. It keeps `prx.write` off the files the run reads by their paths too (its
/// arguments file, the recipe, a `--hook` file, a configuration file): the run's input, which an arguments file's
/// reader would go on reading from its offset in what the Lua code wrote, and the code the next run loads.
///
/// As the Lua code loads, the run's files are not all known yet (its log, CSV summary and output file are named after
/// its start, a sink's `path` may come on a later line): the guard refuses the files named so far
/// (``refuseWhileLoading(_:namedBy:)``: standard output, `--json`, a sink's `path`) that are there already, so that a
/// previous run's results are never written over, and the input files named so far
/// (``refuseWhileLoading(input:readBy:)``: the recipe, the Lua files and configuration files, flags mode's arguments
/// file), and records what the code writes (``writesWhileLoading``), which the command checks once it has claimed the
/// run's files, before any is opened. From then on it refuses every file the run writes or reads by its path
/// (``refuse(_:)``). In a dry run, only the files named while loading are refused. Shared by the Lua state's
/// `prx.write` and the command, on the run's threads: `Sendable`.
public final class LuaWriteGuard: Sendable {
    /// A file `prx.write` wrote as the Lua code loaded: its path from `/`, and the line that wrote it.
    public struct Write: Sendable {
        /// The file, from `/`.
        public var path: String
        /// The line of the `prx.write` call, if Lua code made it.
        public var position: LuaSourcePosition?
    }

    /// What has a file `prx.write` refuses: what named it for the run, and whether the run reads it or writes it.
    public struct Claim: Sendable {
        /// What named the file, as an error names it: `csv.path (recipe.lua:1)`, `--json`, `-A`, `the recipe`.
        public var origin: String
        /// Whether the run reads the file (its input, or its code) rather than writing its results to it.
        public var isInput: Bool

        /// Creates the claim of `origin`, for a file the run reads when `isInput`, else one it writes.
        public init(origin: String, isInput: Bool) {
            self.origin = origin
            self.isInput = isInput
        }

        /// Why `prx.write` may not write `path`, which this claim has: `prx.write: PATH is the file of -A, which the
        /// run reads: writing it would spoil the run's input (write another file)`.
        func refusal(ofWriting path: String) -> String {
            isInput
                ? "prx.write: \(path) is the file of \(origin), which the run reads: writing it would spoil the run's "
                    + "input (write another file)"
                : "prx.write: \(path) is the file of \(origin), which the run writes to: writing it would spoil the "
                    + "run's results (write another file)"
        }
    }

    /// What the guard knows, behind one lock.
    private struct Knowledge {
        /// What has the file at a path from `/` (``Claim``), once the run's files are claimed.
        var claimant: (@Sendable (String) -> Claim?)?
        /// The result and input files named while the Lua code loads, from `/`, with what named each.
        var named: [(path: String, claim: Claim)] = []
        /// Whether the run is over (``releaseInputs()``): the files it read may be written.
        var inputsReleased = false
        /// The files written while loading, each once, in the order first written.
        var writes: [Write] = []
        var writtenPaths: Set<String> = []
    }

    private let knowledge = Mutex(Knowledge())

    /// A guard refusing nothing yet.
    public init() {}

    /// From now on, refuses `prx.write` to a path for which `claimant` names what has its file: what writes it, a
    /// sink's setting or flag (`csv.path (recipe.lua:1)`, `--json`) or a file of the run's own (`the run's CSV
    /// summary`, `the run's journal`), or what reads it by its path (`-A`, `the recipe`, `--hook`).
    public func refuse(_ claimant: @escaping @Sendable (String) -> Claim?) {
        knowledge.withLock { $0.claimant = claimant }
    }

    /// Until ``refuse(_:)``, refuses `prx.write` to the file at `path` (from `/`), which `origin` names for the run's
    /// results (`--json`, `standard output`, `csv.path (recipe.lua:1)`), when it is there: the one way a write as the
    /// Lua code loads could spoil results before the run's files are known is to write over a file there already.
    public func refuseWhileLoading(_ path: String, namedBy origin: String) {
        knowledge.withLock { $0.named.append((path, Claim(origin: origin, isInput: false))) }
    }

    /// Until ``refuse(_:)``, refuses `prx.write` to the file at `path` (from `/`), which the run reads by its path and
    /// `origin` named before the Lua code loaded (`the recipe`, `--hook`, `-A`), when it is there.
    public func refuseWhileLoading(input path: String, readBy origin: String) {
        knowledge.withLock { $0.named.append((path, Claim(origin: origin, isInput: true))) }
    }

    /// Records that `prx.write` wrote `path` (from `/`) at `position` as the Lua code loaded, unless it was recorded
    /// before.
    func recordWriteWhileLoading(_ path: String, at position: LuaSourcePosition?) {
        knowledge.withLock { knowledge in
            guard knowledge.writtenPaths.insert(path).inserted else { return }
            knowledge.writes.append(Write(path: path, position: position))
        }
    }

    /// From now on, lets `prx.write` write the files the run reads by their paths: the run is over (`on_done` is
    /// called), its input read, and a recipe may write its arguments file anew, the tasks still to do (a to-do list).
    /// The files the run writes stay refused.
    public func releaseInputs() {
        knowledge.withLock { $0.inputsReleased = true }
    }

    /// The files `prx.write` wrote as the Lua code loaded, each once, in the order first written: the command
    /// refuses the run when one is a file the run writes.
    public var writesWhileLoading: [Write] {
        knowledge.withLock { $0.writes }
    }

    /// What has the file at `path` (from `/`), when the run writes or reads it, or, before the run's files are
    /// claimed, what named it for the run's results or input when it is there (the same file by device and inode);
    /// `nil` when `prx.write` may write it, as it may write an input file once the run is over (``releaseInputs()``).
    ///
    /// The corresponding C function is `stat` (of `path` and the files named, while the Lua code loads).
    func claim(of path: String) -> Claim? {
        let (claimant, named, inputsReleased) = knowledge.withLock { ($0.claimant, $0.named, $0.inputsReleased) }
        let claim: Claim?
        if let claimant {
            claim = claimant(path)
        } else if let identity = FileIdentity(ofFileAt: path), identity.hasOffsets {
            claim = named.first { FileIdentity(ofFileAt: $0.path) == identity }?.claim
        } else {
            claim = nil
        }
        return inputsReleased && claim?.isInput == true ? nil : claim
    }
}
