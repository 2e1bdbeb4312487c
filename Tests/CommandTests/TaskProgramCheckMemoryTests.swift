@testable import PRXCommand
import Testing

/// The dry run's program check keeps its answers in bounded memory whatever the tasks' `PATH`s: it kept the whole
/// `PATH` of each task with an answer, even for a program named by its path, whose answer does not depend on it, and
/// counted only the answers, so that 600 lines with a `PATH` of 1 MB each (`-E PATH`) peaked at 615 MB.
@Suite struct TaskProgramCheckMemoryTests {
    /// A program named by its path is one answer whatever `PATH` each task gets.
    @Test func aProgramsPathIsAskedAboutWithoutThePATH() {
        let check = TaskProgramCheck(directory: nil, environment: [:])
        for index in 0..<3 {
            let path = "/\(index)" + String(repeating: "x", count: 1 << 20)
            #expect(check.problem(argv: ["/bin/sh"], environment: ["PATH": path], workingDirectory: nil) == nil)
        }
        #expect(check.keyBytes == "/bin/sh".utf8.count)
    }

    /// Answers whose questions would hold more than their bytes are forgotten, however few they are.
    @Test func theAnswersKeptHoldAtMostTheirBytes() {
        let check = TaskProgramCheck(directory: nil, environment: [:])
        for index in 0..<600 {
            // One entry too long for the run's search, which passes over it.
            let path = "/\(index)" + String(repeating: "y", count: 20_000)
            _ = check.problem(argv: ["prx-no-such-program"], environment: ["PATH": path], workingDirectory: nil)
            #expect(check.keyBytes <= TaskProgramCheck.keyByteCapacity)
        }
    }
}
