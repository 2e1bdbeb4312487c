import Testing

/// The suite of the run registry, `--list-workers`, `-k` and `-D` tests (`swift test --filter Processes`).
@Suite enum Processes {}
