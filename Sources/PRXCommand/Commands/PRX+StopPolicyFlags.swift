import ArgumentParser
import Foundation
import PRXPlugins

extension PRX {
    /// Refuses a `--stop-policy` given twice with one value: a run asks each of its policies once, and a second of
    /// the name would be the first again, with the same settings (a `--set NAME.KEY` reaches the plugin of the name).
    /// `--stop-policy stop-limits` beside `--enable-stop-limits` is one choice of the stop limits, which it places.
    /// A Lua file is one policy however its path is written (`p.lua`, `./p.lua`). A policy that is no Lua file and
    /// that `registry` does not have is refused first, as the run refuses it, by a run and `--validate-config` alike:
    /// `--stop-policy bogus --stop-policy bogus` was refused as given twice, and `--validate-config` passed
    /// `--stop-policy bogus`.
    func checkStopPolicyFlags(registry: PluginRegistry) throws {
        for name in stopPolicyNames where !LuaFlagFiles.isLuaFile(name) {
            try registry.refuseUnknown(.stopPolicy, named: name)
        }
        let base = FileManager.default.currentDirectoryPath
        var given: [String: String] = [:]
        for name in stopPolicyNames {
            let policy = LuaFlagFiles.isLuaFile(name) ? SourceFileSystem.absolutePath(name, base: base) : name
            guard let first = given.updateValue(name, forKey: policy) else { continue }
            let again = first == name ? "is given twice" : "names the file of --stop-policy \(first) again"
            throw ValidationError(
                "--stop-policy \(name) \(again), and a run asks each stop policy once: give it once")
        }
    }
}
