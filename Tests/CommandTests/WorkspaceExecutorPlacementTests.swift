import PRXKernel
import PRXTesting
import Testing

@testable import PRXCommand

/// The executors that give tasks their workspace answer whether placements are reported as the executor they wrap
/// does: a wrapper answering the default `false` would keep a cluster executor's placements from every run of the
/// flags, which wraps its executor in one of them.
@Suite struct WorkspaceExecutorPlacementTests {
    @Test(arguments: [false, true])
    func aWorkspaceExecutorReportsPlacementsAsItsBaseDoes(baseReports: Bool) {
        let base: any Executor = baseReports ? ScriptedClusterExecutor() : ScriptedExecutor()
        let remaking = WorkspaceRemakingExecutor(base: base, workspace: "/nonexistent/workspace")
        let isolated = IsolatedWorkspaceExecutor(base: base, workspace: "/nonexistent/workspace", processID: 1)
        #expect(remaking.reportsPlacements == baseReports)
        #expect(isolated.reportsPlacements == baseReports)
    }
}
