import PRXPlugins
import Testing

/// A list setting's text form, the one `--set` gives: split at commas, the whitespace around each element and the
/// empty elements dropped, a backslash keeping a comma or a space; and a list written back in that form.
@Suite struct PluginSettingValueTests {
    @Test(arguments: [
        ("a,b", ["a", "b"]),
        (" a , b,,c ,", ["a", "b", "c"]),
        ("", []),
        (#"d\,1/*.sh"#, ["d,1/*.sh"]),
        (#"\ sp, b\ "#, [" sp", "b "]),
        (#"a\*,[ab]\?"#, [#"a\*"#, #"[ab]\?"#]),
        (#"a\\,b"#, [#"a\,b"#]),
        ("x y, z", ["x y", "z"]),
    ])
    func textIsSplitAtCommasOutsideBackslashes(text: String, elements: [String]) {
        #expect(PluginSettingValue.elements(ofText: text) == elements)
    }

    /// Every element that has no whitespace at its ends but spaces comes back as it was, whatever it holds.
    @Test(arguments: [["d,1/*.sh", " sp", "b ", "  "], ["a", "x y"], [#"a\*"#, "c,,d"], ["é,ü"]])
    func aListWrittenAsTextReadsBackTheSame(elements: [String]) {
        let text = PluginSettingValue.list(elements).description
        #expect(PluginSettingValue.elements(ofText: text) == elements, "\(text)")
    }

    /// A long element is read in time that grows with its length, not with its square: its scalars were counted
    /// again for each one kept, so that `-E` with one name of 100,000 letters took half a minute to check.
    @Test func aLongElementIsReadInTimeThatGrowsWithItsLength() {
        let name = String(repeating: "X", count: 200_000)
        let elapsed = ContinuousClock().measure {
            #expect(PluginSettingValue.elements(ofText: name) == [name])
        }
        #expect(elapsed < .seconds(10), "a name of 200,000 letters took \(elapsed)")
    }

    @Test func aListSettingReadsAListAsItWasGivenAndTextInTheSetForm() throws {
        let descriptor = PluginDescriptor(
            kind: .source, name: "files", summary: "files",
            settings: [
                PluginSetting("paths", .list, required: true, help: "paths"),
                PluginSetting("name", .string, bounds: .nonEmpty, help: "a name"),
            ])
        let list = try PluginSettings(for: descriptor, ["paths": .list(["d,1", " sp", ""])])
        #expect(list.list("paths") == ["d,1", " sp", ""])
        #expect(list.string("paths") == nil)
        let text = try PluginSettings(for: descriptor, ["paths": #"d\,1, \ sp,"#])
        #expect(text.list("paths") == ["d,1", " sp"])
        #expect(throws: PluginError("source 'files' needs the setting files.paths", missingSetting: "paths")) {
            try PluginSettings(for: descriptor, ["paths": .list([])]).checkRequired()
        }
        #expect(throws: PluginError("setting files.name must be a single value, not a list (got 'a,b\\,c')")) {
            try PluginSettings(for: descriptor, ["paths": "x", "name": .list(["a", "b,c"])])
        }
    }

    /// A list setting given as text held the whole text to the bounds of its elements: `--set x.codes=3,4` for
    /// elements from 0 to 255 was refused as `must be from 0 to 255 (got '3,4')`. Each element is held to them, as a
    /// list's are.
    @Test func eachElementOfAListGivenAsTextIsHeldToTheBounds() throws {
        let descriptor = PluginDescriptor(
            kind: .stopPolicy, name: "codes", summary: "codes",
            settings: [PluginSetting("codes", .list, bounds: .from(0, to: 255), help: "exit codes")])
        #expect(try PluginSettings(for: descriptor, ["codes": "3, 4"]).list("codes") == ["3", "4"])
        #expect(throws: PluginError("setting codes.codes must be from 0 to 255 (got '3,256')")) {
            try PluginSettings(for: descriptor, ["codes": "3,256"])
        }
    }
}
