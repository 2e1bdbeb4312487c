/// How a run was started, as its journal records it: enough to start it again (`--resume`).
public struct RunInvocation: Sendable, Hashable {
    /// The program name a journal that does not record one stands for.
    public static let defaultProgramName = "prx"

    /// The run's identifier, e.g. `20261125-143015-12345`.
    public var runID: String
    /// prx's arguments, without the program name.
    public var arguments: [String]
    /// The name prx was invoked by, without a directory (`prx`, or `ptasker` through a symbolic link), which a
    /// resumption runs under, with that name's configuration files and log directory; `nil` in a journal written
    /// before prx recorded it.
    public var programName: String?
    /// The directory prx ran in; relative paths in `arguments` are relative to it. `nil` when prx could not tell
    /// (`getcwd` failed: it was started in a directory deleted before), which the journal records as `null`, where it
    /// recorded an empty path that `--resume` then could not enter.
    public var workingDirectory: String?
    /// The bytes of ``workingDirectory``'s path when they are not UTF-8, which that text holds with U+FFFD in their
    /// place, naming no directory; `nil` when the text is the path, or there is none. The journal records them as
    /// `cwd_bytes`, beside `cwd`.
    public var workingDirectoryBytes: [UInt8]?
    /// prx's process id.
    public var processID: Int32
    /// When prx's process started (``ProcessStart/ticks(of:)``), which tells it apart from a later process given
    /// its id; `nil` in a journal written before prx recorded it.
    public var processStartTicks: UInt64?
    /// The effective settings worth keeping (workers, timeout, …), by name.
    public var configuration: [String: String]
    /// prx's orphan guard; `nil` when prx had none, or in a journal written before prx recorded it.
    public var orphanGuard: OrphanGuardRecord?
    /// Whether the run's executor reports where its attempts run (``PRXKernel/Executor/reportsPlacements``: a
    /// cluster's), so that its journal has their placements; `false` for a local run, and in a journal written before
    /// prx recorded it.
    public var reportsPlacements: Bool
    /// How many tasks the run had as it started, when its source knew (a recipe's, those of its `dir` and `glob`
    /// sources included, or flags mode's task files), for `prx status` to count those not started yet; `nil` for a
    /// source that reads its tasks as the run goes (an arguments file), and in a journal written before prx recorded
    /// it.
    public var taskTotal: Int?

    /// Creates an invocation record.
    public init(
        runID: String, programName: String? = nil, arguments: [String], workingDirectory: String?,
        workingDirectoryBytes: [UInt8]? = nil, processID: Int32, processStartTicks: UInt64? = nil,
        configuration: [String: String], orphanGuard: OrphanGuardRecord? = nil, reportsPlacements: Bool = false,
        taskTotal: Int? = nil
    ) {
        self.runID = runID
        self.programName = programName
        self.arguments = arguments
        self.workingDirectory = workingDirectory
        self.workingDirectoryBytes = workingDirectoryBytes
        self.processID = processID
        self.processStartTicks = processStartTicks
        self.configuration = configuration
        self.orphanGuard = orphanGuard
        self.reportsPlacements = reportsPlacements
        self.taskTotal = taskTotal
    }

    /// The path of the directory prx ran in, as the kernel takes it: ``workingDirectoryBytes``, or
    /// ``workingDirectory``'s UTF-8; `nil` when prx could not tell it.
    public var workingDirectoryPath: [UInt8]? {
        workingDirectoryBytes ?? workingDirectory.map { Array($0.utf8) }
    }

    /// The directory prx ran in, fit to print as part of one line: its control characters and the bytes of its path
    /// that are not UTF-8 written as escapes (`/home/me/d\xe9`, ``ControlCharacterEscaping/escaped(bytes:)``); `nil`
    /// when prx could not tell it.
    public var shownWorkingDirectory: String? {
        workingDirectoryPath.map(ControlCharacterEscaping.escaped(bytes:))
    }

    /// The name the run was started by: ``programName``, `prx` for a journal that does not record one.
    public var program: String { programName ?? Self.defaultProgramName }

    /// The command line that started the run, its words as they were: ``program`` and ``arguments``.
    public var commandWords: [String] { [program] + arguments }
}
