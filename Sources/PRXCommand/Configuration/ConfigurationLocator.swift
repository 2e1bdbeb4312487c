import Foundation
import PRXPlugins

/// Finds the script and user configuration files from the program name, the environment and the binary's path.
///
/// Script configuration: `$PRX_CONFIG_DIR/` when set, which replaces the binary's places (a directory without the
/// file means no script configuration; a `PRX_CONFIG_DIR` that names no directory is refused,
/// ``checkScriptDirectory(environment:)``), else `cfg/` beside the binary (`BINDIR/cfg/`, then `BINDIR/../cfg/`,
/// symbolic links of the binary resolved). User configuration: `$PRX_HOME/cfg/` when set, which replaces the home
/// directory's places (nothing under `~` is looked in), else `~/prx/cfg/prx.yaml` then
/// `~/parallelr/cfg/parallelr.yaml`. prx looks for `prx.yaml` in every place before
/// parallelr's `parallelr.yaml`; invoked as `ptasker` it looks for `ptasker.yaml` in every place first (and in
/// `~/ptasker/cfg/`, as parallelr does). The first file found wins; a file with another name than the first
/// looked for is a recorded fallback. A user file that is the script file (one device and inode) is recorded as
/// such, to be read once.
enum ConfigurationLocator {
    /// Locates both files.
    ///
    /// - Parameters:
    ///   - programName: `argv[0]`; only its last path component counts.
    ///   - environment: reads `PRX_CONFIG_DIR`, `PRX_HOME` and `HOME`.
    ///   - executablePath: the running binary, e.g. `/proc/self/exe` resolved.
    static func locate(
        programName: String, environment: [String: String], executablePath: String
    ) -> ConfigurationFiles {
        let invocation = InvocationName(programName)
        let names = (invocation.ptaskerConfigurationName.map { [$0] } ?? []) + ["prx.yaml", "parallelr.yaml"]
        let scriptDirectories = scriptDirectories(environment: environment, executablePath: executablePath)
        let script = firstExisting(
            names.flatMap { name in scriptDirectories.map { $0 + "/" + name } }, preferred: names[0])
        let user = firstExisting(
            userCandidates(names: names, invocation: invocation, environment: environment), preferred: names[0])
        // One device and inode, however each path reaches it: a symbolic link, `..`, `PRX_CONFIG_DIR` naming
        // `$PRX_HOME/cfg`.
        let userIsScript = script.flatMap { script in
            user.map { FileIdentity.sameFile(script.path, $0.path) }
        } ?? false
        return ConfigurationFiles(
            script: script, user: user, userIsScript: userIsScript,
            scriptDirectoryVariable: directory(environment["PRX_CONFIG_DIR"]),
            userDirectoryOfPRXHome: userDirectoryOfPRXHome(environment: environment))
    }

    /// Refuses a `PRX_CONFIG_DIR` that names no directory (a file, as `PRX_CONFIG_DIR=/x/cfg/prx.yaml`, or nothing):
    /// the script configuration, its caps and `security` among them, would be dropped without a word, where the
    /// binary's would have been read.
    ///
    /// - Throws: ``CommandFailure`` (exit status 2), one line naming `PRX_CONFIG_DIR`, its value and why.
    static func checkScriptDirectory(environment: [String: String]) throws(CommandFailure) {
        guard let value = nonEmpty(environment["PRX_CONFIG_DIR"]) else { return }
        let reason: String
        do {
            guard try FileStatus(ofFileAt: value).type != S_IFDIR else { return }
            reason = "is not a directory"
        } catch {
            reason = "cannot be used: " + error.description
        }
        throw CommandFailure(
            message: "PRX_CONFIG_DIR \(value) \(reason) (it names the directory that holds the script configuration, "
                + "prx.yaml)")
    }

    private static func scriptDirectories(environment: [String: String], executablePath: String) -> [String] {
        if let directory = directory(environment["PRX_CONFIG_DIR"]) {
            return [directory]
        }
        let binary = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().path
        let binDirectory = (binary as NSString).deletingLastPathComponent
        return [binDirectory + "/cfg", (binDirectory as NSString).deletingLastPathComponent + "/cfg"]
    }

    /// The user files in the order they are tried: every place's preferred name before any fallback name; in
    /// ptasker mode, ptasker's own file in `~/prx/cfg/` and in ptasker's home directory (`~/ptasker/cfg/`) first.
    private static func userCandidates(
        names: [String], invocation: InvocationName, environment: [String: String]
    ) -> [String] {
        if let prxHomeDirectory = userDirectoryOfPRXHome(environment: environment) {
            return names.map { prxHomeDirectory + "/" + $0 }
        }
        let home = nonEmpty(environment["HOME"]) ?? NSHomeDirectory()
        let ptasker = invocation.ptaskerConfigurationName.map { name in
            [home + "/prx/cfg/" + name, home + "/" + invocation.homeDirectoryName + "/cfg/" + name]
        } ?? []
        return ptasker + [home + "/prx/cfg/prx.yaml", home + "/parallelr/cfg/parallelr.yaml"]
    }

    /// `$PRX_HOME/cfg` when `PRX_HOME` is set, which replaces the home directory's places; `nil` otherwise.
    private static func userDirectoryOfPRXHome(environment: [String: String]) -> String? {
        directory(environment["PRX_HOME"]).map { $0 + "/cfg" }
    }

    /// The first of `candidates` that is there: whatever is there, a directory too, which reading it then refuses
    /// with one line naming it, where it was passed over and the defaults used without a word. A symbolic link to
    /// nothing (or to itself) is no file, as parallelr's `Path.exists()` has it (`ENOENT`, `ENOTDIR`, `ELOOP`): a
    /// link a package or a dotfiles checkout leaves to an optional file is passed over. Any other failure to look
    /// (`EACCES`) is found, for reading it to name.
    private static func firstExisting(_ candidates: [String], preferred: String) -> ConfigurationFile? {
        for path in candidates {
            let found: Bool
            do {
                _ = try FileStatus(ofFileAt: path)
                found = true
            } catch {
                found = ![Errno.noSuchFile, .notADirectory, .symbolicLinkLoop].contains(error)
            }
            if found {
                let name = (path as NSString).lastPathComponent
                return ConfigurationFile(path: path, preferredName: preferred, isFallback: name != preferred)
            }
        }
        return nil
    }

    /// The directory a variable names, without trailing slashes, to which a file's name is added after a `/`
    /// (`cfg/` gave `cfg//prx.yaml`); `nil` when it is unset or empty.
    private static func directory(_ value: String?) -> String? {
        guard var directory = nonEmpty(value) else { return nil }
        while directory.hasSuffix("/") { directory.removeLast() }
        return directory
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
