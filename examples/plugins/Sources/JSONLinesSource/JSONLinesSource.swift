import Foundation
import PRXKernel
import PRXPlugins

/// A task source reading one task per line of a JSON Lines file, as the run goes: a line is read only when the
/// scheduler asks for the next task, so a file of any length is never held whole, and lines appended while the
/// run goes are still read.
///
/// Each non-blank line is one JSON object:
///
/// ```json
/// {"argv": ["convert", "a.png", "a.jpg"], "name": "a", "env": {"QUALITY": "90"}, "cwd": "images", "timeout": 30}
/// {"sh": "gzip -9 big.log && mv big.log.gz archive/"}
/// ```
///
/// - `argv` (array of strings) or `sh` (a string run as `/bin/sh -c`), exactly one of them;
/// - `name`: the task's label; by default the line's number;
/// - `env`: variables added to the task's environment;
/// - `cwd`: the working directory; a relative one is taken from the run's working directory. Without it, the
///   run's working directory;
/// - `timeout`: seconds; without it, the run's time limit.
///
/// Tasks are numbered from 1 in file order; blank lines are skipped. A line that is not valid JSON, not an
/// object, has an unknown key or a value of the wrong type ends the source with a ``JSONLinesError`` naming
/// the file and the line. A task whose arguments break the run's security limits is yielded with a
/// ``PRXKernel/TaskSpec/preflightError``, so it is reported and not run.
public struct JSONLinesSource: TaskSource {
    /// The file, as it was given; errors name it so.
    public let file: String
    private let reader: LineReader
    private let taskSettings: TaskSettings
    private let decoder = JSONDecoder()
    private var lineNumber = 0
    private var nextID = 1

    /// Opens `file`, relative to `baseDirectory` (or the current directory when `nil`) unless absolute.
    ///
    /// - Parameters:
    ///   - file: the JSON Lines file.
    ///   - baseDirectory: what a relative `file` is relative to; `nil` for the current directory.
    ///   - taskSettings: the run's time limit, working directory and security limits.
    /// - Throws: ``JSONLinesError`` when the file cannot be opened.
    public init(file: String, baseDirectory: String? = nil, taskSettings: TaskSettings = TaskSettings())
        throws(JSONLinesError)
    {
        var path = file
        if let baseDirectory, !file.hasPrefix("/") { path = "\(baseDirectory)/\(file)" }
        do {
            reader = try LineReader(path: path)
        } catch {
            throw JSONLinesError(file: file, line: nil, reason: error.reason)
        }
        self.file = file
        self.taskSettings = taskSettings
    }

    public mutating func next() throws(JSONLinesError) -> TaskSpec? {
        while let text = try readLine() {
            lineNumber += 1
            if text.allSatisfy(\.isWhitespace) { continue }
            let value: JSONValue
            do {
                value = try decoder.decode(JSONValue.self, from: Data(text.utf8))
            } catch {
                throw JSONLinesError(file: file, line: lineNumber, reason: "not valid JSON")
            }
            let line: TaskLine
            do throws(TaskLine.Invalid) {
                line = try TaskLine(value)
            } catch {
                throw JSONLinesError(file: file, line: lineNumber, reason: error.reason)
            }
            let task = task(from: line, id: TaskID(nextID))
            nextID += 1
            return task
        }
        return nil
    }

    /// Tasks are numbered from 1 in file order: the scheduler need not note their ids to tell one given again.
    public var promisesUniqueIDs: Bool { true }

    /// The next line, with a read error named by the file.
    private func readLine() throws(JSONLinesError) -> String? {
        do {
            return try reader.nextLine()
        } catch {
            throw JSONLinesError(file: file, line: lineNumber + 1, reason: "cannot read: \(error.reason)")
        }
    }

    /// The task for a checked line, with the run's defaults filled in.
    private func task(from line: TaskLine, id: TaskID) -> TaskSpec {
        var workingDirectory = line.workingDirectory ?? taskSettings.workingDirectory
        if let relative = line.workingDirectory, !relative.hasPrefix("/"), let base = taskSettings.workingDirectory {
            workingDirectory = "\(base)/\(relative)"
        }
        return TaskSpec(
            id: id,
            label: line.name ?? String(lineNumber),
            argv: line.argv,
            environment: line.environment,
            workingDirectory: workingDirectory,
            timeout: line.timeout ?? taskSettings.timeout,
            metadata: [TaskMetadataKey.line: String(lineNumber)],
            preflightError: taskSettings.limits.argumentViolation(in: line.argv))
    }
}
