import Foundation

/// The name prx runs under: the last component of its `argv[0]` (`prx`, or `ptasker` through a symbolic link), or,
/// for a resumption, the name the resumed run was started by, which its journal records.
///
/// `ptasker` is ptasker mode (``PTaskerMode``), which has files of its own: its configuration files (`ptasker.yaml`,
/// see ``ConfigurationLocator``) and its log directory (`~/ptasker/logs`, see ``PRXHome``). Any other name is
/// prx's: `prx.yaml`, `~/parallelr/logs`.
struct InvocationName: Sendable, Hashable {
    /// The name, without a directory: `ptasker` for `/opt/prx/bin/ptasker`.
    var name: String

    /// The name of the program at `path` (`argv[0]`, or the name a journal recorded).
    init(_ path: String) {
        let name = URL(fileURLWithPath: path).lastPathComponent
        self.name = name.isEmpty ? "prx" : name
    }

    /// The name this process was started by.
    static var ofThisProcess: InvocationName {
        InvocationName(CommandLine.arguments.first ?? "prx")
    }

    /// Whether the name selects ptasker mode.
    var isPtasker: Bool { name == "ptasker" }

    /// The configuration file name looked for first, before `prx.yaml` and `parallelr.yaml`: `ptasker.yaml` in
    /// ptasker mode; `nil` otherwise.
    var ptaskerConfigurationName: String? {
        isPtasker ? "ptasker.yaml" : nil
    }

    /// The directory under the home that holds parallelr's files for this name: `ptasker` in ptasker mode, else
    /// `parallelr`.
    var homeDirectoryName: String {
        isPtasker ? "ptasker" : "parallelr"
    }
}
