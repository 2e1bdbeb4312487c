import Foundation
import PRXPlugins

/// The name prx runs under: the last component of its `argv[0]` (`prx`, or `ptasker` through a symbolic link), or,
/// for a resumption, the name the resumed run was started by, which its journal records.
///
/// As parallelr has it, a name that starts with `ptasker` (`ptasker`, `ptasker.py`, `ptasker2`) is ptasker mode
/// (``PTaskerMode``), whose files are named after that name without its extension (``stem``), as parallelr names them
/// after `Path(argv[0]).stem`: its configuration files (`ptasker.yaml`, `ptasker2.yaml`, see
/// ``ConfigurationLocator``) and its log directory (`~/ptasker/logs`, see ``PRXHome``). Any other name is prx's:
/// `prx.yaml`, `~/parallelr/logs`.
struct InvocationName: Sendable, Hashable {
    /// The name, without a directory: `ptasker` for `/opt/prx/bin/ptasker`.
    var name: String

    /// The name of the program at `path` (`argv[0]`, or the name a journal recorded). The path is taken as a file's
    /// without looking at the disk: `URL(fileURLWithPath:)` alone asks the file system whether it is a directory, a
    /// `stat` each time, and the name is read some 250 times while a command line is parsed.
    init(_ path: String) {
        let name = URL(fileURLWithPath: path, isDirectory: false).lastPathComponent
        self.name = name.isEmpty ? "prx" : name
    }

    /// The name this process was started by.
    static var ofThisProcess: InvocationName {
        InvocationName(CommandLine.arguments.first ?? "prx")
    }

    /// This process's name as a command line writes it, for the hints and usage lines that name a command to type
    /// (`(my-prx history lists them)`, `see 'ptasker run --help'`): a build of its own (`my-prx`) or a link (`ptasker`)
    /// names itself, as its summary and daemon lines do. Quoted as a shell reads a program's name
    /// (``ShellWords/quoteProgram(_:)``).
    static var command: String {
        ShellWords.quoteProgram(ofThisProcess.name)
    }

    /// Whether the name selects ptasker mode: it starts with `ptasker`, as parallelr's `is_ptasker_mode` asks.
    var isPtasker: Bool { name.hasPrefix("ptasker") }

    /// The name without its extension (`ptasker` for `ptasker.py`), as Python's `Path.stem` gives it.
    var stem: String {
        (name as NSString).deletingPathExtension
    }

    /// The configuration file name looked for first, before `prx.yaml` and `parallelr.yaml`, in ptasker mode:
    /// `ptasker.yaml` for `ptasker` and `ptasker.py`, `ptasker2.yaml` for `ptasker2`; `nil` otherwise.
    var ptaskerConfigurationName: String? {
        isPtasker ? stem + ".yaml" : nil
    }

    /// The directory under the home that holds parallelr's files for this name: the ``stem`` in ptasker mode
    /// (`ptasker`), else `parallelr`.
    var homeDirectoryName: String {
        isPtasker ? stem : "parallelr"
    }
}
