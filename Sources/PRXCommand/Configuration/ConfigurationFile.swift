/// A configuration file found on disk, and whether it is a fallback for the name looked for first.
struct ConfigurationFile: Sendable, Hashable {
    /// The file's path.
    var path: String
    /// The file name looked for first, e.g. `ptasker.yaml` when invoked as `ptasker`.
    var preferredName: String
    /// Whether the file has another name than ``preferredName`` (e.g. `parallelr.yaml` found instead).
    var isFallback: Bool

    /// `PATH`, or `PATH (fallback from NAME)` for a fallback, as `--validate-config` and `--show-config` write it.
    var description: String {
        isFallback ? "\(path) (fallback from \(preferredName))" : path
    }
}
