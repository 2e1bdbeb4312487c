/// The `prx` functions that read and write files, shared by recipes and by the Lua files of `--parser`,
/// `--stop-policy` and `--hook`: `prx.lines`, `prx.each_line`, `prx.dir`, `prx.glob` and `prx.write`.
///
/// They reuse the flags' readers (``ArgumentsFileReader``, ``Separator``, ``TaskFileCollection``), and take
/// relative paths against one base directory: the recipe's (or the Lua file's) own.
struct LuaFileFunctions {
    /// What relative paths are relative to.
    var baseDirectory: String
    /// Where `prx.lines` and `prx.each_line` record the files they read while the Lua file loads.
    var filesRead: LuaFilesReadWhileLoading
    /// The files the run writes, which `prx.write` refuses.
    var writeGuard: LuaWriteGuard

    /// The functions as entries of the `prx` table, made in `state`.
    func entries(in state: LuaState) throws(LuaError) -> [LuaKey: LuaValue] {
        let open = try state.makeFunction(named: "prx.each_line") { [weak state] arguments in
            try openLines(arguments, in: state)
        }
        let eachLine = try state.load(string: Self.eachLineSource, name: "prx.each_line").call(.function(open))
        let readLines = try state.makeArrayFunction(named: "prx.lines") { [weak state] arguments, elements in
            try lines(arguments, &elements, calledAt: loadingCallerPosition(in: state))
        }
        return [
            "lines": .function(readLines),
            "each_line": eachLine.first ?? .nil,
            "dir": .function(try state.makeFunction(named: "prx.dir") { [weak state] in
                try directory($0, calledAt: loadingCallerPosition(in: state))
            }),
            "glob": .function(try state.makeFunction(named: "prx.glob") { [weak state] in
                try glob($0, calledAt: loadingCallerPosition(in: state))
            }),
            "write": .function(try state.makeFunction(named: "prx.write") { [weak state] in
                try write($0, calledAt: loadingCallerPosition(in: state))
            }),
        ]
    }

    /// Where the Lua code calling is (``LuaState/callerPosition(sharing:level:)``) while it loads, when a read, a
    /// listing or a write is recorded with it; `nil` as the run goes, when none is (a hook calling `prx.lines` for
    /// each task looks up no position).
    private func loadingCallerPosition(in state: LuaState?, level: Int32 = 1) -> LuaSourcePosition? {
        filesRead.isLoading ? state?.callerPosition(level: level) : nil
    }

    /// `prx.lines(file [, { sep = "comma" | parse = fn }])`: the non-blank, non-comment lines as field arrays;
    /// with `parse`, whatever `parse(line)` returns for each line, as it returns it (the same table, with its
    /// metatable), `nil` skipping it. Each goes into the Lua array as it is read. The file is recorded as read at
    /// `position` (``filesRead``).
    private func lines(
        _ arguments: [LuaValue], _ elements: inout LuaArrayElements, calledAt position: LuaSourcePosition?
    ) throws {
        let lines = try lineReader(arguments, "prx.lines", calledAt: position)
        while try lines.appendNext(to: &elements) {}
    }

    /// `prx.each_line(file [, options])`: the values `prx.lines` gives, one per step of a generic `for`, the file
    /// read as the loop goes. Lua around ``openLines(_:in:)`` adds the `for`'s closing value, so that a loop
    /// left early (`break`, an error) closes the file at once, and raises an error at the caller's line (called
    /// by `pcall`, a C function, the Swift function's message carries no position of its own).
    private static let eachLineSource = """
        local open, setmetatable, pcall, error = ..., setmetatable, pcall, error
        return function(...)
          local ok, next_value, close = pcall(open, ...)
          if not ok then error(next_value, 2) end
          return next_value, nil, nil, setmetatable({}, { __close = close })
        end
        """

    /// Opens the file of `prx.each_line` and returns its iterator, which gives the next value or `nil` at the
    /// end (the file closed then), and a function that closes the file. The file is recorded as read at the `for`
    /// line (``filesRead``): three levels up, past `pcall` and the Lua around this function.
    private func openLines(_ arguments: [LuaValue], in state: LuaState?) throws -> [LuaValue] {
        guard let state else {
            throw LuaError(reason: .stateClosed, message: "prx.each_line: the Lua state is closing")
        }
        var lines: LuaLineReader? = try lineReader(
            arguments, "prx.each_line", calledAt: loadingCallerPosition(in: state, level: 3))
        let iterator = try state.makeResultFunction { result in
            if try lines?.setNext(result) != true { lines = nil }
        }
        let close = try state.makeFunction { _ in
            lines = nil
            return []
        }
        return [.function(iterator), .function(close)]
    }

    /// `prx.dir(path [, { ext = "sh,txt" }])`: the regular files directly in a directory, absolute, sorted; they are
    /// recorded as listed at `position` (``filesRead``).
    private func directory(_ arguments: [LuaValue], calledAt position: LuaSourcePosition?) throws -> [LuaValue] {
        let path = try self.path(arguments, "prx.dir")
        let filter = try extensions(arguments, "prx.dir")
        return try files("prx.dir", calledAt: position) { () throws(TaskFileCollection.CollectionError) in
            try TaskFileCollection.directory(path, extensions: filter, baseDirectory: baseDirectory)
        }
    }

    /// `prx.glob(pattern [, { ext = "sh" }])`: the regular files a shell pattern matches, absolute, sorted; they are
    /// recorded as listed at `position` (``filesRead``).
    private func glob(_ arguments: [LuaValue], calledAt position: LuaSourcePosition?) throws -> [LuaValue] {
        let pattern = try self.path(arguments, "prx.glob")
        let filter = try extensions(arguments, "prx.glob")
        return try files("prx.glob", calledAt: position) { () throws(TaskFileCollection.CollectionError) in
            try TaskFileCollection.matching(pattern, extensions: filter, baseDirectory: baseDirectory)
        }
    }

