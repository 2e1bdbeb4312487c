import ArgumentParser

extension PRX {
    /// Refuses the stop policy flags that would leave one of them unused without a word: `--stop-policy` given twice
    /// (the last one chose the policy), and `--enable-stop-limits` beside a `--stop-policy` naming another registered
    /// policy (the named one replaced the stop limits, which the summary said were disabled while `--show-config`
    /// said enabled). A `--stop-policy FILE.lua` joins the stop limits, and `--stop-policy stop-limits` is them.
    func checkStopPolicyFlags() throws {
        if stopPolicyNames.count > 1 {
            throw ValidationError(
                "--stop-policy is given \(stopPolicyNames.count) times, and a run has one stop policy: "
                    + "give it once (a Lua file's stop_when joins --enable-stop-limits)")
        }
        if enableStopLimits, let name = stopPolicyName, !LuaFlagFiles.isLuaFile(name), name != "stop-limits" {
            throw ValidationError(
                "--stop-policy \(name) and --enable-stop-limits exclude each other: each chooses the stop policy")
        }
    }
}
