/// The files a run names that plugins' sinks write, registered in the place of a built-in (`csv`, say), each as it was
/// before the run. Such a sink may write no file (its rows sent to a service), or leave one that was there as it was:
/// the run names one (in its summary report, its run registry entry, a daemon's announcement) only once the run has
/// written it. A built-in's file is the run's own, made as its sink is made.
public struct PluginResultFiles: Sendable {
    /// Each file noted, and what was there before the run, `nil` for nothing.
    private var before: [String: FileVersion?] = [:]

    /// No file noted: every file named is taken for written.
    public init() {}

    /// Notes the file at `path` as it is now, before the run: there or not.
    ///
    /// The corresponding C function is `stat` (``FileVersion``).
    public mutating func note(_ path: String) {
        before[path] = .some(FileVersion(ofFileAt: path))
    }

    /// `files` but those noted that the run has not written: not there, or there as they were before the run.
    ///
    /// The corresponding C function is `stat`, for each noted file among them alone.
    public func written(_ files: [String]) -> [String] {
        files.filter { file in
            guard let version = before[file] else { return true }
            guard let now = FileVersion(ofFileAt: file) else { return false }
            return now != version
        }
    }

    /// The first of `files` that the run has written (``written(_:)``), as the run registry and a daemon's announcement
    /// name a run's main log and CSV summary: `none` when `files` is empty (no such sink), `not written` when the run
    /// has written none of them.
    public func first(of files: [String]) -> String {
        files.isEmpty ? "none" : written(files).first ?? "not written"
    }
}
