import PRXPlugins

extension RunPlan {
    /// Adds the stop limits, made by `selection`, after the stop policies a run chose (`policies`, asked in their
    /// order), when `enabled` turns them on and none of those policies is already them (`--stop-policy stop-limits`,
    /// `prx.stop_policy("stop-limits")`), which asks them in the place it chose, and once.
    static func addStopLimits(
        to policies: inout [Selection], enabled: Bool, _ selection: () throws -> Selection
    ) rethrows {
        guard enabled, !policies.contains(where: { $0.name == BuiltinPlugins.stopLimits.name }) else { return }
        policies.append(try selection())
    }
}
