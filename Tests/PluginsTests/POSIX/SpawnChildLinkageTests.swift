#if os(Linux)
import Foundation
import PRXTesting
import Testing

/// The spawn's child (`spawn_child*` in `Sources/CSystem/spawn.c`) calls no function through the procedure linkage
/// table: its first such call would run the dynamic linker's lazy binding in the child, which shares prx's memory,
/// on the spawning thread's thread pointer. The file's own loops stand in for `strlen`, `strchrnul` and `memcpy`,
/// and a compiler must not turn them back into calls: checked on the file compiled with `-O2` by each C compiler
/// here, clang (which builds prx) and `cc` (GCC on Debian, which builds the benchmark's contract floor and ignored
/// clang's `no_builtin`, calling `strlen` and `memcpy` from the child).
@Suite(.runsProcesses, .enabled("no objdump to read the compiled spawn") { FileManager.default.fileExists(
    atPath: "/usr/bin/objdump") })
struct SpawnChildLinkageTests {
    /// `Sources/CSystem`, found from this file's path.
    private static var sourceDirectory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/CSystem")
    }

    /// The C compilers to check: those of these that are installed.
    static let compilers = ["cc", "clang"].filter { name in
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains { directory in
            FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)")
        }
    }

    /// The relocations of a call to a function defined elsewhere (through the linkage table or the global offset
    /// table), on x86-64 and AArch64; a reference to the file's own constants (`R_X86_64_PC32 .LC0`) is none.
    private static let callRelocations = ["PLT32", "GOTPCREL", "CALL26", "JUMP26"]

    @Test(arguments: compilers)
    func theChildCallsNoLibraryFunction(compiler: String) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let object = directory.file("spawn.o")
        let source = Self.sourceDirectory.appendingPathComponent("spawn.c").path
        let include = Self.sourceDirectory.appendingPathComponent("include").path
        let compiled = try await PRXProcess.run(
            [compiler, "-O2", "-I", include, "-c", source, "-o", object], executable: "/usr/bin/env",
            home: directory.path)
        #expect(compiled.status == 0, "\(compiled.stderr)")
        let listing = try await PRXProcess.run(
            ["objdump", "-dr", object], executable: "/usr/bin/env", home: directory.path)
        #expect(listing.status == 0, "\(listing.stderr)")
        var function: String?
        var childFunctions: Set<String> = []
        var calls: [String] = []
        for line in listing.stdout.split(separator: "\n") {
            if let start = line.firstIndex(of: "<"), line.hasSuffix(">:") {
                function = String(line[line.index(after: start)..<line.index(line.endIndex, offsetBy: -2)])
                continue
            }
            guard let name = function, name.hasPrefix("spawn_child") else { continue }
            childFunctions.insert(name)
            if Self.callRelocations.contains(where: line.contains) { calls.append("\(name): \(line)") }
        }
        #expect(childFunctions.contains("spawn_child"), "\(childFunctions)")
        #expect(calls.isEmpty, "\(calls.joined(separator: "\n"))")
    }
}
#endif
