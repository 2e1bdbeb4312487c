import Foundation
import PRXTesting
import Testing

@testable import PRXCommand

@Suite struct ConfigurationLocatorTests {
    /// Creates `files` (paths relative to a fresh directory), locates, and returns the found paths relative to it.
    private func locate(
        _ files: [String], programName: String = "prx", environment: [String: String] = [:],
        binary: String = "opt/bin/prx"
    ) throws -> (script: String?, scriptFallback: Bool?, user: String?, userFallback: Bool?) {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        for file in files { try root.write(file, "limits: {}\n") }
        let environment = environment.mapValues { root.file($0) }
            .merging(["HOME": root.file("home")]) { first, _ in first }
        let found = ConfigurationLocator.locate(
            programName: programName, environment: environment, executablePath: root.file(binary))
        let relative = { (path: String) in String(path.dropFirst(root.path.count + 1)) }
        return (found.script.map { relative($0.path) }, found.script?.isFallback,
                found.user.map { relative($0.path) }, found.user?.isFallback)
    }

    @Test(arguments: [
        (["opt/bin/cfg/prx.yaml"], "opt/bin/cfg/prx.yaml", false),
        (["opt/cfg/prx.yaml"], "opt/cfg/prx.yaml", false),
        (["opt/bin/cfg/prx.yaml", "opt/cfg/prx.yaml"], "opt/bin/cfg/prx.yaml", false),
        (["opt/cfg/parallelr.yaml"], "opt/cfg/parallelr.yaml", true),
        (["opt/bin/cfg/parallelr.yaml", "opt/cfg/prx.yaml"], "opt/cfg/prx.yaml", false),
    ])
    func scriptConfigurationBesideTheBinary(files: [String], expected: String, fallback: Bool) throws {
        let found = try locate(files)
        #expect(found.script == expected)
        #expect(found.scriptFallback == fallback)
    }

    @Test func prxConfigDirReplacesTheBinaryDirectory() throws {
        let found = try locate(["opt/bin/cfg/prx.yaml", "site/prx.yaml"], environment: ["PRX_CONFIG_DIR": "site"])
        #expect(found.script == "site/prx.yaml")
        let none = try locate(["opt/bin/cfg/prx.yaml"], environment: ["PRX_CONFIG_DIR": "site"])
        #expect(none.script == nil)
    }

    @Test func symbolicLinkToTheBinaryIsResolved() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write("opt/cfg/prx.yaml", "")
        try root.write("opt/bin/prx", "", executable: true)
        try FileManager.default.createDirectory(atPath: root.file("links"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: root.file("links/ptasker"), withDestinationPath: root.file("opt/bin/prx"))
        let found = ConfigurationLocator.locate(
            programName: "ptasker", environment: ["HOME": root.file("home")],
            executablePath: root.file("links/ptasker"))
        #expect(found.script == ConfigurationFile(
            path: URL(fileURLWithPath: root.file("opt/cfg/prx.yaml")).resolvingSymlinksInPath().path,
            preferredName: "ptasker.yaml", isFallback: true))
    }

    @Test(arguments: [
        (["home/prx/cfg/prx.yaml", "home/parallelr/cfg/parallelr.yaml"], "home/prx/cfg/prx.yaml", false),
        (["home/parallelr/cfg/parallelr.yaml"], "home/parallelr/cfg/parallelr.yaml", true),
        (["home/prx/cfg/parallelr.yaml"], nil, nil),
    ] as [([String], String?, Bool?)])
    func userConfigurationInTheHome(files: [String], expected: String?, fallback: Bool?) throws {
        let found = try locate(files)
        #expect(found.user == expected)
        #expect(found.userFallback == fallback)
    }

    @Test func prxHomeReplacesTheHome() throws {
        let found = try locate(["home/prx/cfg/prx.yaml", "work/cfg/parallelr.yaml"], environment: ["PRX_HOME": "work"])
        #expect(found.user == "work/cfg/parallelr.yaml")
        #expect(found.userFallback == true)
    }

    @Test(arguments: [
        (["opt/bin/cfg/ptasker.yaml", "opt/bin/cfg/prx.yaml"], "opt/bin/cfg/ptasker.yaml", false),
        (["opt/bin/cfg/prx.yaml", "opt/cfg/ptasker.yaml"], "opt/cfg/ptasker.yaml", false),
        (["opt/bin/cfg/prx.yaml"], "opt/bin/cfg/prx.yaml", true),
        (["opt/bin/cfg/parallelr.yaml"], "opt/bin/cfg/parallelr.yaml", true),
    ])
    func ptaskerLooksForItsOwnFileFirst(files: [String], expected: String, fallback: Bool) throws {
        let found = try locate(files, programName: "/usr/local/bin/ptasker")
        #expect(found.script == expected)
        #expect(found.scriptFallback == fallback)
    }

    @Test(arguments: [
        (["home/prx/cfg/ptasker.yaml", "home/ptasker/cfg/ptasker.yaml"], "home/prx/cfg/ptasker.yaml", false),
        (["home/ptasker/cfg/ptasker.yaml", "home/prx/cfg/prx.yaml"], "home/ptasker/cfg/ptasker.yaml", false),
        (["home/prx/cfg/prx.yaml", "home/parallelr/cfg/parallelr.yaml"], "home/prx/cfg/prx.yaml", true),
        (["home/parallelr/cfg/parallelr.yaml"], "home/parallelr/cfg/parallelr.yaml", true),
    ])
    func ptaskerUserConfigurationFallsBack(files: [String], expected: String, fallback: Bool) throws {
        let found = try locate(files, programName: "ptasker")
        #expect(found.user == expected)
        #expect(found.userFallback == fallback)
    }

    /// parallelr's own layout (`~/parallelr/bin/` beside `~/parallelr/cfg/`), and `PRX_CONFIG_DIR` naming
    /// `$PRX_HOME/cfg` by another path, make one file both configurations: it is recorded as such, to be read once.
    @Test(arguments: [
        (["home/parallelr/cfg/parallelr.yaml"], [:], "home/parallelr/bin/prx", true),
        (["home/prx/cfg/prx.yaml"], [:], "home/prx/bin/prx", true),
        (["work/cfg/prx.yaml"], ["PRX_HOME": "work", "PRX_CONFIG_DIR": "work/../work/cfg"], "opt/bin/prx", true),
        (["opt/cfg/prx.yaml", "home/prx/cfg/prx.yaml"], [:], "opt/bin/prx", false),
    ] as [([String], [String: String], String, Bool)])
    func oneFileCanBeBothConfigurations(
        files: [String], environment: [String: String], binary: String, userIsScript: Bool
    ) throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        for file in files { try root.write(file, "limits: {}\n") }
        let environment = environment.mapValues { root.file($0) }.merging(["HOME": root.file("home")]) { $1 }
        let found = ConfigurationLocator.locate(
            programName: "prx", environment: environment, executablePath: root.file(binary))
        #expect(found.script != nil && found.user != nil)
        #expect(found.userIsScript == userIsScript)
    }

    /// A directory with the file's name is found, for reading it to refuse with one line naming it
    /// (`ConfigurationFileReadingTests`), where it was passed over and the defaults used without a word.
    @Test func aDirectoryWithTheFileNameIsFound() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try FileManager.default.createDirectory(
            atPath: root.file("bin/cfg/prx.yaml"), withIntermediateDirectories: true)
        let found = ConfigurationLocator.locate(
            programName: "prx", environment: ["HOME": root.file("home")], executablePath: root.file("bin/prx"))
        #expect(found.script?.path == root.file("bin/cfg/prx.yaml"))
        #expect(found.user == nil)
    }
}
