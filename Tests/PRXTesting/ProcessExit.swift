import Foundation

extension Process {
    /// Waits for the process to end, looking every 10 ms, holding no thread meanwhile: `waitUntilExit()` would hold
    /// one and spin it (see ``ProcessEnd``). Returns early should the calling task be cancelled.
    public func awaitExit() async {
        while isRunning {
            do {
                try await Task.sleep(for: .milliseconds(10))
            } catch {
                return
            }
        }
    }
}
