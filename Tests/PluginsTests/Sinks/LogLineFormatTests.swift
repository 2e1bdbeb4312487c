import Foundation
import PRXPlugins
import PRXTesting
import Testing

/// parallelr's `logging.file_format`: a Python logging format string, read once, laying out every line of the log.
@Suite struct LogLineFormatTests {
    /// The lines `format` gives for an INFO line of the run and a WARNING line of worker 3, from a log of PID 42.
    private static func lines(_ format: String, messages: (String, String) = ("started", "slow")) throws -> [String] {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try RunLog(
            path: directory.file("run.log"), processID: 42, format: try LogLineFormat(parsing: format))
        try log.log(.info, messages.0)
        try log.log(.warning, messages.1, worker: 3)
        return try String(contentsOfFile: log.path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// parallelr's format, read from its text, lays lines out exactly as prx's built-in layout does.
    @Test func parallelrsFormatIsPRXsLayout() throws {
        let lines = try Self.lines(LogLineFormat.parallelrFormat)
        #expect(lines.count == 2)
        #expect(lines[0].wholeMatch(of: RunLogTests.linePattern)?.output.5 == "started")
        #expect(lines[1].hasSuffix(" - P42 - WARNING - [ThreadPoolExecutor-0_2] - slow"))
    }

    /// Python's `%` conversions: alignment, zero padding, widths, precision, `%%`, numbers and text; an empty format
    /// is `%(message)s`, as Python's `Formatter` takes it (prx wrote empty lines).
    @Test(arguments: [
        ("%(levelname)-8s|%(message)s", ["INFO    |started", "WARNING |slow"]),
        ("%(levelno)03d %(process)d %(name)s %(processName)s", ["020 42 P42 MainProcess", "030 42 P42 MainProcess"]),
        ("[%(threadName)8s] %(message).3s 100%%", ["[MainThread] sta 100%", "[ThreadPoolExecutor-0_2] slo 100%"]),
        ("%(levelno)s %(levelno)5.1f %(levelno)04s", ["20  20.0   20", "30  30.0   30"]),
        ("", ["started", "slow"]),
    ])
    func pythonsConversionsAreHonoured(format: String, expected: [String]) throws {
        #expect(try Self.lines(format) == expected)
    }

    /// The time fields: `asctime` as Python's default, `msecs` as its milliseconds, `created` as seconds since 1970.
    @Test func timeFieldsAgreeWithEachOther() throws {
        let before = Date().timeIntervalSince1970
        let line = try #require(try Self.lines("%(asctime)s|%(msecs)03d|%(created)f").first)
        let parts = line.split(separator: "|")
        #expect(parts.count == 3)
        #expect(parts[0].wholeMatch(of: #/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},(\d{3})/#)?.output.1 == parts[1])
        let created = try #require(Double(parts[2]))
        #expect(created >= before.rounded(.down) && created < before + 60)
        #expect(parts[2].split(separator: ".").last?.count == 6)
    }

    /// Every printf-style conversion Python's logging takes, written as Python 3.11's `logging.Formatter` writes it
    /// for the same record (name P42, process 42, levels 20 and 30): `r` and `a` in quotes, `o`, `x`, `X` and `#`,
    /// `+` and space, a precision of a whole number, `c`, `e`, `g`, `F`, length modifiers Python ignores. prx refused
    /// all but `s`, `d`, `i` and `f` ("needs a conversion s, d, i or f") and kept its default format.
    @Test(arguments: [
        ("%(name)r %(message)s", ["'P42' started", "'P42' slow"]),
        ("%(process)x %(process)X %(process)o %(process)#o %(process)#x %(process)#X",
         ["2a 2A 52 0o52 0x2a 0X2A", "2a 2A 52 0o52 0x2a 0X2A"]),
        ("%(process)+8d|%(process) d|%(levelno)#o|%(levelno)#08x|%(levelno).5d|%(levelno)-#6X|%(levelno)05.3d",
         ["     +42| 42|0o24|0x000014|00020|0X14  |00020", "     +42| 42|0o36|0x00001e|00030|0X1E  |00030"]),
        ("%(levelno)c|%(process)5c|%(process)-3c|", ["\u{14}|    *|*  |", "\u{1E}|    *|*  |"]),
        ("%(levelno)e %(levelno)E %(levelno)#.0f %(levelno)g %(levelno)#g %(levelno)+09.2F %(levelno)G %(process) .1e",
         ["2.000000e+01 2.000000E+01 20. 20 20.0000 +00020.00 20  4.2e+01",
          "3.000000e+01 3.000000E+01 30. 30 30.0000 +00030.00 30  4.2e+01"]),
        ("%(levelname)r %(levelname)a %(levelname).3r %(threadName)10.4r|%(threadName)-12a|",
         ["'INFO' 'INFO' 'IN       'Mai|'MainThread'|",
          "'WARNING' 'WARNING' 'WA       'Thr|'ThreadPoolExecutor-0_2'|"]),
        ("%(levelno)r %(levelno)a %(levelno)5s %(levelno)u %(levelno)i %(levelno)ld %(levelno)hi %(levelno)Lu",
         ["20 20    20 20 20 20 20 20", "30 30    30 30 30 30 30 30"]),
        ("%(levelname)-#+ 010.2s|%(levelname)08s|%(message)+r",
         ["IN        |    INFO|'started'", "WA        | WARNING|'slow'"]),
    ])
    func everyConversionIsWrittenAsPythonWritesIt(format: String, expected: [String]) throws {
        #expect(try Self.lines(format) == expected)
    }

    /// `repr` and `ascii` of a message as Python writes them: the quote Python picks, escapes for a backslash and a
    /// quote, a character Python does not print (U+200B), and for `a` every non-ASCII one; a precision cuts the
    /// quoted text, counting code points. A tab and a NUL reach the format as the log writes every control character,
    /// `\t` and `\x00` (not U+FFFD), whose backslashes `repr` doubles as it doubles every one.
    @Test func reprAndAsciiOfAMessageAreQuotedAsPythonQuotesThem() throws {
        let message = "it's \"q\"\u{0}\tä\u{200B}😀\\"
        let format = "%(message)r|%(message)a|%(message).6r|%(message)20.3a|"
        let lines = try Self.lines(format, messages: (message, "it's"))
        #expect(lines == [
            #"'it\'s "q"\\x00\\tä\u200b😀\\'|'it\'s "q"\\x00\\t\xe4\u200b\U0001f600\\'|'it\'s|"#
                + #"                 'it|"#,
            #""it's"|"it's"|"it's"|                 "it|"#,
        ])
    }

