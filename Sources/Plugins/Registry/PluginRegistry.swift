import PRXKernel

/// Every plugin prx can use, by kind and name, with the factory that builds each from its settings.
///
/// The registry is a value: `prx`'s `main` builds one (``PluginRegistry/builtin`` plus whatever a custom build
/// adds) and passes it down; nothing registers itself globally. A custom build of prx adds its own plugins with
/// the `register` methods and hands the registry to `CommandLineEntry.run(arguments:registry:)`.
public struct PluginRegistry: Sendable {
    /// Builds a task source from its checked settings.
    public typealias SourceFactory = @Sendable (PluginSettings, PluginContext) throws -> any TaskSource
    /// Builds an executor from its checked settings.
    public typealias ExecutorFactory = @Sendable (PluginSettings, PluginContext) throws -> any Executor
    /// Builds a sink from its checked settings.
    public typealias SinkFactory = @Sendable (PluginSettings, PluginContext) throws -> any Sink
    /// Builds a stop policy from its checked settings.
    public typealias StopPolicyFactory = @Sendable (PluginSettings, PluginContext) throws -> any StopPolicy
    /// Refuses, without making the plugin, the values of its checked settings that its factory refuses at the start
    /// of a run (a source's extension list that names no extension, an unknown separator): values that are wrong
    /// whatever the run, beyond their declared type and bounds. Throws what the factory throws for them. Called with
    /// all the settings given, then, when it refuses them, with each one alone, to tell which it refuses.
    public typealias ValueCheck = @Sendable (PluginSettings) throws -> Void

    private enum Factory: Sendable {
        case source(SourceFactory)
        case executor(ExecutorFactory)
        case sink(SinkFactory)
        case stopPolicy(StopPolicyFactory)
    }

    private struct Entry: Sendable {
        var descriptor: PluginDescriptor
        var factory: Factory
        var valueCheck: ValueCheck?
        /// How a sink opens its file; ``SinkFileOpening/empties`` for the other kinds.
        var fileOpening = SinkFileOpening.empties
        /// A source's settings that name files it reads; none for the other kinds.
        var inputFileSettings: [String] = []
        /// What an executor's running tasks cost prx; `local`'s for the other kinds.
        var executorLimits = ExecutorLimits()
        /// Whether ``PluginRegistry/builtin`` registered it (``isBuiltIn(_:named:)``).
        var isBuiltIn = false
    }

    private var entries: [PluginKind: [String: Entry]] = [:]

    /// An empty registry.
    public init() {}

    /// Every registered plugin, ordered by kind then name.
    public var descriptors: [PluginDescriptor] {
        PluginKind.allCases.flatMap { kind in
            (entries[kind] ?? [:]).values.map(\.descriptor).sorted { $0.name < $1.name }
        }
    }

    /// The declaration of the plugin of `kind` called `name`.
    ///
    /// - Throws: ``PluginError`` naming the plugin and listing the valid names of that kind.
    public func descriptor(_ kind: PluginKind, named name: String) throws(PluginError) -> PluginDescriptor {
        try entry(kind, named: name).descriptor
    }

    /// Adds (or replaces) a source plugin; `valueCheck` refuses what its factory would (``valueProblems(of:_:)``),
    /// and `inputFileSettings` names the settings whose values are files the source reads by their paths
    /// (``inputFiles(ofSource:_:)``), which prx refuses to let a result file be, as it does the arguments file.
    public mutating func register(
        source descriptor: PluginDescriptor, factory: @escaping SourceFactory, valueCheck: ValueCheck? = nil,
        inputFileSettings: [String] = []
    ) {
        for setting in inputFileSettings {
            precondition(
                descriptor.settings.contains { $0.name == setting },
                "source '\(descriptor.name)' declares no setting '\(setting)' to read a file from")
        }
        add(descriptor, .source, factory: .source(factory), valueCheck: valueCheck)
        entries[.source]?[descriptor.name]?.inputFileSettings = inputFileSettings
    }

    /// The files the source called `name` reads by their paths with `settings`, as its registration declares them
    /// (`inputFileSettings`), each with the setting that named it, as given or defaulted (a relative path is the
    /// source's to resolve, as it resolves it): each element of a list setting, the text of another; none for a
    /// setting without a value, or a source that declares none, that no source has, or that refuses `settings`.
    public func inputFiles(ofSource name: String, _ settings: [String: PluginSettingValue])
        -> [(setting: String, path: String)]
    {
        guard let entry = entries[.source]?[name],
            let checked = try? PluginSettings(for: entry.descriptor, settings)
        else { return [] }
        return entry.inputFileSettings.flatMap { setting in
            let isList = entry.descriptor.settings.first { $0.name == setting }?.type == .list
            let paths = (isList ? checked.list(setting) : checked.string(setting).map { [$0] }) ?? []
            return paths.filter { !$0.isEmpty }.map { (setting: setting, path: $0) }
        }
    }

