extension PRXHome {
    /// The run registry's directory, `run/` in the state directory beside `history/`: one `PID.json` per
    /// running prx.
    var runs: String { statePath + "/run" }
}
