import PRXKernel
import PRXPlugins

/// The task source a custom build registered, whose errors as the run goes (what ``next()`` throws, which stops the
/// run and is its error) are said as that plugin's, `source 'NAME': …`, as its factory's errors are
/// (``PluginRegistry/message(_:of:named:)``, which leaves a message naming the plugin already as it is): in the run's
/// one-line error, the summary's `Task Source Error`, the log and the JSON file alike. An item it cannot read
/// (``UnreadableTaskError``) keeps its stand-in, its reason named so. prx's own sources are not wrapped
/// (``PluginRegistry/makeSource(_:context:)``): their messages name their files and flags. Everything else reaches the
/// source as it is.
struct PluginNamingSource: TaskSource {
    /// The plugin's source.
    var base: any TaskSource
    /// `message`, as the plugin's.
    let named: (String) -> String

    mutating func next() throws -> TaskSpec? {
        do {
            return try base.next()
        } catch let unreadable as UnreadableTaskError {
            throw UnreadableTaskError(standIn: unreadable.standIn, reason: named(unreadable.reason))
        } catch {
            throw PluginError(named("\(error)"))
        }
    }

    mutating func prepare(_ task: TaskSpec, dependencyResults: [TaskResult]) throws -> TaskSpec {
        try base.prepare(task, dependencyResults: dependencyResults)
    }

    var remainingTaskCount: Int? { base.remainingTaskCount }

    var knownRemainingTaskCount: Int { base.knownRemainingTaskCount }

    var promisesUniqueIDs: Bool { base.promisesUniqueIDs }

    var remakesTasks: Bool { base.remakesTasks }

    mutating func remake(_ id: TaskID) -> TaskSpec? {
        base.remake(id)
    }

    var inputWait: (any InputWait)? { base.inputWait }

    mutating func remainingTasksWillBeCancelled() {
        base.remainingTasksWillBeCancelled()
    }

    mutating func stopReadingInput() {
        base.stopReadingInput()
    }
}
