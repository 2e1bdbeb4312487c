-- recipe.lua's line parser, "name : port" -> { name, port } (port 0: host down, line skipped), for flags mode
-- (its tasks run in the workspace, so name the script in full): prx -A hosts.txt --parser parse.lua -C "$PWD/deploy.sh @ARG_1@ @ARG_2@" -r
return function(line)
  local name, port = line:match("^(%S+)%s*:%s*(%d+)$")
  if not name then error("not 'name : port': " .. line) end
  if port == "0" then return nil end
  return { name, port }
end
