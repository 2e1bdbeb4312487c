import Synchronization

/// The settings a plugin's factory read by key while it was made, for the command to tell which value the factory
/// refused when what it throws does not say (``PluginRegistry/valueProblems(of:_:)`` tells only for a plugin registered
/// with a value check): a factory that read one value given it and threw refused that value, as one refusing the
/// arguments file it was given cannot open does.
///
/// ``PluginSettings``' readers (``PluginSettings/value(_:)``, ``PluginSettings/string(_:)``, and those reading through
/// them) note each key they are asked for while ``noting(_:)`` runs, on its thread and in the Swift tasks it starts;
/// outside it they note nothing and cost a look-up of the task-local value.
public final class PluginSettingReads: Sendable {
    /// The reads of the ``noting(_:)`` running, if any.
    @TaskLocal private static var current: PluginSettingReads?

    /// Each plugin's keys read, in the order of their first read, by the plugin's kind and name.
    private let keys = Mutex<[PluginKind: [String: [String]]]>([:])

    /// Reads not yet noted.
    public init() {}

    /// Runs `body`, noting the settings the plugins it makes read (``keys(of:named:)``).
    public func noting<T>(_ body: () throws -> T) rethrows -> T {
        try Self.$current.withValue(self, operation: body)
    }

    /// The keys of the plugin of `kind` called `name` that were read while ``noting(_:)`` ran, each once, in the order
    /// they were first read.
    public func keys(of kind: PluginKind, named name: String) -> [String] {
        keys.withLock { $0[kind]?[name] ?? [] }
    }

    /// Notes that `key` of the plugin `descriptor` declares was read, when ``noting(_:)`` runs.
    static func note(_ key: String, of descriptor: PluginDescriptor) {
        guard let reads = current else { return }
        reads.keys.withLock { keys in
            if keys[descriptor.kind]?[descriptor.name]?.contains(key) != true {
                keys[descriptor.kind, default: [:]][descriptor.name, default: []].append(key)
            }
        }
    }
}
