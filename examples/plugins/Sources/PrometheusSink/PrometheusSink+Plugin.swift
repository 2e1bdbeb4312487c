#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PRXKernel
import PRXPlugins

extension PrometheusSink {
    /// The plugin's declaration: the sink `prometheus` and its settings `path` and `every`.
    public static let descriptor = PluginDescriptor(
        kind: .sink, name: "prometheus",
        summary: "Prometheus textfile-collector metrics: tasks by status, durations, running tasks, run times",
        settings: [
            PluginSetting("path", .string, required: true, help: "the .prom file, replaced atomically"),
            PluginSetting(
                "every", .integer, default: "0", bounds: .atLeast(0),
                help: "also rewrite at the start and after every N finished tasks; 0 writes only at the end"),
        ])

    /// Builds the sink from its checked settings: a relative `path` is taken from the context's base directory for
    /// it, else the current directory, and its directory must exist and be writable.
    ///
    /// - Throws: ``PRXPlugins/PluginError`` for a directory the file cannot be written in (a missing `path` and a
    ///   negative `every` are refused by the registry, from the declaration, before a run or a dry run makes
    ///   anything).
    public static func make(_ settings: PluginSettings, _ context: PluginContext) throws -> any Sink {
        let given = try settings.required("path")
        let every = settings.integer("every") ?? 0
        let base = context.baseDirectories["path"] ?? currentDirectory()
        let path = given.hasPrefix("/") ? given : "\(base)/\(given)"
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        guard access(directory.isEmpty ? "/" : directory, W_OK) == 0 else {
            let reason = String(cString: strerror(errno))
            throw PluginError("prometheus.path \(given): cannot write in its directory (\(reason))")
        }
        return PrometheusSink(file: MetricsFile(path: path), every: every)
    }

    /// The process's current directory. The corresponding C function is `getcwd`.
    private static func currentDirectory() -> String {
        guard let buffer = getcwd(nil, 0) else { return "." }
        defer { free(buffer) }
        return String(cString: buffer)
    }
}
