-- Build once, run every test script in tests/ against the build, then deploy only if all tests pass.
-- Run: prx run recipe.lua -r            (add -- release to name the deployment channel)
prx.config { workers = 4, timeout = 60 }

local channel = prx.args[1] or "staging"

local build = prx.task { sh = "mkdir -p out && echo 'app v1.2' > out/app && echo v1.2", name = "build" }

-- deploy runs after the build and every test; its cmd function reads the results of these direct dependencies.
local deploy_after = { build }
for _, script in ipairs(prx.dir("tests", { ext = "sh" })) do
  local name = "test:" .. script:match("([^/]+)%.sh$")
  deploy_after[#deploy_after + 1] = prx.task { "/bin/sh", script, name = name, after = { build }, retries = 1 }
end

-- The deploy command is built when it starts, from the build's output (its version line).
prx.task {
  name = "deploy",
  after = deploy_after,
  env = { CHANNEL = channel },
  cmd = function(deps)
    local version = deps.build.stdout:match("(v[%d.]+)")
    return { sh = "echo \"deployed " .. version .. " to $CHANNEL\" > deployed.txt" }
  end,
}

-- Runs whatever happened to the tests, to leave the tree clean.
prx.task { sh = "rm -rf out", name = "clean", after = { "deploy" }, after_any = true }
