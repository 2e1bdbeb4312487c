/// The values a plugin setting takes beyond its type: a range for a number, a list of words or a log line's format
/// for text.
///
/// Declared with the setting, so that every way of giving it a value is checked alike: `--set` and Lua's `prx.set`
/// fail with one line, and a value in a configuration file's `plugins:` section is a warning naming its file and
/// line, the lower tier's value staying.
///
/// In `prx plugins --json` the bounds are an object with named members: `{"min": 0}`, `{"min": 0, "max": 1}`,
/// `{"above": 0, "max": 60}`, `{"oneOf": ["DEBUG", "INFO"]}`, `{"format": "python-logging"}` or
/// `{"nonEmpty": true}`.
public enum PluginSettingBounds: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A number at least this.
    case atLeast(Double)
    /// A number from `lowest` to `highest`, both included.
    case from(Double, to: Double)
    /// A number above `lowest` and at most `highest`.
    case above(Double, atMost: Double)
    /// One of these words, in any case.
    case oneOf([String])
    /// A Python logging format string that a ``LogLineFormat`` reads.
    case logLineFormat
    /// Text that is not empty: a path, which an empty one would leave to the system to refuse without naming it.
    case nonEmpty

    /// The values within the bounds, as `prx plugins` lists them after the setting's type: `0 or more`, `from 0 to 1`,
    /// `above 0 and at most 60`, `one of DEBUG, INFO, WARNING`, `a Python logging format`, `not empty`; a word that
    /// would not show as itself in double quotes (`one of "", fast`, ``PluginSetting/shown(_:)``).
    public var description: String {
        switch self {
        case .atLeast(let lowest): "\(lowest.plainText) or more"
        case .from(let lowest, let highest): "from \(lowest.plainText) to \(highest.plainText)"
        case .above(let lowest, let highest): "above \(lowest.plainText) and at most \(highest.plainText)"
        case .oneOf(let words): "one of " + words.map(PluginSetting.shown).joined(separator: ", ")
        case .logLineFormat: "a Python logging format"
        case .nonEmpty: "not empty"
        }
    }

    /// What is wrong with `value`, already known to have the setting's type, to follow "must be" (`0 or more`,
    /// `from 0 to 1`, `DEBUG, INFO or WARNING`); `nil` when it is within the bounds.
    func problem(with value: String) -> String? {
        let number = Double(value) ?? .nan
        switch self {
        case .atLeast(let lowest):
            return number >= lowest ? nil : description
        case .from(let lowest, let highest):
            return number >= lowest && number <= highest ? nil : description
        case .above(let lowest, let highest):
            return number > lowest && number <= highest ? nil : description
        case .oneOf(let words):
            if words.contains(where: { $0.lowercased() == value.lowercased() }) { return nil }
            let shown = words.map(PluginSetting.shown)
            return shown.dropLast().joined(separator: ", ") + (shown.count > 1 ? " or " : "") + (shown.last ?? "")
        case .logLineFormat:
            do {
                _ = try LogLineFormat(parsing: value)
                return nil
            } catch {
                return "a Python logging format prx can write: \(error)"
            }
        case .nonEmpty:
            return value.isEmpty ? "text that is not empty" : nil
        }
    }
}

extension PluginSettingBounds {
    private enum CodingKeys: String, CodingKey {
        case min, max, above, oneOf, format, nonEmpty
    }

    /// The name of a log line format's kind in JSON.
    private static let pythonLogging = "python-logging"

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .atLeast(let lowest):
            try container.encode(lowest, forKey: .min)
        case .from(let lowest, let highest):
            try container.encode(lowest, forKey: .min)
            try container.encode(highest, forKey: .max)
        case .above(let lowest, let highest):
            try container.encode(lowest, forKey: .above)
            try container.encode(highest, forKey: .max)
        case .oneOf(let words):
            try container.encode(words, forKey: .oneOf)
        case .logLineFormat:
            try container.encode(Self.pythonLogging, forKey: .format)
        case .nonEmpty:
            try container.encode(true, forKey: .nonEmpty)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let highest = try container.decodeIfPresent(Double.self, forKey: .max)
        if let words = try container.decodeIfPresent([String].self, forKey: .oneOf) {
            self = .oneOf(words)
        } else if try container.decodeIfPresent(String.self, forKey: .format) == Self.pythonLogging {
            self = .logLineFormat
        } else if try container.decodeIfPresent(Bool.self, forKey: .nonEmpty) == true {
            self = .nonEmpty
        } else if let lowest = try container.decodeIfPresent(Double.self, forKey: .above), let highest {
            self = .above(lowest, atMost: highest)
        } else if let lowest = try container.decodeIfPresent(Double.self, forKey: .min) {
            self = highest.map { .from(lowest, to: $0) } ?? .atLeast(lowest)
        } else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "no bounds prx knows (min, max, above, oneOf, format, nonEmpty)"))
        }
    }
}
