# scripts/bench-windows.awk — the dispatch rate along one run, from its journal ($PRX_HOME/history/RUN.jsonl):
# task starts per second over each full window of `w` starts (awk -v w=10000). Prints the first window's rate,
# the median, the last, the lowest and the highest, or nothing when the run has fewer than two windows. The first
# window is an N=w run inside the long one, under the same load: scripts/bench compares it with the rest.
/"event":"task_started"/ {
    match($0, /"time":"[^"]*"/)
    split(substr($0, RSTART + 19, 15), clock, ":")
    seconds = clock[1] * 3600 + clock[2] * 60 + clock[3]
    if (count > 0 && seconds < previous) day += 86400
    previous = seconds
    if (count % w == 0) boundary[windows++] = seconds + day
    count++
}
END {
    if (windows < 3) exit
    for (i = 0; i + 1 < windows; i++) rate[i] = w / (boundary[i + 1] - boundary[i])
    n = windows - 1
    first = rate[0]; last = rate[n - 1]
    for (i = 1; i < n; i++) {
        v = rate[i]
        for (j = i - 1; j >= 0 && rate[j] > v; j--) rate[j + 1] = rate[j]
        rate[j + 1] = v
    }
    median = n % 2 ? rate[(n - 1) / 2] : (rate[n / 2 - 1] + rate[n / 2]) / 2
    printf "%.0f %.0f %.0f %.0f %.0f\n", first, median, last, rate[0], rate[n - 1]
}
