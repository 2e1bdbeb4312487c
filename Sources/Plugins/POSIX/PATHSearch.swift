#if os(Linux)
import Glibc

/// The files a search of a `PATH` tries for a program named without a slash, in order, as the `local` executor's
/// search (`spawn.c`) tries them: for the dry run, which foretells the search, and for the words of a start that
/// failed (``BadInterpreter``), which retell it.
package enum PATHSearch {
    /// The path of `program` in each entry of `searchPath`; `nil` in the place of an empty or relative entry when
    /// there is no `directory` to take it from, where the search cannot be foretold.
    ///
    /// An empty entry is the current directory, as for `execvp`, and a relative one is taken from it too: the task's
    /// `directory`. `searchPath` is split at each `:` code point, as the spawner splits it at each `:` byte (a `:`
    /// followed by a combining mark is one `Character`); an entry whose path would not fit the spawner's buffer is
    /// left out, as the spawner passes it over.
    package static func paths(of program: String, in searchPath: String, directory: String?) -> [String?] {
        let entries = searchPath.unicodeScalars.split(separator: ":", omittingEmptySubsequences: false)
        return entries.map(Substring.init).compactMap { entry -> String?? in
            guard entry.utf8.count + program.utf8.count + 2 <= PATH_MAX else { return nil }
            if PathSlashes.isAbsolute(entry) { return .some(entry + "/" + program) }
            guard let directory else { return .some(nil) }
            return .some((entry.isEmpty ? directory : directory + "/" + entry) + "/" + program)
        }
    }
}
#endif
