import Foundation
import Testing

@testable import PRXCommand

@Suite struct ConfigurationFlagOverridesTests {
    @Test func flagsOverrideTheirKeysAndNameThemselvesAsSource() throws {
        let options = try #require(try PRX.parseAsRoot([
            "-T", "tasks", "-C", "sh @TASK@", "-m", "7", "-t", "30", "-s", "1.5", "--enable-stop-limits", "-d",
        ]) as? PRX)
        let loaded = try ConfigurationLoader.load(
            files: ConfigurationFiles(), plugins: [], flags: FlagOverrides(options: options))
        #expect(loaded.effective.limits.maxWorkers == 7)
        #expect(loaded.effective.limits.timeoutSeconds == 30)
        #expect(loaded.effective.limits.taskStartDelay == 1.5)
        #expect(loaded.effective.limits.stopLimitsEnabled)
        #expect(loaded.effective.logging.level == "DEBUG")
        #expect(["limits.max_workers", "limits.timeout_seconds", "limits.task_start_delay",
                 "limits.stop_limits_enabled", "logging.level"].map { loaded.source(of: $0) }
            == [.flag("-m"), .flag("-t"), .flag("-s"), .flag("--enable-stop-limits"), .flag("-d")])
        #expect(loaded.warnings.isEmpty)
    }

    @Test func absentFlagsLeaveTheConfiguration() throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let script = "limits:\n  max_workers: 9\n  stop_limits_enabled: true\nlogging:\n  level: ERROR\n"
        let loaded = try fixture.load(script: script)
        var overridden = loaded
        overridden.override(with: FlagOverrides())
        #expect(overridden == loaded)
    }

    @Test(arguments: [
        (FlagOverrides(maxWorkers: 80), "limits.max_workers", 50,
         "-m: limits.max_workers 80 is above limits.max_allowed_workers 50"),
        (FlagOverrides(timeoutSeconds: 3000), "limits.timeout_seconds", 1800,
         "-t: limits.timeout_seconds 3000 is above limits.max_allowed_timeout 1800"),
    ])
    func flagAboveALowerScriptCapIsCapped(flags: FlagOverrides, path: String, expected: Int, warning: String) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let script = "limits:\n  max_allowed_workers: 50\n  max_allowed_timeout: 1800\n"
        let loaded = try fixture.load(script: script, flags: flags)
        #expect(ConfigurationKey.named(path)?.integer(in: loaded.effective) == expected)
        #expect(loaded.source(of: path) == .flag(String(warning.prefix(2))))
        #expect(loaded.warnings == ["\(warning) (script: \(fixture.scriptPath)); using \(expected)"])
    }

    /// A file's value above a cap that a flag replaces is neither capped nor warned about: the warning named the
    /// file's 80 and "using 50" while the run used the flag's 10. A flag above the cap is still capped, its warning
    /// naming the flag.
    @Test(arguments: [
        (FlagOverrides(maxWorkers: 10), 10, nil),
        (FlagOverrides(maxWorkers: 70), 50, "-m: limits.max_workers 70 is above limits.max_allowed_workers 50"),
        (FlagOverrides(), 50, "USER:2: limits.max_workers 80 is above limits.max_allowed_workers 50"),
    ] as [(FlagOverrides, Int, String?)])
    func aFlagReplacesTheFileValueBeforeTheCap(flags: FlagOverrides, expected: Int, warning: String?) throws {
        let fixture = try ConfigurationFixture()
        defer { fixture.root.remove() }
        let loaded = try fixture.load(
            script: "limits:\n  max_allowed_workers: 50\n", user: "limits:\n  max_workers: 80\n", flags: flags)
        #expect(loaded.effective.limits.maxWorkers == expected)
        let warnings = warning.map { text in
            [text.replacingOccurrences(of: "USER", with: fixture.userPath)
                + " (script: \(fixture.scriptPath)); using 50"]
        }
        #expect(loaded.warnings == warnings ?? [])
    }
}
