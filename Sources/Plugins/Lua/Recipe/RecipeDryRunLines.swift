import PRXKernel

/// A recipe's dry run, a line for each task in start order, each made as it is read, telling what `-r` would do with
/// the task: run it (`name: command`, then `  (after a, b)` when it has dependencies, with `, even if they fail` for
/// `after_any`, and `  (env: NAME=value …)` with variables), make it `ERROR` before it starts (`# name: not runnable:
/// why`), or skip it, as the run skips a task one of whose dependencies did not succeed (`# name: would be skipped:
/// dependency build is not runnable`, `… dependency deploy would be skipped`), unless it has `after_any`.
///
/// A task is not runnable with an argument over the limits, or holding a NUL byte, or when `programProblem` says its
/// command cannot start (given its words, its variables and its directory: a program not found). A task whose `cmd`
/// function gives its command as it starts is not judged by `programProblem`, nor one that runs after others, which
/// may make its program or its directory. Names show their control characters as escapes
/// (``ControlCharacterEscaping``), as every label in a dry run does.
///
/// Holds a byte for each task, whether the run would skip it or fail it before it starts, for the tasks after it:
/// the start order puts each task's dependencies before it.
public struct RecipeDryRunLines: Sequence {
    /// What `-r` would do with a task.
    public enum Fate: Sendable {
        /// Run it.
        case runs
        /// Make it `ERROR` before it starts.
        case notRunnable
        /// Make it `SKIPPED`, as a dependency would not succeed.
        case skipped
    }

    /// One task's line.
    public struct Line: Sendable {
        /// The line, without its line end.
        public let text: String
        /// What `-r` would do with the task.
        public let fate: Fate
    }

    let graph: RecipeGraph
    let limits: SecurityLimits
    let programProblem: (_ argv: [String], _ environment: [String: String], _ directory: String) -> String?

    public func makeIterator() -> Iterator {
        Iterator(lines: self)
    }

    /// Makes the lines in start order.
    public struct Iterator: IteratorProtocol {
        private let lines: RecipeDryRunLines
        private var position = 0
        /// Each task's fate by definition index, once its line is made.
        private var fates: [Fate]

        init(lines: RecipeDryRunLines) {
            self.lines = lines
            fates = Array(repeating: .runs, count: lines.graph.tasks.count)
        }

        public mutating func next() -> Line? {
            let graph = lines.graph
            guard position < graph.order.count else { return nil }
            let index = Int(graph.order[position])
            position += 1
            let line = line(for: index)
            fates[index] = line.fate
            return line
        }

        private func line(for index: Int) -> Line {
            let graph = lines.graph
            let task = graph.tasks[index]
            let dependencies = graph.dependencies[index]
            if !task.afterAny, let failing = dependencies.first(where: { fates[Int($0)] != .runs }) {
                let name = graph.tasks[Int(failing)].name
                let why = fates[Int(failing)] == .notRunnable ? "is not runnable" : "would be skipped"
                let text = DryRunCommandLine.wouldBeSkipped(task.name, reason: "dependency \(name) \(why)")
                return Line(text: text, fate: .skipped)
            }
            let argv = graph.tasks.argv(at: index)
            if let argv,
                let reason = RecipeTaskSource.unrunnable(argv, limits: lines.limits)
                    ?? (dependencies.isEmpty
                        ? lines.programProblem(argv, task.environment, task.workingDirectory) : nil)
            {
                return Line(text: DryRunCommandLine.unrunnable(task.name, reason: reason), fate: .notRunnable)
            }
            var text = "\(ControlCharacterEscaping.escaped(task.name)): "
            text += argv.map(ShellWords.joinShowing) ?? "<cmd function, called at start>"
            let after = dependencies.map { ControlCharacterEscaping.escaped(graph.tasks[Int($0)].name) }
            if !after.isEmpty {
                text += "  (after \(after.joined(separator: ", "))\(task.afterAny ? ", even if they fail" : ""))"
            }
            if !task.environment.isEmpty {
                let pairs = task.environment.keys.sorted().map { "\($0)=\(ShellWords.quoteShowing(task.environment[$0]!))" }
                text += "  (env: \(pairs.joined(separator: " ")))"
            }
            return Line(text: text, fate: .runs)
        }
    }
}
