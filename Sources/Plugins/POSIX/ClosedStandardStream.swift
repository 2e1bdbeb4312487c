import Foundation

/// A descriptor prx was started without, as a path names it: a standard stream (`prx … <&-`, `>&-`: `/dev/stdin`,
/// `/dev/fd/0`, `/proc/self/fd/1`, a symbolic link to one), where prx holds `/dev/null` in its place, or a
/// descriptor from 3 on that the program starting prx did not give it (`/dev/fd/8`; in a daemon, every one), which
/// reaches whatever prx opened there since (a pidfd, a pipe, a result file) or nothing
/// (``FileDescriptor/wasAbsentAtStart``): a file read there gives no line, or waits for ever, and one written there
/// loses every line, or spoils one of prx's own, without a word.
public struct ClosedStandardStream: Sendable, Hashable {
    /// The descriptor.
    public let descriptor: Int32

    /// The descriptor prx was started without that `path` names (a relative one from prx's directory); `nil` when it
    /// names none.
    public init?(namedBy path: String) {
        let absolute = SourceFileSystem.absolutePath(path, base: SourceFileSystem.currentDirectory)
        guard let descriptor = OwnDescriptorPath.descriptor(namedBy: absolute),
            FileDescriptor(rawValue: descriptor).wasAbsentAtStart
        else { return nil }
        self.descriptor = descriptor
    }

    /// The refusal of `path`, which `origin` gave (`-A`, `--json`, `prx.lines`, `the recipe`): `-A /dev/stdin names
    /// prx's standard input, which was closed when prx started: give prx the stream, or name a file`; `-A /dev/fd/8
    /// names prx's descriptor 8, which prx was not started with: give prx the descriptor, or name a file`. In a daemon
    /// (``DaemonProcess``), which no descriptor from 3 on can be given, as the launching prx refuses what its flags
    /// name so (`-A /dev/fd/8`): `args-file.file /dev/fd/8 names prx's descriptor 8, which a daemon (-D) does not
    /// have: name a file`; and whose standard input its launcher closes unless it reads `-A /dev/stdin`: `io.lines
    /// /dev/stdin names prx's standard input, which a daemon (-D) keeps only to read -A /dev/stdin: name a file`.
    public func refusal(of path: String, givenBy origin: String) -> String {
        let named = "\(origin) \(path) names prx's \(OwnDescriptorPath.name(of: descriptor))"
        if descriptor == STDIN_FILENO && DaemonProcess.isThisProcess && !DaemonProcess.keepsStandardInput {
            return named + ", which a daemon (-D) keeps only to read -A /dev/stdin: name a file"
        }
        if descriptor <= 2 { return named + ", which was closed when prx started: give prx the stream, or name a file" }
        return DaemonProcess.isThisProcess
            ? named + ", which a daemon (-D) does not have: name a file"
            : named + ", which prx was not started with: give prx the descriptor, or name a file"
    }
}
