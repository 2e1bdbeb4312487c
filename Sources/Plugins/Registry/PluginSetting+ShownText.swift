import Foundation

extension PluginSetting {
    /// `text`, a setting's default or one of the words its bounds allow, as `prx plugins` and a refusal show it: as it
    /// is, or in double quotes when it would not show as itself: empty (`""`), with whitespace at either end (`" "`),
    /// or holding a control character, written as an escape (`"\t"`, as prx writes one everywhere:
    /// ``ControlCharacterEscaping``).
    public static func shown(_ text: String) -> String {
        let escaped = ControlCharacterEscaping.escaped(text)
        let plain = !text.isEmpty && text.trimmingCharacters(in: .whitespaces) == text && escaped == text
        return plain ? text : "\"\(escaped)\""
    }
}
