import Foundation

/// Finds the script and user configuration files from the program name, the environment and the binary's path.
///
/// Script configuration: `$PRX_CONFIG_DIR/` when set, else `cfg/` beside the binary (`BINDIR/cfg/`, then
/// `BINDIR/../cfg/`, symbolic links of the binary resolved). User configuration: `$PRX_HOME/cfg/` when set, else
/// `~/prx/cfg/` then `~/parallelr/cfg/`. In each place prx looks for `prx.yaml` and then parallelr's
/// `parallelr.yaml`; invoked as `ptasker` it looks for `ptasker.yaml` first (and in `~/ptasker/cfg/`, as
/// parallelr does). The first file found wins; any name but the first looked for is a recorded fallback.
enum ConfigurationLocator {
    /// Locates both files.
    ///
    /// - Parameters:
    ///   - programName: `argv[0]`; only its last path component counts.
    ///   - environment: reads `PRX_CONFIG_DIR`, `PRX_HOME` and `HOME`.
    ///   - executablePath: the running binary, e.g. `/proc/self/exe` resolved.
    static func locate(programName: String, environment: [String: String], executablePath: String) -> ConfigurationFiles {
        let program = (programName as NSString).lastPathComponent == "ptasker" ? "ptasker" : "prx"
        let names = program == "ptasker" ? ["ptasker.yaml", "prx.yaml", "parallelr.yaml"] : ["prx.yaml", "parallelr.yaml"]
        let preferred = names[0]
        return ConfigurationFiles(
            script: firstExisting(
                scriptDirectories(environment: environment, executablePath: executablePath).map { ($0, names) },
                preferred: preferred),
            user: firstExisting(userCandidates(program: program, names: names, environment: environment), preferred: preferred))
    }

    private static func scriptDirectories(environment: [String: String], executablePath: String) -> [String] {
        if let directory = nonEmpty(environment["PRX_CONFIG_DIR"]) {
            return [directory]
        }
        let binary = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().path
        let binDirectory = (binary as NSString).deletingLastPathComponent
        return [binDirectory + "/cfg", (binDirectory as NSString).deletingLastPathComponent + "/cfg"]
    }

    private static func userCandidates(program: String, names: [String], environment: [String: String])
        -> [(directory: String, names: [String])]
    {
        if let prxHome = nonEmpty(environment["PRX_HOME"]) {
            return [(prxHome + "/cfg", names)]
        }
        let home = nonEmpty(environment["HOME"]) ?? NSHomeDirectory()
        var candidates = [(home + "/prx/cfg", names.filter { $0 != "parallelr.yaml" })]
        if program == "ptasker" {
            candidates.append((home + "/ptasker/cfg", ["ptasker.yaml"]))
        }
        candidates.append((home + "/parallelr/cfg", ["parallelr.yaml"]))
        return candidates
    }

    private static func firstExisting(_ candidates: [(directory: String, names: [String])], preferred: String)
        -> ConfigurationFile?
    {
        for (directory, names) in candidates {
            for name in names {
                let path = directory + "/" + name
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    return ConfigurationFile(path: path, preferredName: preferred, isFallback: name != preferred)
                }
            }
        }
        return nil
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
