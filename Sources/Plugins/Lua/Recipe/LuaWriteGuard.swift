import Synchronization

/// What keeps `prx.write` off the files the run writes: Lua code (a hook, a `cmd` function) writing one of them
/// would empty it under the sink writing it, which goes on from its own offset, so that the file holds what the Lua
/// code wrote, then zero bytes up to where the sink was, then the sink's later lines (a CSV summary's first rows
/// lost, and the run ending with status 0 all the same).
///
/// The command tells it which files those are once it has claimed them, before any task starts
/// (``refuse(_:)``); as the Lua code loads, and in a dry run, nothing is refused. Shared by the Lua state's
/// `prx.write` and the command, on the run's threads: `Sendable`.
public final class LuaWriteGuard: Sendable {
    /// What writes the file at a path from `/`, as an error names it (`csv.path (recipe.lua:1)`), when the run does.
    private let writer = Mutex<(@Sendable (String) -> String?)?>(nil)

    /// A guard refusing nothing yet.
    public init() {}

    /// From now on, refuses `prx.write` to a path for which `writer` names what writes its file: a sink's setting or
    /// flag (`csv.path (recipe.lua:1)`, `--json`), or a file of the run's own (`the run's CSV summary`, `the run's
    /// journal`).
    public func refuse(_ writer: @escaping @Sendable (String) -> String?) {
        self.writer.withLock { $0 = writer }
    }

    /// What writes the file at `path` (from `/`), when the run does; `nil` when `prx.write` may write it.
    func writer(of path: String) -> String? {
        writer.withLock { $0 }?(path)
    }
}
