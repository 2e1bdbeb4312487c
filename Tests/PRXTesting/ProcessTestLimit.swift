import Foundation
import Testing

/// A trait holding how many tests that run child processes go at once to twice the machine's cores, and starting
/// each once Swift's pool resumes tasks promptly.
///
/// A test that awaits its processes holds no thread of Swift's pool while they run, so the pool does not bound how
/// many such tests run at once, and Swift Testing starts every test of the suite together: without this limit, each
/// would start its `prx` runs at the same moment, hundreds of them on two cores, where a test's deadlines (a file
/// expected within 20 s, a run killed after 40 s) are met by none. Twice the cores, as Swift Testing's own bound on
/// tests at once does in later versions: these tests mostly wait for their runs (the whole suite took 75 s on two
/// cores, against 126 s at one test a core). A test holds its place from its start to its end, waiting for one
/// without a thread; each case of a parameterised test is a test here.
///
/// A test then starts once the pool resumes tasks promptly (``PromptPool``): at the suite's start, the in-process
/// tests' steps fill its queue, and a test that acts while a run goes (kills it between its 4th and 12th row, or
/// before its tasks end) would resume too late, seconds after it saw its moment.
public struct ProcessTestLimit: SuiteTrait, TestTrait, TestScoping {
    /// The places, shared by every test the trait is applied to.
    private static let places = Places(count: 2 * ProcessInfo.processInfo.activeProcessorCount)

    /// Applies to each test of a suite marked with it, and to their cases.
    public var isRecursive: Bool { true }

    /// A scope for each test case, none for a suite: a suite holding a place while its tests wait for theirs could
    /// leave none for them.
    public func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        testCase == nil ? nil : self
    }

    /// Runs the test `function` once it has a place and the pool is prompt, and frees the place when the test ends.
    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        await Self.places.take()
        await PromptPool.wait()
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
    /// The tests run child processes (`prx`, shells): at most twice the machine's cores of them run at once, each
    /// started once Swift's pool is prompt.
    public static var runsProcesses: Self { ProcessTestLimit() }
}
