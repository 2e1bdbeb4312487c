import Foundation

/// What a daemon tells its launcher in one line on its standard error, `PREFIX {JSON}`, among any warnings or errors
/// it writes there: ``DaemonStarted`` first thing, ``DaemonReport`` once its run has begun.
protocol DaemonLine: Codable {
    /// What starts the line, its space included (`prx-daemon-ready `).
    static var prefix: String { get }
}

extension DaemonLine {
    /// Reads the value from `line` (without its newline), or returns `nil` when the line is not one.
    init?(line: some StringProtocol) {
        guard line.hasPrefix(Self.prefix),
            let value = try? JSONDecoder().decode(Self.self, from: Data(line.dropFirst(Self.prefix.count).utf8))
        else { return nil }
        self = value
    }

    /// The line the daemon writes, newline included.
    var line: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return Self.prefix + json + "\n"
    }
}
