import Foundation
import PRXTesting
import Testing
@testable import PRXCommand

@Suite struct PRXHomeTests {
    @Test func withoutPRXHomeLogsStayWithParallelrAndTheRestGoesToPRX() {
        let home = PRXHome(environment: ["HOME": "/h"])
        #expect(home.logs == "/h/parallelr/logs")
        #expect(home.workspace == "/h/prx/workspace")
        #expect(home.history == "/h/prx/history")
        #expect(home.runs == "/h/prx/run")
    }

    /// parallelr names its directories after the name it runs under: a ptasker's logs are in `~/ptasker/logs`.
    @Test func ptaskersLogsAreItsOwn() {
        let home = PRXHome(environment: ["HOME": "/h"], invocation: InvocationName("/opt/bin/ptasker"))
        #expect([home.logs, home.workspace, home.history] == ["/h/ptasker/logs", "/h/prx/workspace", "/h/prx/history"])
        #expect(PRXHome(environment: ["HOME": "/h", "PRX_HOME": "/p"], invocation: InvocationName("ptasker")).logs
            == "/p/logs")
    }

    @Test func prxHomeHoldsEverything() {
        let home = PRXHome(environment: ["HOME": "/h", "PRX_HOME": "/p"])
        #expect([home.logs, home.workspace, home.history, home.runs]
            == ["/p/logs", "/p/workspace", "/p/history", "/p/run"])
    }

    /// The run's directories (its logs, the workspace, the history) are made with their parents, as `mkdir -p`
    /// does, and one already there is taken as it is.
    @Test func createMakesADirectoryWithItsParents() throws {
        let temporary = try TemporaryDirectory()
        defer { temporary.remove() }
        try PRXHome.create(temporary.file("a/b/c"), for: "the log directory")
        try PRXHome.create(temporary.file("a/b/c"), for: "the log directory")
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: temporary.file("a/b/c"), isDirectory: &isDirectory))
        #expect(isDirectory.boolValue)
    }
}
