-- Fan out a deployment to every host of hosts.txt, read with a custom parser, then collect the results.
prx.config { workers = 4, timeout = 60 }

local hosts = prx.lines("hosts.txt", { parse = function(line)
  local name, port = line:match("^(%S+)%s*:%s*(%d+)$")
  if port == "0" then return nil end -- down for maintenance
  return { name, port }
end })

local check = prx.task { "test", "-x", "deploy.sh", name = "check" }
for _, h in ipairs(hosts) do
  prx.task { "./deploy.sh", h[1], h[2], name = "deploy:" .. h[1],
             after = { check }, env = { HOST = h[1] }, timeout = 30, retries = 2 }
end
prx.task { sh = "cat deployed-*.txt > all-deployed.txt", name = "collect", after = prx.match("deploy:*") }
