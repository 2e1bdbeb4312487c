-- scripts/bench-recipe.lua: the Lua recipe of the benchmarks' trivial tasks (scripts/bench, scripts/bench-ab):
-- `prx run scripts/bench-recipe.lua -r -m P -- N` runs N tasks of /bin/true, as flags mode does with -A.
local n = tonumber(prx.args[1])
for i = 1, n do prx.task { "/bin/true", tostring(i), name = "t" .. i } end
