import Foundation

extension Process {
    /// Waits for the process to end, as `waitUntilExit()` does, on a thread of its own: the caller holds no thread of
    /// Swift's pool meanwhile (``BlockingCall``).
    public func awaitExit() async {
        await BlockingCall.run { self.waitUntilExit() }
    }
}
