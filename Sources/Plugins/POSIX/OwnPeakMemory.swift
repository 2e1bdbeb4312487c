#if os(Linux)
import Glibc
import Synchronization

/// prx's own peak resident set size, asked of the kernel only when a figure might exceed it.
///
/// The peak only grows, so a figure at or below the last reading is below the peak without a system call.
final class OwnPeakMemory: Sendable {
    private let lastReading = Atomic<Int>(0)

    /// Creates a tracker with no reading yet.
    init() {}

    /// Whether `kilobytes` is above prx's own peak resident set size now.
    ///
    /// The corresponding C function is `getrusage` (`RUSAGE_SELF`), called only for a figure above the last
    /// reading.
    func isExceeded(by kilobytes: Int) -> Bool {
        if kilobytes <= lastReading.load(ordering: .relaxed) { return false }
        var usage = rusage()
        let peak = getrusage(RUSAGE_SELF.rawValue, &usage) == 0 ? usage.ru_maxrss : 0
        lastReading.store(peak, ordering: .relaxed)
        return kilobytes > peak
    }
}
#endif
