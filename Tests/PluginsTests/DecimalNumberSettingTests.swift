import PRXPlugins
import Testing

/// A number setting took what Swift's `Double(_:)` reads, hexadecimal among it (`--set local.termination_grace=0x1p-4`,
/// `0x10`), which parallelr's Python `float()` refuses and no configuration file holds as a number (PyYAML reads
/// `0x1p-4` as text, given to the setting as it is, and took it too). A number setting now takes a decimal number
/// alone, from `--set`, `prx.set` and a file's `plugins:` alike.
@Suite struct DecimalNumberSettingTests {
    private static let descriptor = PluginDescriptor(
        kind: .sink, name: "pace", summary: "waits",
        settings: [
            PluginSetting("seconds", .number, default: "1", bounds: .from(0, to: 100), help: "how long"),
            PluginSetting("factor", .number, help: "unbounded"),
        ])

    @Test(arguments: ["0x1p-4", "0x10", "0X10", "-0x1", "0x1.8p1", "1_000", " 2", "2 ", "", "1e", "e3", "--1"])
    func aNumberNotWrittenInDecimalIsRefused(text: String) {
        for key in ["seconds", "factor"] {
            #expect(throws: PluginError("setting pace.\(key) must be a number (got '\(text)')")) {
                try PluginSettings(for: Self.descriptor, [key: .text(text)])
            }
        }
    }

    @Test(arguments: [
        ("2", 2.0), ("-0", 0), ("+2", 2), (".5", 0.5), ("5.", 5), ("1e1", 10), ("1E-1", 0.1), ("1e+1", 10),
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
}
