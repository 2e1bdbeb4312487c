-- Probe many shards; stop early once too many fail, with the reason in the summary.
prx.config { workers = 1 }

for i = 1, 20 do
  -- shards 3 to 8 are broken
  local broken = i >= 3 and i <= 8
  prx.task { sh = broken and "exit 3" or ("echo shard " .. i .. " >> probed.txt"), name = "shard" .. i }
end

prx.stop_when(function(s)
  if s.consecutive_failures >= 3 then
    return s.consecutive_failures .. " failures in a row, last " .. s.last.name
  end
  return s.finished >= 10 and s.failed / s.finished > 0.3
end)
