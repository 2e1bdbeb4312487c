import PRXPlugins

/// Two files a flags-mode run reads by their paths that are one stream: both name prx's standard input (`-A /dev/stdin`
/// beside `--hook /dev/stdin`, `--parser /dev/fd/0` or `--stop-policy /proc/self/fd/0`, or two of the Lua files), or
/// both reach one pipe, FIFO, socket or terminal by other paths (`-A /dev/fd/3 --hook /dev/stdin 3<&0`, descriptor 3 a
/// copy of standard input). A stream holds one input, not one for each. From a pipe, the first to read it took it
/// all, the other reading nothing: `-A`, opened before the `--hook` file loaded, ran no task, exit 0, and a Lua file
/// loaded after another was refused as returning nothing (`must return a table … (got nil)`); from a regular file on
/// standard input, which each opens anew, `-A` read a Lua file's code as its lines. A regular file read through two
/// other paths is read twice, each from its start, and is no stream.
enum SharedInputStream {
    /// Refuses, before any of them is read, the first two of `files` (each from `/`, with what named it: `-A`,
    /// `args-file.file`, `--hook`) that are one stream, naming both: two that name prx's standard input
    /// (``OwnDescriptorPath/namesStandardInput(_:)``), or two that reach one file that is a stream
    /// (``FileIdentity/isStream``).
    static func refuse(_ files: [(path: String, origin: ResultFileClaims.Origin)]) throws(CommandFailure) {
        let readers = files.map { file in
            (file: file, namesStandardInput: OwnDescriptorPath.namesStandardInput(file.path),
             stream: FileIdentity(ofFileAt: file.path).flatMap { $0.isStream ? $0 : nil })
        }
        for (index, second) in readers.enumerated() {
            for first in readers[..<index] {
                let shared: String
                if first.namesStandardInput && second.namesStandardInput {
                    shared = "both name prx's standard input"
                } else if let stream = first.stream, stream == second.stream {
                    shared = "both read one stream (\(stream.typeName))"
                } else {
                    continue
                }
                throw CommandFailure(
                    message: "\(first.file.origin.name) \(first.file.path) and \(second.file.origin.name) "
                        + "\(second.file.path) \(shared), which holds one input, not one for each: give one of them a "
                        + "file of its own")
            }
        }
    }
}
