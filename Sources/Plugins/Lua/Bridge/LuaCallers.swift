/// The Lua code a call came through: the lines calling the function that made it, nearest first, as far as the
/// chunk's top-level code, so that a message about something a helper function declared names the line that called
/// the helper too (`called from recipe.lua:3`), where the helper's own line is the same for every call.
///
/// Holds the nearest caller and the outermost (the top-level line), the ones between left out: a chain through a
/// recursive function stays a few words however deep it is.
public struct LuaCallers: Sendable, Hashable, CustomStringConvertible {
    /// The nearest caller, then the outermost when it is another and was reached; empty for a call the top-level code
    /// made itself.
    public private(set) var positions: [LuaSourcePosition] = []
    /// Whether callers after the nearest were left out: those between it and the outermost, or, when the outermost
    /// was not reached, all the others.
    public private(set) var leavesSomeOut = false

    /// No callers: a call the top-level code made itself.
    public init() {}

    /// The callers `positions` lists, nearest first; `reachesTheTop` is false when the list stops short of the
    /// top-level code, which is then left out as well.
    public init(_ positions: [LuaSourcePosition], reachesTheTop: Bool = true) {
        guard let nearest = positions.first else { return }
        guard reachesTheTop else {
            self.positions = [nearest]
            leavesSomeOut = true
            return
        }
        self.positions = positions.count > 1 ? [nearest, positions[positions.count - 1]] : [nearest]
        leavesSomeOut = positions.count > 2
    }

    /// Whether the call was made by the top-level code itself.
    public var isEmpty: Bool { positions.isEmpty }

    /// `called from recipe.lua:3`, `called from recipe.lua:5, recipe.lua:9`, `called from recipe.lua:5, …,
    /// recipe.lua:30`; empty when there are no callers.
    public var description: String {
        var places = positions.map(\.description)
        guard !places.isEmpty else { return "" }
        if leavesSomeOut { places.insert("…", at: 1) }
        return "called from " + places.joined(separator: ", ")
    }
}
