extension PRXHome {
    /// The run registry's directory, `run/` beside `logs/` and `workspace/`: one `PID.json` per running prx.
    var runs: String { path + "/run" }
}
