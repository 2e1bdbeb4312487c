-- Run a few checks, print every failure as it happens, and write a Markdown report when the run is done.
-- The exit status is 3 when a check failed, 0 when all passed: not the number of failures, whose 2 would read as
-- prx's bad usage (and 130 or 143 as a signal's), and 1 stays prx's own (a halt, a result it could not write).
prx.task { "true", name = "lint" }
prx.task { sh = "echo 'expected 3, got 4' >&2; exit 1", name = "unit" }
prx.task { sh = "echo ok", name = "integration" }
prx.task { "true", name = "package", after = { "unit" } }

prx.on_finish(function(task, r)
  if r.status ~= "SUCCESS" then print(task.name, r.status, r.exit_code, r.stderr) end
end)

prx.on_done(function(summary, results)
  local lines = {
    "# Check report", "",
    string.format("%d of %d succeeded.", summary.succeeded, summary.finished), "",
    "| task | status | exit code | seconds |",
    "| --- | --- | --- | --- |",
  }
  for _, r in ipairs(results) do
    lines[#lines + 1] = string.format("| %s | %s | %s | %.2f |", r.name, r.status, tostring(r.exit_code or "-"), r.duration)
  end
  prx.write("report.md", table.concat(lines, "\n") .. "\n")
  return summary.failures > 0 and 3 or 0
end)
