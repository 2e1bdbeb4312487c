#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PRXKernel

/// Prints the ``SummaryReport`` when the run finishes, after a blank line as parallelr does: to standard output
/// by default, to any file descriptor, or to any function that takes text (a `TextOutputStream`, the daemon's
/// log).
public struct SummaryReportSink: Sink {
    private enum Destination {
        case fileDescriptor(Int32)
        case function((String) -> Void)
    }

    private let report: SummaryReport
    private let destination: Destination

    /// Creates a sink that writes the report to `fileDescriptor` (standard output by default), flushing the C
    /// library's output buffers first so the report follows everything `print` wrote before it. The tests give a
    /// file's descriptor, to read back what a run writes to standard output.
    public init(report: SummaryReport, fileDescriptor: Int32 = STDOUT_FILENO) {
        self.report = report
        self.destination = .fileDescriptor(fileDescriptor)
    }

    /// Creates a sink that hands the report's text to `output`, e.g. `{ standardError.write($0) }`.
    public init(report: SummaryReport, output: @escaping (String) -> Void) {
        self.report = report
        self.destination = .function(output)
    }

    public mutating func receive(_ event: RunEvent) throws {
        guard case .runFinished(let summary) = event else { return }
        let text = "\n" + report.render(summary)
        switch destination {
        case .fileDescriptor(let descriptor):
            fflush(nil)
            let failure = Array(text.utf8).withUnsafeBytes { WriteThroughFile.writeAll($0, to: descriptor) }?
                .errorNumber
            if let failure {
                throw descriptor == STDOUT_FILENO
                    ? SinkFileError.standardOutput(writing: "the summary", errorNumber: failure)
                    : SinkFileError(
                        operation: "write the summary to", path: "file descriptor \(descriptor)", errorNumber: failure)
            }
        case .function(let output):
            output(text)
        }
    }
}
