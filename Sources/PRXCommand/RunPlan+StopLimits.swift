import PRXPlugins

extension RunPlan {
    /// The name of the stop limits' plugin, which `--enable-stop-limits`, the configuration's `stop_limits_enabled`
    /// and a recipe's `prx.config{ stop_limits }` turn on.
    static let stopLimitsName = "stop-limits"

    /// Adds the stop limits, made by `selection`, after the stop policies a run chose (`policies`, asked in their
    /// order), when `enabled` turns them on and none of those policies is already them (`--stop-policy stop-limits`,
    /// `prx.stop_policy("stop-limits")`), which asks them in the place it chose, and once.
    static func addStopLimits(
        to policies: inout [Selection], enabled: Bool, _ selection: () throws -> Selection
    ) rethrows {
        guard enabled, !policies.contains(where: { $0.name == stopLimitsName }) else { return }
        policies.append(try selection())
    }
}
