-- The same report as hooks for flags mode:  prx -T checks -C "sh @TASK@" --hook hooks.lua -r
local failed = {}
return {
  on_finish = function(task, r)
    if r.status ~= "SUCCESS" then failed[#failed + 1] = task.name end
  end,
  on_done = function(summary, results)
    local lines = { "# Check report", "", #failed .. " failed", "" }
    for _, r in ipairs(results) do lines[#lines + 1] = "- " .. r.name .. ": " .. r.status end
    prx.write("report.md", table.concat(lines, "\n") .. "\n")
    return #failed > 0 and 3 or 0 -- as recipe.lua: 3 when a check failed, apart from prx's own 1 and 2
  end,
}
