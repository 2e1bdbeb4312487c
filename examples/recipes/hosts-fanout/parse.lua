-- A line parser: "name : port" -> { name, port }; a port of 0 means the host is down, so the line is skipped.
-- Used by recipe.lua, and by flags mode:  prx -A hosts.txt --parser parse.lua -C "./deploy.sh @ARG_1@ @ARG_2@" -r
return function(line)
  local name, port = line:match("^(%S+)%s*:%s*(%d+)$")
  if not name then error("not 'name : port': " .. line) end
  if port == "0" then return nil end
  return { name, port }
end
