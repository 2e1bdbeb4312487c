import Foundation

/// The `prx` functions that read and write files, shared by recipes and by the Lua files of `--parser`,
/// `--stop-policy` and `--hook`: `prx.lines`, `prx.dir`, `prx.glob` and `prx.write`.
///
/// They reuse the flags' readers (``ArgumentsFileReader``, ``Separator``, ``TaskFileCollection``), and take
/// relative paths against one base directory: the recipe's (or the Lua file's) own.
struct LuaFileFunctions {
    /// What relative paths are relative to.
    var baseDirectory: String

    /// The functions by their name in the `prx` table.
    var functions: [String: LuaSwiftFunction] {
        ["lines": lines, "dir": directory, "glob": glob, "write": write]
    }

    /// `prx.lines(file [, { sep = "comma" | parse = fn }])`: the non-blank, non-comment lines as field arrays;
    /// with `parse`, whatever `parse(line)` returns for each line, `nil` skipping it.
    private func lines(_ arguments: [LuaValue]) throws -> [LuaValue] {
        let path = try self.path(arguments, "prx.lines")
        let options = try self.options(arguments, "prx.lines", valid: ["sep", "parse"])
        var separator: Separator?
        if let name = options["sep"].stringValue {
            guard let named = Separator(rawValue: name) else {
                let valid = Separator.allCases.map(\.rawValue).joined(separator: ", ")
                throw RecipeError("prx.lines: unknown separator '\(name)' (valid: \(valid))")
            }
            separator = named
        } else if options["sep"] != .nil {
            throw RecipeError("prx.lines: sep must be a separator name such as \"comma\"")
        }
        let parse = options["parse"].functionValue
        if options["parse"] != .nil && parse == nil {
            throw RecipeError("prx.lines: parse must be a function")
        }
        let reader: ArgumentsFileReader
        do {
            reader = try ArgumentsFileReader(path: path, separator: separator)
        } catch {
            throw Self.readError(error)
        }
        var values: [LuaValue] = []
        while true {
            let next: ArgumentLine?
            do {
                next = try reader.next()
            } catch {
                throw Self.readError(error)
            }
            guard let line = next else { break }
            if let parse {
                let parsed: LuaValue
                do {
                    parsed = try parse.call(.string(line.text)).first ?? .nil
                } catch {
                    throw RecipeError("prx.lines: parse failed on \(reader.path):\(line.number): \(error)")
                }
                if parsed != .nil { values.append(parsed) }
            } else {
                values.append(.table(LuaTable(array: line.fields.map { .string($0) })))
            }
        }
        return [.table(LuaTable(array: values))]
    }

    /// `prx.dir(path [, { ext = "sh,txt" }])`: the regular files directly in a directory, absolute, sorted.
    private func directory(_ arguments: [LuaValue]) throws -> [LuaValue] {
        let path = try self.path(arguments, "prx.dir")
        let filter = try extensions(arguments, "prx.dir")
        return try files("prx.dir") { () throws(TaskFileCollection.CollectionError) in
            try TaskFileCollection.directory(path, extensions: filter, baseDirectory: baseDirectory)
        }
    }

    /// `prx.glob(pattern [, { ext = "sh" }])`: the regular files a shell pattern matches, absolute, sorted.
    private func glob(_ arguments: [LuaValue]) throws -> [LuaValue] {
        let pattern = try self.path(arguments, "prx.glob")
        let filter = try extensions(arguments, "prx.glob")
        return try files("prx.glob") { () throws(TaskFileCollection.CollectionError) in
            try TaskFileCollection.matching(pattern, extensions: filter, baseDirectory: baseDirectory)
        }
    }

    /// `prx.write(path, text)`: creates or replaces a file with `text` (the one way a recipe writes files).
    private func write(_ arguments: [LuaValue]) throws -> [LuaValue] {
        let path = try self.path(arguments, "prx.write")
        guard arguments.count == 2, let text = arguments[1].stringValue else {
            throw RecipeError("prx.write takes a path and a string")
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw RecipeError("prx.write: cannot write \(path): \(error.localizedDescription)")
        }
        return []
    }

    // MARK: Arguments

    private func path(_ arguments: [LuaValue], _ function: String) throws(RecipeError) -> String {
        guard let path = arguments.first?.stringValue, !path.isEmpty else {
            throw RecipeError("\(function) takes a path as its first argument")
        }
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
        return FileExtensionFilter(parsing: list)
    }

    /// The collection's files as a Lua array; finding none is an empty array, not an error.
    private func files(_ function: String, _ collect: () throws(TaskFileCollection.CollectionError) -> TaskFileCollection)
        throws(RecipeError) -> [LuaValue]
    {
        do {
            return [.table(LuaTable(array: try collect().files.map { .string($0) }))]
        } catch {
            switch error {
            case .noTaskFiles, .noMatch: return [.table(LuaTable())]
            case .notFound(let path): throw RecipeError("\(function): \(path) does not exist")
            case .notDirectory(let path): throw RecipeError("\(function): \(path) is not a directory")
            case .notFileOrDirectory(let path): throw RecipeError("\(function): \(path) is neither a file nor a directory")
            case .unreadable(let path, let reason): throw RecipeError("\(function): cannot read \(path): \(reason)")
            }
        }
    }

    private static func readError(_ error: ArgumentsFileReader.ReadError) -> RecipeError {
        switch error {
        case .cannotOpen(let path, let reason): RecipeError("prx.lines: cannot open \(path): \(reason)")
        case .isDirectory(let path): RecipeError("prx.lines: \(path) is a directory")
        case .cannotRead(let path, let line, let reason):
            RecipeError("prx.lines: cannot read \(path) after line \(line): \(reason)")
        }
    }
}
