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

    /// Whether `kilobytes` is clearly above prx's own peak resident set size now: by more than a tenth.
    ///
    /// A child's peak taken in at its `exec` is prx's resident size then, which the kernel's later reading of
    /// prx's own peak can put lower (memory freed by `madvise` lowers the resident size without raising the
    /// recorded peak first): tiny tasks at `-m 100` showed prx's 27 MB against a reading of 25 MB.
    ///
    /// The corresponding C function is `getrusage` (`RUSAGE_SELF`), called only for a figure above the last
    /// reading.
    func isExceeded(by kilobytes: Int) -> Bool {
        let last = lastReading.load(ordering: .relaxed)
        if kilobytes <= last + last / 10 { return false }
        var usage = rusage()
        let peak = getrusage(RUSAGE_SELF.rawValue, &usage) == 0 ? usage.ru_maxrss : 0
        lastReading.store(peak, ordering: .relaxed)
        return kilobytes > peak + peak / 10
    }
}
#endif
