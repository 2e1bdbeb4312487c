import Foundation
import PRXTesting

/// The recipes of `examples/recipes/`, copied into a workbench so that running them writes nothing into the
/// repository.
enum RecipeExamples {
    /// The repository's `examples/recipes` directory, found from this file's path.
    static var directory: String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/recipes").path
    }

    /// Copies the example `name` into `bench`'s root; returns the copy's path.
    static func copy(_ name: String, into bench: Workbench) throws -> String {
        let target = bench.root.file(name)
        try FileManager.default.copyItem(atPath: directory + "/" + name, toPath: target)
        return target
    }
}

extension Workbench {
    /// Runs `prx arguments` in `directory`.
    func prx(_ arguments: [String], in directory: String) async throws -> PRXProcess.Outcome {
        try await PRXProcess.run(arguments, home: home, directory: directory)
    }
}
