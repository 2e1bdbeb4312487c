/// The lines of a file as `prx.lines` and `prx.each_line` give them to Lua, one at a time: each non-blank,
/// non-comment line as an array of its fields, or with a `parse` function, whatever it returns, left on the Lua stack
/// as it returns it, `nil` skipping the line.
///
/// It reads with the arguments file's reader (``ArgumentsFileReader``), so a line is trimmed and split as `-A`
/// and `-S` do. Errors name the Lua function, and for `parse` or a line that is not UTF-8, the file and line.
final class LuaLineReader {
    private let reader: ArgumentsFileReader
    private let parse: LuaFunctionReference?
    /// The Lua function's name, for messages.
    private let function: String

    /// Opens `path` with the options given to `function`: `sep`, a ``Separator`` name, or `parse`, a function.
    ///
    /// - Throws: ``RecipeError`` for an unknown separator, a `parse` that is no function, both `sep` and `parse`
    ///   (`parse` is given the whole line, so `sep` would be ignored), or a file that cannot be opened.
    init(path: String, options: LuaTable, function: String) throws(RecipeError) {
        if options["sep"] != .nil && options["parse"] != .nil {
            throw RecipeError("\(function): give sep or parse, not both (parse is given the whole line)")
        }
        var separator: Separator?
        if let name = options["sep"].stringValue {
            guard let named = Separator(rawValue: name) else {
                let valid = Separator.allCases.map(\.rawValue).joined(separator: ", ")
                throw RecipeError("\(function): unknown separator '\(name)' (valid: \(valid))")
            }
            separator = named
        } else if options["sep"] != .nil {
            throw RecipeError("\(function): sep must be a separator name such as \"comma\"")
        }
        parse = options["parse"].functionValue
        if options["parse"] != .nil && parse == nil {
            throw RecipeError("\(function): parse must be a function")
        }
        self.function = function
        do {
            reader = try ArgumentsFileReader(path: path, separator: separator)
        } catch {
            throw Self.readError(error, function)
        }
    }

    /// Sets `result` to the next line's value: its fields, or what `parse` returns for it, as `parse` returns it (the
    /// same table, with its metatable; a userdata), `nil` skipping the line. `false`, `result` left `nil`, at the end
    /// of the file.
    ///
    /// - Throws: ``RecipeError`` when the file cannot be read or `parse` fails, ``LuaError`` when Lua has no memory
    ///   left for the fields.
    func setNext(_ result: LuaResult) throws -> Bool {
        while let line = try nextLine() {
            guard let parse else {
                try result.set(strings: line.fields)
                return true
            }
            do {
                if try result.set(toResultOf: parse, with: [.string(line.text)]) { return true }
            } catch {
                throw parseFailure(error, on: line)
            }
        }
        return false
    }

    /// Appends the next line's value, as ``setNext(_:)`` gives it, to `elements`. `false` at the end of the file.
    ///
    /// - Throws: as ``setNext(_:)`` does, ``LuaError`` when Lua has no memory left for the elements.
    func appendNext(to elements: inout LuaArrayElements) throws -> Bool {
        while let line = try nextLine() {
            guard let parse else {
                try elements.append(strings: line.fields)
                return true
            }
            let appended = try elements.append(resultOf: parse, with: [.string(line.text)]) { error in
                parseFailure(error, on: line)
            }
            if appended { return true }
        }
        return false
    }

    /// The error of `parse` failing on `line`.
    private func parseFailure(_ error: LuaError, on line: ArgumentLine) -> RecipeError {
        RecipeError("\(function): parse failed on \(reader.path):\(line.number): \(error)")
    }

    /// The next line, UTF-8, or `nil` at the end of the file.
    private func nextLine() throws(RecipeError) -> ArgumentLine? {
        let next: ArgumentLine?
        do {
            next = try reader.next()
        } catch {
            throw Self.readError(error, function)
        }
        guard let line = next else { return nil }
        guard line.isUTF8 else { throw RecipeError("\(function): \(line.notUTF8Message(file: reader.path))") }
        return line
    }

    private static func readError(_ error: ArgumentsFileReader.ReadError, _ function: String) -> RecipeError {
        switch error {
        case .cannotOpen(let path, let reason): RecipeError("\(function): cannot open \(path): \(reason)")
        case .isDirectory(let path): RecipeError("\(function): \(path) is a directory")
        case .closedStandardStream(let path, let stream): RecipeError(stream.refusal(of: path, givenBy: function))
        case .readAhead(let path, let bytes):
            RecipeError(ArgumentsFileReader.ReadError.readAheadRefusal(of: path, bytes: bytes, givenBy: function))
        case .heldLuaCode(let path, let luaFile):
            RecipeError(ArgumentsFileReader.ReadError.heldLuaCodeRefusal(of: path, luaFile: luaFile, givenBy: function))
        case .cannotRead(let path, let line, let reason):
            RecipeError("\(function): cannot read \(path) after line \(line): \(reason)")
        case .unreadableLine(let path, let line, let reason):
            RecipeError("\(function): cannot read \(path) line \(line): \(reason)")
        }
    }
}
