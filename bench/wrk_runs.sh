# Sourced by the wrk comparisons (proxy_vs_nginx.sh, personalize_vs_nginx.sh):
# alternating wrk runs, their medians, the tact/nginx ratio, the CPU time
# each proxy spent per request, and peak memory.
# The script sets THREADS, CONNECTIONS, SECONDS_PER_RUN, ROUNDS, NGINX_MASTER
# (or PEER_PIDS: the processes in nginx's place, when they are not nginx's
# workers), TACT_PID, WRK_OPTIONS (an array of extra wrk options, e.g. -H headers) and
# defines url_of TARGET ROW.

# LATENCY_DETAIL=1: each run also prints its whole latency distribution
# (latency_percentiles.lua) to stderr, just above the line of the run it
# belongs to: to see the spread, not only p50 and p99.
LATENCY_SCRIPT=()
[ "${LATENCY_DETAIL:-}" = 1 ] && LATENCY_SCRIPT=(-s "$(dirname "${BASH_SOURCE[0]}")/latency_percentiles.lua")

# One wrk run against $1; prints "requests/s p50_ms p99_ms requests".
run_wrk() {
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "${LATENCY_SCRIPT[@]}" "${WRK_OPTIONS[@]}" "$1" | awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    / requests in / { n = $1 }
    /Non-2xx/ { bad = $NF }
    /^latency ms:/ { print "    " $0 > "/dev/stderr" }
    END { if (bad) print "warning: non-2xx responses: " bad > "/dev/stderr"; printf "%s %.3f %.3f %s\n", rps, p50, p99, n }'
}

peak_rss_kib() { awk '/VmHWM/ { print $2 }' "/proc/$1/status"; }
nginx_workers_peak_kib() {
  local total=0
  for pid in ${PEER_PIDS:-$(pgrep -P "$NGINX_MASTER")}; do total=$(( total > $(peak_rss_kib "$pid") ? total : $(peak_rss_kib "$pid") )); done
  echo "$total"
}
# CPU time in clock ticks that a target's processes have used so far, as
# "user system" (tact: all its threads; nginx: its workers). On a machine
# whose speed drifts, the CPU a request costs is steadier than requests/s, and
# it is what decides throughput once the cores are busy. User time is the
# proxy's own code; system time is mostly the kernel's TCP work on loopback.
cpu_ticks() {
  local pids pid fields user=0 system=0
  case "$1" in
    nginx) pids=${PEER_PIDS:-$(pgrep -P "$NGINX_MASTER")} ;;
    tact) pids=$TACT_PID ;;
    *) echo "0 0"; return ;;  # the bare origin: not measured
  esac
  for pid in $pids; do
    # The fields after "pid (command) ": utime and stime are the 12th and 13th.
    read -r -a fields < <(sed 's/^.*) //' "/proc/$pid/stat")
    user=$(( user + fields[11] )); system=$(( system + fields[12] ))
  done
  echo "$user $system"
}
CLOCK_TICKS=$(getconf CLK_TCK)

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2 }'; }

declare -A RESULTS
# measure "ROWS" "TARGETS": per row a warm-up of each target, then ROUNDS
# rounds in which the targets take turns, so drift in machine speed hits all
# alike; every other round in the reverse order, so that no target always
# runs right after another (whatever that leaves behind: caches, the origin's
# state, the CPU's clock) and comparisons paired by round are not biased by it.
measure() {
  local row target round order
  for row in $1; do
    for target in $2; do run_wrk "$(url_of "$target" "$row")" >/dev/null; done
    for round in $(seq "$ROUNDS"); do
      order=$2
      if (( round % 2 == 0 )); then order=$(printf '%s\n' $2 | tac | tr '\n' ' '); fi
      for target in $order; do
        local before after run
        before=$(cpu_ticks "$target")
        run=$(run_wrk "$(url_of "$target" "$row")")
        after=$(cpu_ticks "$target")
        # "requests/s p50 p99 CPU user system", CPU in microseconds per request
        RESULTS[$row,$target,$round]=$(awk -v r="$run" -v b="$before" -v a="$after" -v hz="$CLOCK_TICKS" \
          'BEGIN { split(r, f, " "); split(b, x, " "); split(a, y, " ")
                   u = (y[1] - x[1]) * 1e6 / hz / f[4]; s = (y[2] - x[2]) * 1e6 / hz / f[4]
                   printf "%s %s %s %.1f %.1f %.1f", f[1], f[2], f[3], u + s, u, s }')
        echo "  $row $target round $round: ${RESULTS[$row,$target,$round]}" >&2
      done
    done
  done
}

# The median over rounds of column $3 (1: requests/s, 2: p50, 3: p99, 4: CPU,
# 5: user, 6: system) of row $1, target $2.
column_median() {
  for r in $(seq "$ROUNDS"); do echo "${RESULTS[$1,$2,$r]}" | cut -d' ' -f"$3"; done | median
}
# A CPU figure, or "-" where none was measured (the bare origin).
cpu_figure() { awk -v c="$1" 'BEGIN { if (c > 0) printf "%.1f", c; else print "-" }'; }

# report LABEL "ROWS" "TARGETS": medians over rounds (each column its own, so
# user + system need not add up to the CPU column), tact/nginx per row, peak RSS.
report() {
  local row target rps p50 p99 cpu user system
  printf "%-6s %-7s %12s %9s %9s %12s %6s %6s\n" "$1" target "requests/s" "p50 ms" "p99 ms" "CPU us/req" user system
  for row in $2; do
    for target in $3; do
      rps=$(column_median "$row" "$target" 1)
      p50=$(column_median "$row" "$target" 2)
      p99=$(column_median "$row" "$target" 3)
      cpu=$(column_median "$row" "$target" 4)
      user=$(column_median "$row" "$target" 5)
      system=$(column_median "$row" "$target" 6)
      printf "%-6s %-7s %12.0f %9.3f %9.3f %12s %6s %6s\n" "$row" "$target" "$rps" "$p50" "$p99" \
        "$(cpu_figure "$cpu")" "$(cpu_figure "$user")" "$(cpu_figure "$system")"
      eval "RPS_${target}_${row}=$rps; P99_${target}_${row}=$p99; CPU_${target}_${row}=$cpu"
      eval "USER_${target}_${row}=$user; SYSTEM_${target}_${row}=$system"
    done
    awk -v t="$(eval echo \$RPS_tact_$row)" -v n="$(eval echo \$RPS_nginx_$row)" \
        -v tp="$(eval echo \$P99_tact_$row)" -v np="$(eval echo \$P99_nginx_$row)" -v s="$row" \
        -v tc="$(eval echo \$CPU_tact_$row)" -v nc="$(eval echo \$CPU_nginx_$row)" \
        -v tu="$(eval echo \$USER_tact_$row)" -v nu="$(eval echo \$USER_nginx_$row)" \
        -v ts="$(eval echo \$SYSTEM_tact_$row)" -v ns="$(eval echo \$SYSTEM_nginx_$row)" \
        'function ratio(a, b) { return b > 0 ? sprintf("%.2fx", a / b) : "-" }
         BEGIN { printf "%-6s tact/nginx throughput %s, p99 difference %+.3f ms, CPU per request %s (user %s, system %s)\n",
                        s, ratio(t, n), tp - np, ratio(tc, nc), ratio(tu, nu), ratio(ts, ns) }'
  done
  echo "peak RSS: tact $(( $(peak_rss_kib "$TACT_PID") / 1024 )) MiB, nginx proxy (largest worker) $(( $(nginx_workers_peak_kib) / 1024 )) MiB"
}
