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
}
