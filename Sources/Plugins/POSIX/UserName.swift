#if os(Linux)
import Glibc

/// A user as a person reads it: `nobody (uid 65534)`, or `uid 1234` for an id the user database does not name.
package enum UserName {
    /// The name and id of user `id`, `name (uid ID)`, or `uid ID` when the user database has no such user.
    package static func described(_ id: uid_t) -> String {
        name(of: id).map { "\($0) (uid \(id))" } ?? "uid \(id)"
    }

    /// The name of user `id`, `nobody`, or `uid ID` when the user database has no such user: the shortest words that
    /// tell the user.
    package static func short(_ id: uid_t) -> String {
        name(of: id) ?? "uid \(id)"
    }

    /// The name the user database gives user `id`; `nil` when it has no such user.
    ///
    /// The corresponding C function is `getpwuid_r`.
    package static func name(of id: uid_t) -> String? {
        var entry = passwd()
        var found: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        let result = getpwuid_r(id, &entry, &buffer, buffer.count, &found)
        guard result == 0, found != nil, let name = entry.pw_name else { return nil }
        return String(cString: name)
    }
}
#endif
