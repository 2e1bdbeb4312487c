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
    /// whatever the run, beyond their declared type and bounds. Throws what the factory throws for them.
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

    /// Adds (or replaces) a source plugin; `valueCheck` refuses what its factory would (``checkValues(of:_:)``).
    public mutating func register(
        source descriptor: PluginDescriptor, factory: @escaping SourceFactory, valueCheck: ValueCheck? = nil
    ) {
        add(descriptor, .source, factory: .source(factory), valueCheck: valueCheck)
    }

    /// Adds (or replaces) an executor plugin; `valueCheck` refuses what its factory would (``checkValues(of:_:)``).
    public mutating func register(
        executor descriptor: PluginDescriptor, factory: @escaping ExecutorFactory, valueCheck: ValueCheck? = nil
    ) {
        add(descriptor, .executor, factory: .executor(factory), valueCheck: valueCheck)
    }

    /// Adds (or replaces) a sink plugin; `valueCheck` refuses what its factory would (``checkValues(of:_:)``).
    public mutating func register(
        sink descriptor: PluginDescriptor, factory: @escaping SinkFactory, valueCheck: ValueCheck? = nil
    ) {
        add(descriptor, .sink, factory: .sink(factory), valueCheck: valueCheck)
    }

    /// Adds (or replaces) a stop policy plugin; `valueCheck` refuses what its factory would
    /// (``checkValues(of:_:)``).
    public mutating func register(
        stopPolicy descriptor: PluginDescriptor, factory: @escaping StopPolicyFactory, valueCheck: ValueCheck? = nil
    ) {
        add(descriptor, .stopPolicy, factory: .stopPolicy(factory), valueCheck: valueCheck)
    }

    /// `settings` of the plugin of `kind` called `name` as its factory gets them: checked against its declaration
    /// (names, types, bounds, every required setting given) and with defaults filled in. What a dry run checks,
    /// without making the plugin.
    ///
    /// - Throws: ``PluginError`` for an unknown plugin, an unknown setting, a wrong value or a missing one.
    public func checkedSettings(_ kind: PluginKind, named name: String, _ settings: [String: String])
        throws(PluginError) -> PluginSettings
    {
        let checked = try PluginSettings(for: entry(kind, named: name).descriptor, settings)
        try checked.checkRequired()
        return checked
    }

    /// Refuses the values among `settings` that a plugin called `name`, of any kind, refuses when it is made at the
    /// start of a run, without making it: a required setting given empty, and what the plugin's value check
    /// refuses. What `--validate-config` holds the configuration's `plugins:` settings to. Settings that a plugin
    /// does not declare, or whose type or bounds it refuses, are left to ``PluginSettings``' own checks.
    ///
    /// - Throws: ``PluginError`` for a required setting given empty, else what the value check throws.
    public func checkValues(of name: String, _ settings: [String: String]) throws {
        for kind in PluginKind.allCases {
            guard let entry = entries[kind]?[name] else { continue }
            let declared = settings.filter { given in entry.descriptor.settings.contains { $0.name == given.key } }
            guard let checked = try? PluginSettings(for: entry.descriptor, declared) else { continue }
            for setting in entry.descriptor.settings where setting.isRequired && declared[setting.name] != nil {
                _ = try checked.required(setting.name)
            }
            try entry.valueCheck?(checked)
        }
    }

    /// Builds the source called `name` with `settings`.
    public func makeSource(_ name: String, settings: [String: String], context: PluginContext) throws -> any TaskSource {
        let entry = try entry(.source, named: name)
        guard case .source(let make) = entry.factory else { preconditionFailure("a source entry holds a source factory") }
        return try make(checkedSettings(.source, named: name, settings), context)
    }

    /// Builds the executor called `name` with `settings`.
    public func makeExecutor(_ name: String, settings: [String: String], context: PluginContext) throws -> any Executor {
        let entry = try entry(.executor, named: name)
        guard case .executor(let make) = entry.factory else {
            preconditionFailure("an executor entry holds an executor factory")
        }
        return try make(checkedSettings(.executor, named: name, settings), context)
    }

    /// Builds the sink called `name` with `settings`.
    public func makeSink(_ name: String, settings: [String: String], context: PluginContext) throws -> any Sink {
        let entry = try entry(.sink, named: name)
        guard case .sink(let make) = entry.factory else { preconditionFailure("a sink entry holds a sink factory") }
        return try make(checkedSettings(.sink, named: name, settings), context)
    }

    /// Builds the stop policy called `name` with `settings`.
    public func makeStopPolicy(_ name: String, settings: [String: String], context: PluginContext) throws
        -> any StopPolicy
    {
        let entry = try entry(.stopPolicy, named: name)
        guard case .stopPolicy(let make) = entry.factory else {
            preconditionFailure("a stop policy entry holds a stop policy factory")
        }
        return try make(checkedSettings(.stopPolicy, named: name, settings), context)
    }

    private mutating func add(
        _ descriptor: PluginDescriptor, _ kind: PluginKind, factory: Factory, valueCheck: ValueCheck?
    ) {
        precondition(descriptor.kind == kind, "plugin '\(descriptor.name)' declares kind \(descriptor.kind.rawValue)")
        entries[kind, default: [:]][descriptor.name] = Entry(
            descriptor: descriptor, factory: factory, valueCheck: valueCheck)
    }

    private func entry(_ kind: PluginKind, named name: String) throws(PluginError) -> Entry {
        if let entry = entries[kind]?[name] { return entry }
        let valid = (entries[kind] ?? [:]).keys.sorted().joined(separator: ", ")
        throw PluginError("unknown \(kind.rawValue) '\(name)' (valid: \(valid.isEmpty ? "none" : valid))")
    }
}
