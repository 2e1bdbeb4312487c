import ArgumentParser

extension PRX {
    /// Refuses a `--stop-policy` given twice with one value: a run asks each of its policies once, and a second of
    /// the name would be the first again, with the same settings (a `--set NAME.KEY` reaches the plugin of the name).
    /// `--stop-policy stop-limits` beside `--enable-stop-limits` is one choice of the stop limits, which it places.
    func checkStopPolicyFlags() throws {
        var given: Set<String> = []
        for name in stopPolicyNames where !given.insert(name).inserted {
            throw ValidationError(
                "--stop-policy \(name) is given twice, and a run asks each stop policy once: give it once")
        }
    }
}