    /// `prx.write(path, text)`: creates or replaces a file with `text` (the one way a recipe writes files), unless the
    /// run writes that file or reads it by its path (``writeGuard``), or the path names a descriptor prx was started
    /// without (``ClosedStandardStream``: `/dev/fd/13`, which reaches one of prx's own, such as the pipe a signal
    /// wakes it through, or `/dev/stdout` closed as prx started); a file written as the Lua code loads is recorded
    /// with the line that wrote it, `position`, for the command to check against the run's files once they are known.
    ///
    /// Written with `open(2)` and `write(2)` as the sinks write, so that a failure reads as the system's reason
    /// (`Is a directory`), not as Foundation's ("The operation could not be completed").
    private func write(_ arguments: [LuaValue], calledAt position: LuaSourcePosition?) throws -> [LuaValue] {
        let path = try self.path(arguments, "prx.write")
        guard arguments.count == 2, let text = arguments[1].stringValue else {
            throw RecipeError("prx.write takes a path and a string")
        }
        // A descriptor prx was not started with is one of its own (a signal's pipe, a result file) or none.
        if let stream = ClosedStandardStream(namedBy: path) {
            throw RecipeError(stream.refusal(of: path, givenBy: "prx.write"))
        }
        if let claim = writeGuard.claim(of: path) { throw RecipeError(claim.refusal(ofWriting: path)) }
        do {
            try WriteThroughFile(path: path, mode: .truncate).append(text)
        } catch {
            throw RecipeError("prx.write: cannot write \(path): \(error.reason)")
        }
        if filesRead.isLoading { writeGuard.recordWriteWhileLoading(path, at: position) }
        return []
    }

    // MARK: Arguments

    /// The reader of `prx.lines` and `prx.each_line`: a path, then `{ sep = … }` or `{ parse = fn }`; its file
    /// recorded as read by `function` at `position` once it is open.
    private func lineReader(_ arguments: [LuaValue], _ function: String, calledAt position: LuaSourcePosition?)
        throws(RecipeError) -> LuaLineReader
    {
        let path = try path(arguments, function)
        let reader = try LuaLineReader(
            path: path, options: options(arguments, function, valid: ["sep", "parse"]), function: function)
        filesRead.record(path, by: function, at: position)
        return reader
    }

    private func path(_ arguments: [LuaValue], _ function: String) throws(RecipeError) -> String {
        guard let path = arguments.first?.stringValue, !path.isEmpty else {
            throw RecipeError("\(function) takes a path as its first argument")
        }
        // The system would take the path as cut at its NUL: another file than the one named.
        guard !path.utf8.contains(0) else { throw RecipeError("\(function): the path contains a NUL byte") }
        return SourceFileSystem.absolutePath(path, base: baseDirectory)
    }

    private func options(_ arguments: [LuaValue], _ function: String, valid: Set<String>) throws(RecipeError)
        -> LuaTable
    {
        guard arguments.count > 1, arguments[1] != .nil else { return LuaTable() }
        guard let table = arguments[1].tableValue, table.array.isEmpty,
            table.map.keys.allSatisfy({ if case .string(let key) = $0 { valid.contains(key) } else { false } })
        else {
            throw RecipeError("\(function): options must be a table with \(valid.sorted().joined(separator: ", "))")
        }
        return table
    }

    private func extensions(_ arguments: [LuaValue], _ function: String) throws(RecipeError) -> FileExtensionFilter? {
        let options = try options(arguments, function, valid: ["ext"])
        if options["ext"] == .nil { return nil }
        guard let list = options["ext"].stringValue else {
            throw RecipeError("\(function): ext must be a string such as \"sh,txt\"")
        }
        do {
            return try FileExtensionFilter(parsing: list)
        } catch {
            throw RecipeError(error.described { _ in "\(function): ext" })
        }
    }

    /// The collection's files as a Lua array, recorded as listed by `function` at `position`; finding none is an empty
    /// array, not an error, and a file whose name is not UTF-8 (one the `ext` filter keeps) is an error naming it, as
    /// prx takes no other text.
    private func files(
        _ function: String, calledAt position: LuaSourcePosition?,
        _ collect: () throws(TaskFileCollection.CollectionError) -> TaskFileCollection
    ) throws(RecipeError) -> [LuaValue] {
        let files: TaskFileList
        do {
            files = try collect().files
        } catch {
            switch error {
            case .noTaskFiles, .noMatch: return [.table(LuaTable())]
            case .notFound(let path): throw RecipeError("\(function): \(path) does not exist")
            case .notDirectory(let path): throw RecipeError("\(function): \(path) is not a directory")
            case .unreadable(let path, let reason): throw RecipeError("\(function): cannot read \(path): \(reason)")
            case .relativeWithoutDirectory(let path):
                throw RecipeError("\(function): \(path) is relative, and the directory prx runs in was deleted")
            case .relativeInNonUTF8Directory(let path, let directory):
                throw RecipeError(
                    "\(function): \(path) is relative, and the directory prx runs in is not UTF-8 (it reads "
                        + "'\(directory)')")
            }
        }
        var paths: [String] = []
        paths.reserveCapacity(files.count)
        for index in files.indices {
            guard let file = files.utf8Path(at: index) else {
                let name = files.escapedPath(at: index)
                throw RecipeError("\(function): the file name \(name) is not UTF-8; prx takes text as UTF-8")
            }
            paths.append(file)
        }
        filesRead.recordListed(paths, by: function, at: position)
        return [.table(LuaTable(array: paths.map(LuaValue.string)))]
    }
}
