import PRXPlugins

extension LuaFilesReadWhileLoading.Read {
    /// The file as a file the run reads, which no result file may empty (``ResultFileClaims``), named by the function
    /// that read it and its line: `prx.lines (recipe.lua:1)`. One the Lua code read as it loaded may be added to; a
    /// task file `prx.dir` or `prx.glob` listed, which its task reads as the run goes, may not.
    var inputFile: ResultFileClaims.InputFile {
        (path, .init(name: function, position: position), isListed ? .reads : .readWhileLoading)
    }
}