    /// A format Python's logging refuses, or that it would fail to write on every line, or that prx cannot write, is
    /// refused when read, naming what is wrong: a source position prx does not have, a stray `%`, a conversion of no
    /// type, an unknown type or a `*` width, two length modifiers (Python's "unsupported format character 'l'", which
    /// prx took), a number conversion of text, a whole-number conversion of a fraction, a format with no field.
    @Test(arguments: [
        ("%(lineno)d %(message)s", "unknown attribute %(lineno)"),
        ("50% done: %(message)s", "a % must start a %(attribute)s field or be written %% (at '% done: %(message)s')"),
        ("%(message)q", "%(message) needs a conversion: flags -0+ #, a width, a .precision, one of h l L, then one "
            + "of d i o u x X e E f F g G c r s a (at '%(message)q')"),
        ("%(levelno)lld", "%(levelno) needs a conversion"),
        ("%(levelno)hhd", "%(levelno) needs a conversion"),
        ("%(levelno)lLd", "%(levelno) needs a conversion"),
        ("%(levelno)l", "%(levelno) needs a conversion"),
        ("%(levelno)*d", "%(levelno) needs a conversion"),
        ("%(levelno)%", "%(levelno) needs a conversion"),
        ("%(levelno)5", "%(levelno) needs a conversion"),
        ("%(levelname)d", "%(levelname) is text: write it with s, r or a (at '%(levelname)d')"),
        ("%(message)c", "%(message) is text: write it with s, r or a"),
        ("%(threadName)e", "%(threadName) is text: write it with s, r or a"),
        ("%(created)x", "%(created) is not a whole number: write it with d, i, u, e, E, f, F, g, G, s, r or a"),
        ("%(msecs)c", "%(msecs) is not a whole number"),
        ("hello", "there is no %(attribute) field, as Python's logging needs one (%(message)s)"),
        ("%(message", "a % must start a %(attribute)s field"),
    ])
    func aFormatPRXCannotWriteIsRefused(format: String, problem: String) {
        #expect {
            _ = try LogLineFormat(parsing: format)
        } throws: { error in
            "\(error)".hasPrefix(problem)
        }
    }
}
