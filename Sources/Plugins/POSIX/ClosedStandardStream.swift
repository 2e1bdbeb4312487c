import Foundation

/// A standard stream prx was started without (`prx … <&-`, `>&-`), as a path names it (`/dev/stdin`, `/dev/fd/0`,
/// `/proc/self/fd/1`, a symbolic link to one): prx holds `/dev/null` in its place
/// (``FileDescriptor/wasClosedAtStart``), which the path reaches, so that a file read there gives no line and one
/// written there loses every line, without a word.
public struct ClosedStandardStream: Sendable, Hashable {
    /// The descriptor: 0, 1 or 2.
    public let descriptor: Int32

    /// The closed standard stream `path` names (a relative one from prx's directory); `nil` when it names none.
    public init?(namedBy path: String) {
        let absolute = SourceFileSystem.absolutePath(path, base: SourceFileSystem.currentDirectory)
        guard let descriptor = OwnDescriptorPath.descriptor(namedBy: absolute),
            FileDescriptor(rawValue: descriptor).wasClosedAtStart
        else { return nil }
        self.descriptor = descriptor
    }

    /// The refusal of `path`, which `origin` gave (`-A`, `--json`, `prx.lines`, `the recipe`): `-A /dev/stdin names
    /// prx's standard input, which was closed when prx started: give prx the stream, or name a file`.
    public func refusal(of path: String, givenBy origin: String) -> String {
        "\(origin) \(path) names prx's \(OwnDescriptorPath.name(of: descriptor)), which was closed when prx started: "
            + "give prx the stream, or name a file"
    }
}
