import PRXPlugins
import Testing

/// A number setting took what Swift's `Double(_:)` reads, hexadecimal among it (`--set local.termination_grace=0x1p-4`,
/// `0x10`), which parallelr's Python `float()` refuses and no configuration file holds as a number (PyYAML reads
/// `0x1p-4` as text, given to the setting as it is, and took it too). A number setting now takes a decimal number
/// alone, from `--set`, `prx.set` and a file's `plugins:` alike. It refused what Python's `int()` and `float()` take
/// and a configuration key took (`limits.max_output_capture: "1_000"`, `" 2"`), which a setting of numbers, whole or
/// not, now takes as such a key does.
@Suite struct DecimalNumberSettingTests {
    private static let descriptor = PluginDescriptor(
        kind: .sink, name: "pace", summary: "waits",
        settings: [
            PluginSetting("seconds", .number, default: "1", bounds: .from(0, to: 100), help: "how long"),
            PluginSetting("factor", .number, help: "unbounded"),
            PluginSetting("count", .integer, bounds: .atLeast(0), help: "how many"),
        ])

    @Test(arguments: ["0x1p-4", "0x10", "0X10", "-0x1", "0x1.8p1", "1__000", "_1", "1_", "", "1e", "e3", "--1"])
    func aNumberNotWrittenInDecimalIsRefused(text: String) {
        for key in ["seconds", "factor"] {
            #expect(throws: PluginError("setting pace.\(key) must be a number (got '\(text)')")) {
                try PluginSettings(for: Self.descriptor, [key: .text(text)])
            }
        }
    }

    @Test(arguments: [
        ("2", 2.0), ("-0", 0), ("+2", 2), (".5", 0.5), ("5.", 5), ("1e1", 10), ("1E-1", 0.1), ("1e+1", 10),
        ("1_0", 10), (" 2", 2), ("2 ", 2), ("1_0.5", 10.5), ("\u{FF15}", 5),
    ] as [(String, Double)])
    func aDecimalNumberIsTaken(text: String, value: Double) throws {
        let settings = try PluginSettings(for: Self.descriptor, ["seconds": .text(text)])
        #expect(settings.number("seconds") == value)
    }

    /// `inf`, `nan` and a number too large for a double are numbers, as Python's `float()` reads them, that bounds
    /// refuse as out of range.
    @Test(arguments: ["inf", "-Infinity", "nan", "1e400"])
    func aNumberBeyondTheBoundsIsOutOfRange(text: String) {
        #expect(throws: PluginError("setting pace.seconds must be from 0 to 100 (got '\(text)')")) {
            try PluginSettings(for: Self.descriptor, ["seconds": .text(text)])
        }
    }

    /// A whole-number setting reads its text as Python's `int()` does, as a configuration key does.
    @Test(arguments: [("1_000", 1000), (" 2", 2), ("2\t", 2), ("+3", 3), ("\u{FF15}", 5)] as [(String, Int)])
    func aWholeNumberAsPythonReadsItIsTaken(text: String, value: Int) throws {
        let settings = try PluginSettings(for: Self.descriptor, ["count": .text(text)])
        #expect(settings.integer("count") == value)
    }

    @Test(arguments: ["1__000", "_1", "1.5", "1e3", "0x10", "inf"])
    func textThatIsNoWholeNumberIsRefused(text: String) {
        #expect(throws: PluginError("setting pace.count must be a whole number (got '\(text)')")) {
            try PluginSettings(for: Self.descriptor, ["count": .text(text)])
        }
    }

    /// A whole number beyond 64 bits is out of range, with or without underscores, as a configuration key's is.
    @Test(arguments: ["99999999999999999999", "99_999_999_999_999_999_999"])
    func aWholeNumberBeyondSixtyFourBitsIsOutOfRange(text: String) {
        let refusal = "setting pace.count must be a whole number from 0 to \(Int.max) (got '\(text)')"
        #expect(throws: PluginError(refusal)) {
            try PluginSettings(for: Self.descriptor, ["count": .text(text)])
        }
    }
}
