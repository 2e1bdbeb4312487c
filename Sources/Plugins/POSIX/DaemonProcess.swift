import Synchronization

/// Whether this process is a daemon (`-D`): its launcher started it with no descriptor but its standard streams, so a
/// path naming one from 3 on (`/dev/fd/7`) names one it cannot be given, however it is started, where a prx started
/// without it can be given it by the program that starts it (``ClosedStandardStream/refusal(of:givenBy:)``); and with
/// its standard input closed unless it reads `-A /dev/stdin` (``keepsStandardInput``).
package enum DaemonProcess {
    private static let isDaemon = Atomic<Bool>(false)
    private static let keepsInput = Atomic<Bool>(false)

    /// Notes that this process is a daemon, which was given its launcher's standard input when `keepingStandardInput`
    /// (it reads `-A /dev/stdin`); the command calls it once it knows, before it opens any file a run names.
    package static func noteThisProcessIsOne(keepingStandardInput: Bool) {
        keepsInput.store(keepingStandardInput, ordering: .relaxed)
        isDaemon.store(true, ordering: .relaxed)
    }

    /// Whether ``noteThisProcessIsOne(keepingStandardInput:)`` was called.
    package static var isThisProcess: Bool {
        isDaemon.load(ordering: .relaxed)
    }

    /// Whether this daemon was given its launcher's standard input (``noteThisProcessIsOne(keepingStandardInput:)``);
    /// one that was not has it closed, so that a read of it is refused rather than reading no line.
    package static var keepsStandardInput: Bool {
        keepsInput.load(ordering: .relaxed)
    }
}
