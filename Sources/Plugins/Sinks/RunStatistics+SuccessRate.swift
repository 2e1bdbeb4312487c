import PRXKernel

extension RunStatistics {
    /// Succeeded tasks as a percentage of all finished tasks, 0 when none finished (parallelr's success rate).
    var successRatePercent: Double {
        finished == 0 ? 0 : Double(succeeded) / Double(finished) * 100
    }
}
