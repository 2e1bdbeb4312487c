/// A Prometheus histogram of task durations in seconds: how many observations fell at or below each bucket's
/// upper bound, their sum and their count.
///
/// It holds one counter per bucket whatever the number of observations, so a run of a million tasks costs what
/// a run of ten does.
public struct DurationHistogram: Sendable, Hashable {
    /// The default upper bounds, from 5 ms to 10 minutes: Prometheus's usual latency buckets, stretched with
    /// the minutes a batch task may take.
    public static let defaultBounds: [Double] = [
        0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600,
    ]

    /// The buckets' upper bounds, ascending; the `+Inf` bucket is implied.
    public let bounds: [Double]
    /// Observations per bucket, not cumulative; the last element counts those above every bound.
    private var perBucket: [Int]
    /// The sum of every observation.
    public private(set) var sum = 0.0
    /// How many observations there were.
    public private(set) var count = 0

    /// Creates an empty histogram with `bounds`, which must ascend strictly.
    public init(bounds: [Double] = DurationHistogram.defaultBounds) {
        precondition(zip(bounds, bounds.dropFirst()).allSatisfy { $0 < $1 }, "histogram bounds must ascend")
        self.bounds = bounds
        perBucket = Array(repeating: 0, count: bounds.count + 1)
    }

    /// Adds one observation.
    public mutating func observe(_ seconds: Double) {
        let bucket = bounds.firstIndex { seconds <= $0 } ?? bounds.count
        perBucket[bucket] += 1
        sum += seconds
        count += 1
    }

    /// The cumulative count of each bucket, as Prometheus writes them: element `i` counts observations at or below
    /// `bounds[i]`; the last element, for `+Inf`, equals ``count``.
    public var cumulativeCounts: [Int] {
        var total = 0
        return perBucket.map { count in
            total += count
            return total
        }
    }
}
