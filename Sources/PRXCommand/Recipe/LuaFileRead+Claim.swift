import PRXPlugins

extension LuaFilesReadWhileLoading.Read {
    /// The file as a file the run reads, which no result file may be (``ResultFileClaims``), named by the function
    /// that read it and its line: `prx.lines (recipe.lua:1)`: one the Lua code read as it loaded, which it reads again
    /// each time it loads, or a task file `prx.dir` or `prx.glob` listed, which its task reads as the run goes.
    var inputFile: ResultFileClaims.InputFile {
        (path, .init(name: function, position: position), isListed ? .reads : .readWhileLoading)
    }
}
