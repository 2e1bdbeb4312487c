import Foundation
import PRXTesting
import Testing

/// What a recipe's Lua code can do to prx itself.
@Suite(.runsProcesses) struct RecipeSandboxTests {
    /// A Lua 5.4 precompiled chunk of `function(a, b) local t = {a, b}; return t[1] + t[2], #t end` (its
    /// `string.dump`, stripped), as Lua escapes its bytes.
    static let binaryChunk = #"\27\76\117\97\84\0\25\147\13\10\26\10\4\8\8\120\86\0\0\0\0\0\0\0\0\0\0\0\40\119\64\0"#
        + #"\128\129\129\2\0\5\140\19\1\0\2\82\0\0\0\128\1\0\0\0\2\1\0\78\1\2\0\141\1\2\1\13\2\2\2\162\1\3\4\174\1\4"#
        + #"\6\52\2\2\0\198\1\3\0\199\1\1\0\128\128\128\128\128\128\128"#

    /// `load` of malformed precompiled chunks in `on_finish` crashed prx (exit 139), losing the summary of the
    /// results already produced: a recipe loads text chunks only, so each gives `nil` and the run ends as usual.
    @Test func malformedBinaryChunksCannotCrashPRX() async throws {
        let bench = try Workbench()
        defer { bench.root.remove() }
        try bench.root.write("recipe.lua", """
            prx.config { workers = 2 }
            prx.task { sh = "echo quick", name = "quick" }
            prx.task { sh = "sleep 1", name = "slow" }
            prx.on_finish(function(t, r)
              if t.name ~= "quick" then return end
              local s, loaded = "\(Self.binaryChunk)", 0
              math.randomseed(1)
              for i = 1, 2000 do
                local pos = math.random(40, #s)
                local f = load(s:sub(1, pos - 1) .. string.char(math.random(0, 255)) .. s:sub(pos + 1), "x")
                if f then loaded = loaded + 1; pcall(f, 1, 2) end
              end
              print("loaded", loaded, select(2, load(s)), string.dump)
            end)
            """)
        let outcome = try await bench.prx(["run", "recipe.lua", "-r"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("loaded\t0\tattempt to load a binary chunk (mode is 't')\tnil\n"))
        let rows = try await bench.summaryRecords().map { "\($0["task_file"]!) \($0["status"]!)" }
        #expect(rows == ["quick SUCCESS", "slow SUCCESS"])
    }
}
