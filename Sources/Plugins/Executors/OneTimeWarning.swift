import Synchronization

/// A warning given at most once, however many callers come to it, at the same moment or later: one line for a
/// condition that every task meeting it would otherwise repeat.
final class OneTimeWarning: Sendable {
    private let given = Atomic<Bool>(false)
    private let message: String
    private let warn: @Sendable (String) -> Void

    /// Creates the warning `message`, to be given to `warn`.
    init(_ message: String, warn: @escaping @Sendable (String) -> Void) {
        self.message = message
        self.warn = warn
    }

    /// Gives the warning, unless it has been given.
    func give() {
        if !given.exchange(true, ordering: .relaxed) { warn(message) }
    }
}