    /// Adds (or replaces) an executor plugin; `valueCheck` refuses what its factory would (``valueProblems(of:_:)``),
    /// and `limits` says what its running tasks cost prx (``executorLimits(of:)``): `local`'s unless it says otherwise.
    public mutating func register(
        executor descriptor: PluginDescriptor, factory: @escaping ExecutorFactory, valueCheck: ValueCheck? = nil,
        limits: ExecutorLimits = ExecutorLimits()
    ) {
        add(descriptor, .executor, factory: .executor(factory), valueCheck: valueCheck)
        entries[.executor]?[descriptor.name]?.executorLimits = limits
    }

    /// What the running tasks of the executor called `name` cost prx, as it was registered: `local`'s for a name no
    /// executor has, which is refused where the executor is made.
    public func executorLimits(of name: String) -> ExecutorLimits {
        entries[.executor]?[name]?.executorLimits ?? ExecutorLimits()
    }

    /// The most workers a run on any of the executors may have (``ExecutorLimits/maxAllowedWorkers``): parallelr's 100,
    /// or more when an executor declares more. What a recipe's workers are checked against as it loads, before the
    /// recipe has chosen its executor.
    public var mostAllowedWorkers: Int {
        (entries[.executor] ?? [:]).values.compactMap(\.executorLimits.maxAllowedWorkers)
            .reduce(ExecutorLimits.parallelrMaxWorkers, max)
    }

    /// Adds (or replaces) a sink plugin; `valueCheck` refuses what its factory would (``valueProblems(of:_:)``), and
    /// `fileOpening` says how the sinks it makes open their file (``fileOpening(ofSink:)``).
    public mutating func register(
        sink descriptor: PluginDescriptor, factory: @escaping SinkFactory, valueCheck: ValueCheck? = nil,
        fileOpening: SinkFileOpening = .empties
    ) {
        add(descriptor, .sink, factory: .sink(factory), valueCheck: valueCheck, fileOpening: fileOpening)
    }

    /// How the sink called `name` opens its file, as it was registered: ``SinkFileOpening/empties`` for a name no
    /// sink has, which is refused where the sink is chosen.
    public func fileOpening(ofSink name: String) -> SinkFileOpening {
        entries[.sink]?[name]?.fileOpening ?? .empties
    }

    /// Adds (or replaces) a stop policy plugin; `valueCheck` refuses what its factory would
    /// (``valueProblems(of:_:)``).
    public mutating func register(
        stopPolicy descriptor: PluginDescriptor, factory: @escaping StopPolicyFactory, valueCheck: ValueCheck? = nil
    ) {
        add(descriptor, .stopPolicy, factory: .stopPolicy(factory), valueCheck: valueCheck)
    }

    /// Whether the plugin of `kind` called `name` is one of prx's own, as ``builtin`` registered it, and not one a
    /// custom build registered beside them or in the place of one: prx's own messages say what they are about in the
    /// words of its flags and settings, where the command names a custom plugin's as that plugin's.
    public func isBuiltIn(_ kind: PluginKind, named name: String) -> Bool {
        entries[kind]?[name]?.isBuiltIn ?? false
    }

    /// Marks every plugin registered so far as one of prx's own (``isBuiltIn(_:named:)``); ``builtin`` calls it once
    /// it has registered them.
    mutating func markBuiltIn() {
        for (kind, named) in entries {
            for name in named.keys { entries[kind]?[name]?.isBuiltIn = true }
        }
    }

    /// `settings` of the plugin of `kind` called `name` as its factory gets them: checked against its declaration
    /// (names, types, bounds, every required setting given) and with defaults filled in.
    ///
    /// - Throws: ``PluginError`` for an unknown plugin, an unknown setting, a wrong value or a missing one.
    public func checkedSettings(_ kind: PluginKind, named name: String, _ settings: [String: PluginSettingValue])
        throws(PluginError) -> PluginSettings
    {
        let checked = try PluginSettings(for: entry(kind, named: name).descriptor, settings)
        try checked.checkRequired()
        return checked
    }

    /// Refuses `settings` of the plugin of `kind` called `name` as ``checkedSettings(_:named:_:)`` does, then as the
    /// plugin's value check does: what prx can refuse of them without making the plugin, and what a dry run holds the
    /// plugins it does not make to, so that it refuses the settings a run refuses, with the same error.
    ///
    /// - Throws: ``PluginError`` for a setting ``checkedSettings(_:named:_:)`` refuses, else what the value check
    ///   throws.
    public func checkValues(_ kind: PluginKind, named name: String, _ settings: [String: PluginSettingValue]) throws {
        let checked = try checkedSettings(kind, named: name, settings)
        try entry(kind, named: name).valueCheck?(checked)
    }

