#if os(Linux)
import Glibc
import Synchronization

/// What prx itself has used so far.
enum OwnResourceUsage {
    /// prx's own peak resident set size, in kilobytes.
    ///
    /// The corresponding C function is `getrusage` (`RUSAGE_SELF`).
    static func peakResidentKilobytes() -> Int {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return usage.ru_maxrss
    }
}

/// prx's own peak resident set size, asked of the kernel only when a figure might exceed it.
///
/// The peak only grows, so a figure at or below the last reading is below the peak without a system call.
final class OwnPeakMemory: Sendable {
    private let lastReading = Atomic<Int>(0)

    /// Creates a tracker with no reading yet.
    init() {}

    /// Whether `kilobytes` is above prx's own peak resident set size now.
    func isExceeded(by kilobytes: Int) -> Bool {
        if kilobytes <= lastReading.load(ordering: .relaxed) { return false }
        let peak = OwnResourceUsage.peakResidentKilobytes()
        lastReading.store(peak, ordering: .relaxed)
        return kilobytes > peak
    }
}
#endif
