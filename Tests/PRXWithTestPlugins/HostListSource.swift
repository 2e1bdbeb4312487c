import Foundation
import PRXKernel
import PRXPlugins

/// A task source of the tests' own reading a file of its own, as a plugin's author's source reads a CSV of hosts:
/// one task per non-empty line of the file its setting `list` names, `echo` and the line. Registered as `hosts` in this
/// build of prx, declaring `list` among the settings that name files it reads, which prx then keeps a result file
/// from being.
struct HostListSource: TaskSource {
    private var hosts: [String]
    private var nextID = 1

    /// Reads the hosts of `file`, relative to `baseDirectory` (a recipe's) or, without one, the current directory.
    ///
    /// - Throws: ``PluginError`` when the file cannot be read.
    init(file: String, baseDirectory: String?) throws {
        let path = SourceFileSystem.absolutePath(
            file, base: baseDirectory ?? FileManager.default.currentDirectoryPath)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw PluginError("cannot read host list \(file) (hosts.list)")
        }
        hosts = text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    mutating func next() -> TaskSpec? {
        guard nextID <= hosts.count else { return nil }
        defer { nextID += 1 }
        let host = hosts[nextID - 1]
        return TaskSpec(id: TaskID(nextID), label: host, argv: ["echo", host])
    }
}
