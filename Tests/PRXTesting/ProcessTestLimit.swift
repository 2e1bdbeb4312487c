import Foundation
import Testing

/// A trait holding how many tests that run child processes go at once to the machine's cores.
///
/// A test that awaits its processes holds no thread of Swift's pool while they run, so the pool does not bound how
/// many such tests run at once, and Swift Testing starts every test of the suite together: without this limit, each
/// would start its `prx` runs at the same moment, hundreds of them on two cores, where a test's deadlines (a file
/// expected within 20 s, a run killed after 40 s) are met by none. One test a core is what the pool's threads allowed
/// when these tests blocked them, and what their timings were made for; twice as many took no less time on two cores
/// (the runs share the cores) and squeezed the windows of tests that act while a run goes. A test holds its place
/// from its start to its end, waiting for one without a thread; each case of a parameterised test is a test here.
public struct ProcessTestLimit: SuiteTrait, TestTrait, TestScoping {
    /// The places, shared by every test the trait is applied to.
    private static let places = Places(count: ProcessInfo.processInfo.activeProcessorCount)

    /// Applies to each test of a suite marked with it, and to their cases.
    public var isRecursive: Bool { true }

    /// A scope for each test case, none for a suite: a suite holding a place while its tests wait for theirs could
    /// leave none for them.
    public func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        testCase == nil ? nil : self
    }

    /// Runs the test `function` once it has a place, and frees the place when the test ends.
    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        await Self.places.take()
        do {
            try await function()
        } catch {
            await Self.places.release()
            throw error
        }
        await Self.places.release()
    }

    /// A count of free places and the tests waiting for one, first come first served.
    private actor Places {
        private var available: Int
        private var waiting: [CheckedContinuation<Void, Never>] = []

        init(count: Int) {
            available = count
        }

        /// Returns once a place is the caller's.
        func take() async {
            if available > 0 {
                available -= 1
                return
            }
            await withCheckedContinuation { waiting.append($0) }
        }

        /// Hands the caller's place to the longest waiting test, or frees it.
        func release() {
            if waiting.isEmpty {
                available += 1
            } else {
                waiting.removeFirst().resume()
            }
        }
    }
}

extension Trait where Self == ProcessTestLimit {
    /// The tests run child processes (`prx`, shells): at most as many of them as the machine has cores run at once.
    public static var runsProcesses: Self { ProcessTestLimit() }
}
