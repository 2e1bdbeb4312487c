-- A stop policy for flags mode:  prx -A shards.txt -C "sh -c @ARG@" --stop-policy policy.lua -r
return function(s)
  if s.consecutive_failures >= 3 then
    return s.consecutive_failures .. " failures in a row, last " .. s.last.name
  end
end
