import PRXPlugins

/// `--check-dependencies`: the optional parts prx finds, in parallelr's report style.
enum DependencyReport {
    /// The report's text.
    static func render() -> String {
        var lines = ["prx dependencies:"]
        if let state = try? LuaState(libraries: [.base]), let version = try? state.global("_VERSION").stringValue {
            lines.append("✓ Lua: \(version) (the system library, for recipes, parsers, stop policies and hooks)")
        } else {
            lines.append("✗ Lua: the Lua 5.4 runtime could not start")
        }
        lines.append("✓ YAML configuration: built in")
        lines.append("✓ Resource figures: built in (wait4), no psutil needed")
        lines.append("  Slurm client: not used by this build (no Slurm executor plugin registered)")
        return lines.joined(separator: "\n")
    }
}
