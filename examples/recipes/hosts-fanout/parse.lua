-- A line parser: "name : port" -> { name, port }; a port of 0 means the host is down, so the line is skipped.
-- The parser recipe.lua writes inline, as a file for flags mode, whose tasks run in prx's workspace (so the
-- script is named by its full path):  prx -A hosts.txt --parser parse.lua -C "$PWD/deploy.sh @ARG_1@ @ARG_2@" -r
return function(line)
  local name, port = line:match("^(%S+)%s*:%s*(%d+)$")
  if not name then error("not 'name : port': " .. line) end
  if port == "0" then return nil end
  return { name, port }
end
