#if os(Linux)
import Glibc

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
#endif
