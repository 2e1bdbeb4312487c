import Glibc
@testable import PRXPlugins
import Testing

@Suite struct SpawnBackOffTests {
    /// The delay doubles from 10 ms up to 1 s, and stays there for as long as tasks of prx's run to give back a
    /// process.
    @Test func theDelayDoublesUpToOneSecondWhileTasksRun() {
        var backOff = SpawnBackOff()
        let start = ContinuousClock.now
        let delays = (0..<60).map { second in
            backOff.delay(after: .processLimit, othersRunning: true, now: start + .seconds(second))
        }
        let doubling: [Duration] = [10, 20, 40, 80, 160, 320, 640].map { .milliseconds($0) }
        #expect(delays == doubling + Array(repeating: .seconds(1), count: 53))
    }

    /// With no task of prx's running, the task gives up once the refusals have gone on for 5 s; a task of prx's
    /// seen running in between starts the 5 s again.
    @Test func theTaskGivesUpAfterFiveSecondsWithNoTaskRunning() {
        var backOff = SpawnBackOff()
        let start = ContinuousClock.now
        #expect(backOff.delay(after: .processLimit, othersRunning: false, now: start) != nil)
        #expect(backOff.delay(after: .processLimit, othersRunning: false, now: start + .milliseconds(4999)) != nil)
        #expect(backOff.delay(after: .processLimit, othersRunning: true, now: start + .seconds(6)) != nil)
        #expect(backOff.delay(after: .processLimit, othersRunning: false, now: start + .seconds(7)) != nil)
        #expect(backOff.delay(after: .processLimit, othersRunning: false, now: start + .milliseconds(11_999)) != nil)
        #expect(backOff.delay(after: .processLimit, othersRunning: false, now: start + .seconds(12)) == nil)
    }

    /// A task that memory or the limit on open files refuses waits while tasks of prx's run, whose ends give memory
    /// and descriptors back, and gives up at once when none runs, where nothing gives prx's own back: it never waits
    /// out the 5 s for processes outside prx. A start the limit on open files refused was `ERROR` at once, even with
    /// tasks running whose ends would have made room.
    @Test(arguments: [SpawnShortage.memory, .openFiles])
    func aTaskMemoryOrOpenFilesRefuseGivesUpAtOnceWithNoTaskRunning(shortage: SpawnShortage) {
        var backOff = SpawnBackOff()
        let start = ContinuousClock.now
        #expect(backOff.delay(after: shortage, othersRunning: true, now: start) == .milliseconds(10))
        #expect(backOff.delay(after: shortage, othersRunning: true, now: start + .seconds(30)) == .milliseconds(20))
        #expect(backOff.delay(after: shortage, othersRunning: false, now: start + .seconds(30)) == nil)
        var alone = SpawnBackOff()
        #expect(alone.delay(after: shortage, othersRunning: false, now: start) == nil)
    }

    /// The refusals a task's end may lift: the process limit (`EAGAIN`), memory (`ENOMEM`) and the limit on open files
    /// (`EMFILE`); no other.
    @Test func theShortagesAreTheRefusalsATasksEndLifts() {
        #expect(SpawnShortage(Errno(EAGAIN)) == .processLimit)
        #expect(SpawnShortage(Errno(ENOMEM)) == .memory)
        #expect(SpawnShortage(Errno(EMFILE)) == .openFiles)
        #expect(SpawnShortage(Errno(ENOENT)) == nil)
    }
}
