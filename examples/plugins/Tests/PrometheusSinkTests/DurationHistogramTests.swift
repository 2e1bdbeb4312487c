import PrometheusSink
import Testing

@Suite struct DurationHistogramTests {
    @Test func aValueOnABoundCountsInThatBucket() {
        var histogram = DurationHistogram(bounds: [1, 2])
        for value in [0.5, 1, 1.5, 2, 7] { histogram.observe(value) }
        #expect(histogram.cumulativeCounts == [2, 4, 5])
        #expect(histogram.count == 5)
        #expect(histogram.sum == 12)
    }

    @Test func anEmptyHistogramCountsNothing() {
        let histogram = DurationHistogram()
        #expect(histogram.cumulativeCounts == Array(repeating: 0, count: DurationHistogram.defaultBounds.count + 1))
        #expect(histogram.sum == 0)
    }
}
