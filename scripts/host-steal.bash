# scripts/host-steal.bash — sourced by the benchmarks: the share of CPU time the host stole from this virtual
# machine (its cores running another guest; "steal" in /proc/stat) over an interval. Above a few percent it makes
# every timed run slower and noisier, so the benchmarks print it beside their numbers.
#
#   host_steal_start            marks the start of the interval
#   host_steal_share            prints the stolen share of all CPU time since the mark, e.g. "9%"

# Stolen ticks and all ticks (user to steal) of all CPUs, so far.
host_steal_ticks() { awk '$1 == "cpu" { t = 0; for (i = 2; i <= 9; i++) t += $i; print $9, t }' /proc/stat; }

host_steal_start() { read -r host_steal_mark host_ticks_mark < <(host_steal_ticks); }

host_steal_share() {
    local steal ticks
    read -r steal ticks < <(host_steal_ticks)
    awk -v s=$((steal - host_steal_mark)) -v t=$((ticks - host_ticks_mark)) \
        'BEGIN { printf "%.0f%%", (t > 0 ? 100 * s / t : 0) }'
}
