import CLua

/// A Swift function Lua code can call: it receives the arguments and returns the results.
///
/// A thrown error becomes a Lua error that Lua code can catch: `pcall(f)` returns `false` and the error's
/// description (Lua prefixes `chunk:line: ` of the calling Lua code, as for `luaL_error`, when there is one).
/// An argument with a part that has no ``LuaValue`` form (a userdata such as `io.stdout`, a table that contains
/// itself) raises an error naming that part before the function runs: `prx.task: after is a table that contains
/// itself` for a function made with a name, `bad argument #1 (…)` for one without. The function may call back into
/// Lua through a ``LuaFunctionReference``.
public typealias LuaSwiftFunction = ([LuaValue]) throws -> [LuaValue]

/// What a Swift function says of its arguments' keys before it is told that a part of one has no ``LuaValue`` form:
/// given the arguments with each field whose value cannot be read `nil` (and each key that cannot be read left out),
/// it throws the function's own error for a key it does not know, so that `prx.config{ x = io.stdout }` is an unknown
/// setting `x`, not an unreadable value; returning, it lets the unreadable part be named.
public typealias LuaKeyCheck = ([LuaValue]) throws -> Void

/// A Swift function Lua code can call whose one result is an array it builds element by element: the body
/// receives the arguments and the ``LuaArrayElements`` it appends to, which go into the new Lua table in batches as
/// they come, so that a long array is never held whole in Swift as well (`prx.lines` of a million-line file).
/// Errors behave as for a ``LuaSwiftFunction``; the elements appended before one are dropped with the table.
public typealias LuaArrayFunction = ([LuaValue], _ elements: inout LuaArrayElements) throws -> Void

/// A Swift function Lua code can call that sets its one result itself (``LuaResult``), so that it can return what a
/// Lua function it calls returned without reading it into Swift (`prx.each_line`'s `parse`): the body receives the
/// result, `nil` unless it sets it, and no arguments, which are left unread (a generic `for` gives its iterator the
/// value it returned last, which may be one Swift cannot read). Errors behave as for a ``LuaSwiftFunction``.
public typealias LuaResultFunction = (_ result: LuaResult) throws -> Void

/// A Swift function Lua code can call whose one result is a handle (``LuaHandle``), a new table of two fields: the
/// body receives the arguments and returns it, and errors behave as for a ``LuaSwiftFunction``.
public typealias LuaHandleFunction = ([LuaValue]) throws -> LuaHandle

/// What Lua holds for a ``LuaSwiftFunction``: the closure and its state, retained by the userdata the C trampoline
/// closes over, and released by that userdata's `__gc` (see `clua_newswiftfunction` in the shim).
///
/// Lua errors never unwind through here: ``call`` answers the trampoline with a count or -1, and only the C
/// trampoline calls `lua_error`.
final class LuaSwiftFunctionBox {
    /// What the function is: one that returns its results, one that returns a handle, one that fills an array, or one
    /// that sets its result.
    enum Body {
        case values(LuaSwiftFunction)
        case handle(LuaHandleFunction)
        case array(LuaArrayFunction)
        case result(LuaResultFunction)
    }

    /// Weak: Lua owns the box, and the state owns Lua.
    private weak var state: LuaState?
    private let body: Body
    /// The function's name as Lua code calls it (`prx.task`), for the errors of its arguments.
    private let name: String?
    private let keyCheck: LuaKeyCheck?

    /// Creates the box for `body`, called from Lua in `state` by `name`, `keyCheck` checking its arguments' keys
    /// before an unreadable part of one is named.
    init(state: LuaState, body: Body, name: String?, keyCheck: LuaKeyCheck?) {
        self.state = state
        self.body = body
        self.name = name
        self.keyCheck = keyCheck
    }

    /// The trampoline's entry point: turns the opaque box back into the object and runs ``run(_:)``.
    static let call: clua_SwiftCall = { pointer, box in
        Unmanaged<LuaSwiftFunctionBox>.fromOpaque(box!).takeUnretainedValue().run(pointer!)
    }

    /// The `__gc` entry point: balances the retain taken when the function was pushed.
    static let release: clua_SwiftRelease = { box in
        Unmanaged<LuaSwiftFunctionBox>.fromOpaque(box!).release()
    }

    /// Reads the arguments `1...top` (but for a ``LuaResultFunction``), runs the body and pushes its results (the array
    /// it filled, the result it set), returning their count; on failure pushes the message and returns -1 for the
    /// trampoline to raise. What Lua is handed is made under `lua_pcall` (``LuaStack/push(_:)``): running out of memory
    /// there is a failure like any other, raised by the trampoline (`recipe.lua:3: not enough memory`), never a Lua
    /// error unwinding through this function.
    /// [-0, +(n|1), -] The corresponding C function is the `lua_CFunction` `clua_swiftfunction_trampoline`.
    private func run(_ pointer: OpaquePointer) -> Int32 {
        let stack = LuaStack(pointer, state: state)
        let top = lua_gettop(pointer)
        do {
            switch body {
            case .values(let body):
                let results = try body(try arguments(on: stack))
                try stack.push(results)
                return Int32(results.count)
            case .handle(let body):
                try stack.push(handle: try body(try arguments(on: stack)))
                return 1
            case .array(let body):
                let arguments = try arguments(on: stack)
                try stack.push(.table(LuaTable()))
                var elements = LuaArrayElements(stack: stack, table: top + 1)
                try body(arguments, &elements)
                try elements.finish()
                return 1
            case .result(let body):
                let result = LuaResult(stack: stack)
                try body(result)
                try result.finish()
                return 1
            }
        } catch {
            // What was made is dropped with the error (and collected at once when Lua ran out of memory: the error
            // the trampoline raises is a runtime error, after which nothing collects); the message is all it raises.
            lua_settop(pointer, top)
            if (error as? LuaError)?.reason == .memory { clua_collectgarbage(pointer) }
            stack.push(message: String(describing: error))
            return -1
        }
    }

    /// The arguments `1...top`. One with a part that has no Swift form is an error naming that part, after the key
    /// check has had its say (``LuaKeyCheck``).
    /// [-0, +0, -] The corresponding C function is `lua_gettop`.
    private func arguments(on stack: LuaStack) throws -> [LuaValue] {
        let count = lua_gettop(stack.pointer)
        var arguments: [LuaValue] = []
        arguments.reserveCapacity(Int(count))
        for index in stride(from: Int32(1), through: count, by: 1) {
            do throws(LuaError) {
                arguments.append(try stack.value(at: index))
            } catch {
                guard let failure = error.conversionFailure else { throw error }
                try keyCheck?((1...count).map(stack.valueWithoutUnreadableFields(at:)))
                throw LuaError(reason: .conversion, message: message(for: failure, inArgument: index, of: count))
            }
        }
        return arguments
    }

    /// The error of argument `index` of `count`, whose part `failure` names has no Swift form: `prx.task: after is a
    /// table that contains itself`, `prx.source: path in argument 2 is …`, `prx.write: argument 2 is …`; without a
    /// name, as Lua words an argument's error, `bad argument #1 (after is a table that contains itself)`.
    private func message(for failure: LuaConversionFailure, inArgument index: Int32, of count: Int32) -> String {
        guard let name else {
            return "bad argument #\(index) (\(failure.sentence(subject: nil)))"
        }
        let argument = failure.path.isEmpty || count > 1 ? "argument \(index)" : nil
        return "\(name): \(failure.sentence(subject: argument))"
    }
}
