import PRXPlugins

extension LuaFilesReadWhileLoading.Read {
    /// The file as a file the run reads, which no result file may be (``ResultFileClaims``), named by the function
    /// that read it and its line: `prx.lines (recipe.lua:1)`.
    var inputFile: (path: String, origin: ResultFileClaims.Origin) {
        (path, .init(name: function, position: position))
    }
}
