import PRXKernel

/// A sink of the tests' own that writes no file, as a plugin's author's sink that sends its rows to a service does:
/// registered in the place of `csv`, `output` and `log` in this build of prx when the environment has
/// `PRX_TEST_FILELESS_SINKS`, so that what the summary report names can be held against the files written. It takes
/// each event and keeps nothing.
struct FilelessSink: Sink {
    mutating func receive(_ event: RunEvent) throws {}
}
