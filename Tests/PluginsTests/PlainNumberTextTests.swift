import PRXPlugins
import Testing

/// Messages quoting a number of seconds wrote it as Swift prints a double: `Timeout after 1e-07s` and `Timeout after
/// 0.30000000000000004s` (a recipe's `timeout = 0.1 + 0.2`). A number is now written in plain decimal, rounded to 15
/// significant digits, which every number written in decimal keeps; and, so that a message stays short, with an
/// exponent below a nanosecond and from 10²¹ up, where `1e-300` took 300 digits.
@Suite struct PlainNumberTextTests {
    @Test(arguments: [
        (2.0, "2"), (60, "60"), (1e9, "1000000000"), (-3, "-3"), (0, "0"), (0.5, "0.5"), (0.01, "0.01"),
        (1e-7, "0.0000001"), (0.1 + 0.2, "0.3"), (-2.5e-5, "-0.000025"), (1e-9, "0.000000001"),
        (1.5e-9, "0.0000000015"), (1.25e-10, "1.25e-10"), (1e-300, "1e-300"), (-1e-300, "-1e-300"),
        (Double.leastNonzeroMagnitude, "4.94065645841247e-324"), (1e21, "1e+21"), (1e300, "1e+300"),
        (123456.789, "123456.789"), (1e20, "100000000000000000000"), (1.5e15, "1500000000000000"),
        (2.0 / 3, "0.666666666666667"),
    ] as [(Double, String)])
    func aNumberIsWrittenInPlainDecimal(value: Double, text: String) {
        #expect(value.plainText == text)
    }
}
