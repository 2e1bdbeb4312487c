-- A stop policy for flags mode:  prx -A shards.txt -C "sh -c @ARG@" --stop-policy policy.lua -m 1 -r
-- One worker runs the shards in turn, so the fourth is the third failure in a row and the fifth is cancelled;
-- with the default 20 workers all five start at once and there is nothing left to stop.
return function(s)
  if s.consecutive_failures >= 3 then
    return s.consecutive_failures .. " failures in a row, last " .. s.last.name
  end
end
