/// Placeholder replaced during integration.
struct ParallelrRun {
    var options: PRX
    func execute() async throws {}
}
