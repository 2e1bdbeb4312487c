import PRXPlugins

/// Two files a flags-mode run reads by their paths that both name prx's standard input (`-A /dev/stdin` beside
/// `--hook /dev/stdin`, `--parser /dev/fd/0` or `--stop-policy /proc/self/fd/0`, or two of the Lua files): standard
/// input holds one input, not one for each. From a pipe, the first to read it took it all, the other reading nothing:
/// `-A`, opened before the `--hook` file loaded, ran no task, exit 0, and a Lua file loaded after another was refused
/// as returning nothing (`must return a table … (got nil)`); from a regular file, which each opens anew, `-A` read a
/// Lua file's code as its lines.
enum SharedStandardInput {
    /// Refuses, before any of them is read, the first two of `files` (each from `/`, with what named it: `-A`,
    /// `args-file.file`, `--hook`) that name prx's standard input
    /// (``OwnDescriptorPath/namesStandardInput(_:)``), naming both.
    static func refuse(_ files: [(path: String, origin: ResultFileClaims.Origin)]) throws(CommandFailure) {
        let readers = files.filter { OwnDescriptorPath.namesStandardInput($0.path) }
        guard readers.count > 1 else { return }
        let (first, second) = (readers[0], readers[1])
        throw CommandFailure(
            message: "\(first.origin.name) \(first.path) and \(second.origin.name) \(second.path) both name prx's "
                + "standard input, which holds one input, not one for each: give one of them a file of its own")
    }
}