    /// The values among `settings` that a plugin called `name`, of any kind, refuses when it is made at the start of
    /// a run, without making it, each one: a required setting given empty, and what the plugin's value check refuses.
    /// What `--validate-config` holds a run's plugin settings to. Settings that the plugin does not declare, or whose
    /// type or bounds it refuses, are left to ``PluginSettings``' own checks, and the others judged still.
    ///
    /// Each value the value check refuses is told apart by checking it alone, once the check refused the values
    /// together: a check refusing values only together (none alone) is one problem of no setting, and values it
    /// takes together are never problems.
    public func valueProblems(of name: String, _ settings: [String: PluginSettingValue]) -> [PluginValueProblem] {
        var problems: [PluginValueProblem] = []
        for kind in PluginKind.allCases {
            guard let entry = entries[kind]?[name] else { continue }
            let descriptor = entry.descriptor
            let typed = settings.filter { (try? PluginSettings(for: descriptor, [$0.key: $0.value])) != nil }
            // Values that each pass their declaration pass it together, unless a declaration compares settings: then
            // the values together are the problem.
            let checked: PluginSettings
            do {
                checked = try PluginSettings(for: descriptor, typed)
            } catch {
                problems.append(PluginValueProblem(kind: kind, setting: nil, error: error))
                continue
            }
            var emptied: Set<String> = []
            for setting in descriptor.settings where setting.isRequired && typed[setting.name] != nil {
                do {
                    try checked.checkGiven(setting.name)
                } catch {
                    problems.append(PluginValueProblem(kind: kind, setting: setting.name, error: error))
                    emptied.insert(setting.name)
                }
            }
            guard let valueCheck = entry.valueCheck else { continue }
            do {
                try valueCheck(checked)
            } catch {
                let alone = descriptor.settings.compactMap { setting -> PluginValueProblem? in
                    guard let value = typed[setting.name], !emptied.contains(setting.name) else { return nil }
                    do {
                        try valueCheck(PluginSettings(for: descriptor, [setting.name: value]))
                        return nil
                    } catch {
                        return PluginValueProblem(kind: kind, setting: setting.name, error: error)
                    }
                }
                problems += alone.isEmpty ? [PluginValueProblem(kind: kind, setting: nil, error: error)] : alone
            }
        }
        return problems
    }

    /// Builds the source called `name` with `settings`.
    public func makeSource(
        _ name: String, settings: [String: PluginSettingValue], context: PluginContext
    ) throws -> any TaskSource {
        let entry = try entry(.source, named: name)
        guard case .source(let make) = entry.factory else {
            preconditionFailure("a source entry holds a source factory")
        }
        return try make(checkedSettings(.source, named: name, settings), context)
    }

    /// Builds the executor called `name` with `settings`.
    public func makeExecutor(
        _ name: String, settings: [String: PluginSettingValue], context: PluginContext
    ) throws -> any Executor {
        let entry = try entry(.executor, named: name)
        guard case .executor(let make) = entry.factory else {
            preconditionFailure("an executor entry holds an executor factory")
        }
        return try make(checkedSettings(.executor, named: name, settings), context)
    }

    /// Builds the sink called `name` with `settings`.
    public func makeSink(
        _ name: String, settings: [String: PluginSettingValue], context: PluginContext
    ) throws -> any Sink {
        let entry = try entry(.sink, named: name)
        guard case .sink(let make) = entry.factory else { preconditionFailure("a sink entry holds a sink factory") }
        return try make(checkedSettings(.sink, named: name, settings), context)
    }

    /// Builds the stop policy called `name` with `settings`.
    public func makeStopPolicy(
        _ name: String, settings: [String: PluginSettingValue], context: PluginContext
    ) throws -> any StopPolicy {
        let entry = try entry(.stopPolicy, named: name)
        guard case .stopPolicy(let make) = entry.factory else {
            preconditionFailure("a stop policy entry holds a stop policy factory")
        }
        return try make(checkedSettings(.stopPolicy, named: name, settings), context)
    }

    private mutating func add(
        _ descriptor: PluginDescriptor, _ kind: PluginKind, factory: Factory, valueCheck: ValueCheck?,
        fileOpening: SinkFileOpening = .empties
    ) {
        precondition(descriptor.kind == kind, "plugin '\(descriptor.name)' declares kind \(descriptor.kind.rawValue)")
        // A default is given to the plugin as a value it was checked for: one its own declaration refuses would reach
        // its factory unchecked (`integer` reading `nil`), in every run that leaves the setting alone.
        for setting in descriptor.settings {
            guard let value = setting.defaultValue,
                let problem = PluginSettings.problem(with: .text(value), for: setting)
            else { continue }
            preconditionFailure(
                "plugin '\(descriptor.name)' declares a default \(descriptor.name).\(setting.name) that \(problem) "
                    + "(got '\(value)')")
        }
        entries[kind, default: [:]][descriptor.name] = Entry(
            descriptor: descriptor, factory: factory, valueCheck: valueCheck, fileOpening: fileOpening)
    }

    private func entry(_ kind: PluginKind, named name: String) throws(PluginError) -> Entry {
        if let entry = entries[kind]?[name] { return entry }
        let valid = (entries[kind] ?? [:]).keys.sorted().joined(separator: ", ")
        throw PluginError("unknown \(kind.rawValue) '\(name)' (valid: \(valid.isEmpty ? "none" : valid))")
    }
}
