#if os(Linux)
import Glibc
@testable import PRXPlugins
import Testing

@Suite struct OwnPeakMemoryTests {
    /// A figure a little above prx's own peak reading is taken for prx's: the reading can lag what a child took in
    /// at its exec, so tiny tasks showed prx's memory as theirs. A figure well above it is the task's.
    @Test func onlyAFigureClearlyAbovePRXsOwnIsTheTasks() {
        var usage = rusage()
        #expect(getrusage(RUSAGE_SELF.rawValue, &usage) == 0)
        let own = usage.ru_maxrss
        let peak = OwnPeakMemory()
        #expect(!peak.isExceeded(by: own + own / 20))
        #expect(peak.isExceeded(by: own * 2))
    }
}
#endif
