import PRXKernel
import Testing

@Suite struct BoundedDurationTests {
    @Test(arguments: [
        (1.5, Duration.milliseconds(1500)), (-3, .zero), (.nan, .zero), (1e300, .seconds(1_000_000_000)),
        (.infinity, .seconds(1_000_000_000)),
    ] as [(Double, Duration)])
    func holdsSecondsWithinWhatPRXWaits(seconds: Double, expected: Duration) {
        #expect(Duration.boundedSeconds(seconds) == expected)
    }
}
