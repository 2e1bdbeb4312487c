@testable import PRXPlugins
import Testing

@Suite struct RowFormattingTests {
    @Test(arguments: [
        (2.75, 2, "2.75"), (0, 2, "0.00"), (45.004, 2, "45.00"), (12.46, 1, "12.5"), (0.125, 2, "0.12"),
        (0.375, 2, "0.38"), (-1.5, 1, "-1.5"), (-0.001, 2, "-0.00"), (1234567.891, 2, "1234567.89"), (7, 0, "7"),
        (1e20, 2, "100000000000000000000.00"), (.nan, 2, "nan"), (.infinity, 1, "inf"), (-.infinity, 1, "-inf"),
        (0.05, 1, "0.1"), (49.965, 2, "49.97"), (14.35, 1, "14.3"), (2.255, 2, "2.25"), (-0.05, 1, "-0.1"), (-0.0, 1, "-0.0"),
    ])
    func formatsFixedDecimalsAsPythonDoes(value: Double, digits: Int, text: String) {
        #expect(fixedDecimal(value, digits) == text)
    }

    @Test func padsIntegers() {
        var row = RowBuffer()
        row.append(integer: 7, width: 2)
        row.append(integer: 2025, width: 4)
        row.append(integer: 42, width: 6)
        row.append(integer: 123, width: 2)
        #expect(String(decoding: row.bytes, as: UTF8.self) == "072025000042123")
    }
}
