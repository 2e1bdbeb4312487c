/// A path's `/`s as the kernel finds them: byte by byte, a `/` wherever it stands. Swift's characters are not that: a
/// `/` followed by a combining mark or a joiner (`/\u{0301}x`) is one `Character`, which is not `/`, so that
/// `hasPrefix("/")` and `lastIndex(of: "/")` pass it by.
package enum PathSlashes {
    /// Whether `path` is absolute: its first byte is `/`.
    package static func isAbsolute(_ path: some StringProtocol) -> Bool {
        path.utf8.first == UInt8(ascii: "/")
    }

    /// Whether `path` ends in a `/`: its last byte is `/`.
    package static func endsWithSlash(_ path: String) -> Bool {
        path.utf8.last == UInt8(ascii: "/")
    }

    /// The non-empty components of `path`, split at each `/`.
    package static func components(of path: String) -> [Substring] {
        path.unicodeScalars.split(separator: "/").map(Substring.init)
    }

    /// `path` split at its last `/`: what is before it (empty for the `/` of `/name`) and the name after it; `nil`
    /// when `path` has no `/`.
    package static func splitAtLast(_ path: Substring) -> (directory: Substring, name: Substring)? {
        let scalars = path.unicodeScalars
        guard let slash = scalars.lastIndex(of: "/") else { return nil }
        return (Substring(scalars[..<slash]), Substring(scalars[scalars.index(after: slash)...]))
    }
}
