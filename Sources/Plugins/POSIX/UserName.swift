#if os(Linux)
import Glibc

/// A user as a person reads it: `nobody (uid 65534)`, or `uid 1234` for an id the user database does not name.
package enum UserName {
    /// The name and id of user `id`, `name (uid ID)`, or `uid ID` when the user database has no such user.
    ///
    /// The corresponding C function is `getpwuid_r`.
    package static func described(_ id: uid_t) -> String {
        var entry = passwd()
        var found: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        let result = getpwuid_r(id, &entry, &buffer, buffer.count, &found)
        guard result == 0, found != nil, let name = entry.pw_name else { return "uid \(id)" }
        return "\(String(cString: name)) (uid \(id))"
    }
}
#endif
