import Foundation
@testable import PRXPlugins
import Testing

@Suite struct JournalLineTests {
    @Test func readsTheMembersATaskLineHas() throws {
        let line = try #require(JournalLine(
            #"{"event":"task_finished","key":"00ff","id":12,"label":"a \"b\"\\c\n","exit_code":-3,"#
                + #""duration":0.25,"memory_mb":null,"stdout":"} ] { [ \" ,","feedback":{"step":"2","x":"{"},"#
                + #""arguments":[["nested",{"a":1}],2],"attempts":1}"# + "\n"))
        #expect(line.string("event") == "task_finished")
        #expect(line.string("label") == "a \"b\"\\c\n")
        #expect(line.integer("id") == 12)
        #expect(line.integer("exit_code") == -3)
        #expect(line.number("duration") == 0.25)
        #expect(line.integer("duration") == nil)
        #expect(line.number("memory_mb") == nil)
        #expect(line.string("stdout") == "} ] { [ \" ,")
        #expect(line.raw("feedback").map { String(decoding: $0, as: UTF8.self) } == #"{"step":"2","x":"{"}"#)
        #expect(line.integer("attempts") == 1)
        #expect(line.string("missing") == nil)
    }

    /// A string's end is the first quote after it that an even number of backslashes comes before (none, two, …),
    /// found with `memchr`: each string member reads as `JSONSerialization` reads it, a long one too.
    @Test func aStringEndsAtTheFirstQuoteNoBackslashEscapes() throws {
        let long = String(repeating: "x", count: 5_000)
        let text = #"{"a":"\\","b":"\\\"","c":"\"\\\\\"\\","d":"","e":"\#(long)\"\#(long)\\","f":1}"#
        let line = try #require(JournalLine(text))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        for key in ["a", "b", "c", "d", "e"] {
            #expect(line.string(key) == object[key] as? String, "\(key)")
        }
        #expect(line.integer("f") == 1)
        #expect(JournalLine(#"{"a":"\\\"}"#) == nil)
    }

    @Test func decodesUnicodeEscapesAndSurrogatePairs() throws {
        let line = try #require(JournalLine(#"{"label":"caf\u00e9 \ud83d\ude00 \u2603","plain":"café"}"#))
        #expect(line.string("label") == "café 😀 ☃")
        #expect(line.string("plain") == "café")
    }

    @Test(arguments: [
        "", "{", #"{"event":"task_fin"#, #"{"event":"task_finished","id":1"#, #"{"id":}"#, #"{"a":1}x"#,
        #"{"a":[1,2}"#, "[1]", #"{"a" 1}"#,
    ])
    func aLineThatIsNotOneWholeObjectIsNil(text: String) {
        #expect(JournalLine(text) == nil)
    }

    @Test func anEmptyObjectHasNoMembers() throws {
        let line = try #require(JournalLine(" {} \n"))
        #expect(line.raw("event") == nil)
    }

    /// The start of a line cut short (the first bytes of a journal) gives the members read whole, up to the cut; a
    /// number the cut may have shortened is left out.
    @Test func theStartOfALineGivesTheMembersBeforeTheCut() throws {
        let start = #"{"event":"run_started","time":"2026-11-25T14:30:15.000001+09:00","pid":123"#
        let line = try #require(JournalLine(startOf: ArraySlice(start.utf8)))
        #expect(line.string("event") == "run_started")
        #expect(line.string("time") == "2026-11-25T14:30:15.000001+09:00")
        #expect(line.raw("pid") == nil)
        #expect(JournalLine(startOf: ArraySlice(#"{"event":"run_sta"#.utf8))?.raw("event") == nil)
        #expect(JournalLine(startOf: ArraySlice(#"["event"]"#.utf8)) == nil)
    }
}
