import Synchronization

/// Whether this process is a daemon (`-D`): its launcher started it with no descriptor but its standard streams, so a
/// path naming one from 3 on (`/dev/fd/7`) names one it cannot be given, however it is started, where a prx started
/// without it can be given it by the program that starts it (``ClosedStandardStream/refusal(of:givenBy:)``).
package enum DaemonProcess {
    private static let isDaemon = Atomic<Bool>(false)

    /// Notes that this process is a daemon; the command calls it once it knows, before it opens any file a run names.
    package static func noteThisProcessIsOne() {
        isDaemon.store(true, ordering: .relaxed)
    }

    /// Whether ``noteThisProcessIsOne()`` was called.
    package static var isThisProcess: Bool {
        isDaemon.load(ordering: .relaxed)
    }
}
