import PRXPlugins
import Testing

/// Messages quoting a number of seconds wrote it as Swift prints a double: `Timeout after 1e-07s` and `Timeout after
/// 0.30000000000000004s` (a recipe's `timeout = 0.1 + 0.2`). A number is now written in plain decimal, rounded to 15
/// significant digits, which every number written in decimal keeps.
@Suite struct PlainNumberTextTests {
    @Test(arguments: [
        (2.0, "2"), (60, "60"), (1e9, "1000000000"), (-3, "-3"), (0, "0"), (0.5, "0.5"), (0.01, "0.01"),
        (1e-7, "0.0000001"), (0.1 + 0.2, "0.3"), (-2.5e-5, "-0.000025"), (1.25e-10, "0.000000000125"),
        (123456.789, "123456.789"), (1e20, "100000000000000000000"), (1.5e15, "1500000000000000"),
        (2.0 / 3, "0.666666666666667"),
    ] as [(Double, String)])
    func aNumberIsWrittenInPlainDecimal(value: Double, text: String) {
        #expect(value.plainText == text)
    }
}
