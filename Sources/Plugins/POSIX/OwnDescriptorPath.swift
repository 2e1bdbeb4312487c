import Foundation

/// A path that names one of prx's own descriptors (`/dev/stdout`, `/dev/stderr`, `/dev/fd/1`, `/proc/self/fd/2`,
/// `/proc/thread-self/fd/1`, or a symbolic link to one): it reaches whatever file this process has open there, which
/// for a daemon (`-D`) is not the launching prx's: its standard output and error are `/dev/null`, so a result file
/// named so would be written there, lost without a word.
package enum OwnDescriptorPath {
    /// The descriptor `absolute` (a path from `/`) names, found by following its symbolic links as the kernel does,
    /// up to its limit of 40 (`ELOOP`), until the directory holding it is this process's own descriptor directory
    /// (`/proc/PID/fd`, `/proc/PID/task/TID/fd`); `nil` when it names none.
    ///
    /// The corresponding C functions are `realpath` (``ResolvedPath``) and `readlink`.
    package static func descriptor(namedBy absolute: String) -> Int32? {
        var path = absolute
        for _ in 0..<40 {
            let split = PathSlashes.splitAtLast(path[...])
            let directory = String(split?.directory ?? "")
            if let name = split?.name, let number = Int32(name), isOwnDescriptorDirectory(directory) {
                return number
            }
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else { return nil }
            path = PathSlashes.isAbsolute(target) ? target : directory + "/" + target
        }
        return nil
    }

    /// Whether `path` (from prx's directory) names prx's standard input (`/dev/stdin`, `/dev/fd/0`, `/proc/self/fd/0`,
    /// or a symbolic link to one), as ``descriptor(namedBy:)`` finds it.
    ///
    /// The corresponding C functions are `realpath` (``ResolvedPath``) and `readlink`.
    package static func namesStandardInput(_ path: String) -> Bool {
        let absolute = SourceFileSystem.absolutePath(path, base: SourceFileSystem.currentDirectory)
        return descriptor(namedBy: absolute) == FileDescriptor.standardInput.rawValue
    }

    /// The stream descriptor `number` is, as an error names it: `standard output`, `standard error`, `standard input`,
    /// or `descriptor N`.
    package static func name(of number: Int32) -> String {
        switch number {
        case 0: "standard input"
        case 1: "standard output"
        case 2: "standard error"
        default: "descriptor \(number)"
        }
    }

    /// Whether `directory`, its links resolved, is `/proc/PID/fd` or `/proc/PID/task/TID/fd` of this process.
    private static func isOwnDescriptorDirectory(_ directory: String) -> Bool {
        guard let resolved = try? ResolvedPath.text(of: directory.isEmpty ? "/" : directory) else { return false }
        let parts = PathSlashes.components(of: resolved)
        let own = ["proc", Substring(String(ProcessID.own.rawValue))]
        return (parts.count == 3 || (parts.count == 5 && parts[2] == "task" && Int32(parts[3]) != nil))
            && Array(parts.prefix(2)) == own && parts.last == "fd"
    }
}
