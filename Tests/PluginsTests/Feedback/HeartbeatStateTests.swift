import PRXPlugins
import Testing

@Suite struct HeartbeatStateTests {
    @Test(arguments: [
        (0, HeartbeatState.running),
        (2.49, .running),
        (2.5, .silent),
        (4.99, .silent),
        (5, .stalled),
        (7.49, .stalled),
        (7.5, .stalled),
        (10, .stalled),
        (60, .stalled),
        (-3, .running),
    ] as [(Double, HeartbeatState)])
    func bandsOfATenSecondTimeout(sinceUpdate: Double, expected: HeartbeatState) {
        #expect(HeartbeatState.classify(sinceUpdate: sinceUpdate, timeout: 10) == expected)
    }

    @Test(arguments: [nil, 0, -1] as [Double?])
    func withoutAHeartbeatATaskIsRunning(timeout: Double?) {
        #expect(HeartbeatState.classify(sinceUpdate: 1000, timeout: timeout) == .running)
    }

    @Test func theNamesAreTaskwatchers() {
        #expect(HeartbeatState.allCases.map(\.rawValue) == ["running", "silent", "stalled"])
    }
}
