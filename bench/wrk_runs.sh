# Sourced by the wrk comparisons (proxy_vs_nginx.sh, personalize_vs_nginx.sh):
# alternating wrk runs, their medians, the tact/nginx ratio and peak memory.
# The script sets THREADS, CONNECTIONS, SECONDS_PER_RUN, ROUNDS, NGINX_MASTER,
# TACT_PID, WRK_OPTIONS (an array of extra wrk options, e.g. -H headers) and
# defines url_of TARGET ROW.

# One wrk run against $1; prints "requests/s p50_ms p99_ms".
run_wrk() {
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "${WRK_OPTIONS[@]}" "$1" | awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { if (bad) print "warning: non-2xx responses: " bad > "/dev/stderr"; printf "%s %.3f %.3f\n", rps, p50, p99 }'
}

peak_rss_kib() { awk '/VmHWM/ { print $2 }' "/proc/$1/status"; }
nginx_workers_peak_kib() {
  local total=0
  for pid in $(pgrep -P "$NGINX_MASTER"); do total=$(( total > $(peak_rss_kib "$pid") ? total : $(peak_rss_kib "$pid") )); done
  echo "$total"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2 }'; }

declare -A RESULTS
# measure "ROWS" "TARGETS": per row a warm-up of each target, then ROUNDS
# rounds in which the targets take turns, so drift in machine speed hits all alike.
measure() {
  local row target round
  for row in $1; do
    for target in $2; do run_wrk "$(url_of "$target" "$row")" >/dev/null; done
    for round in $(seq "$ROUNDS"); do
      for target in $2; do
        RESULTS[$row,$target,$round]=$(run_wrk "$(url_of "$target" "$row")")
        echo "  $row $target round $round: ${RESULTS[$row,$target,$round]}" >&2
      done
    done
  done
}

# report LABEL "ROWS" "TARGETS": medians over rounds, tact/nginx per row, peak RSS.
report() {
  local row target rps p50 p99
  printf "%-6s %-7s %12s %9s %9s\n" "$1" target "requests/s" "p50 ms" "p99 ms"
  for row in $2; do
    for target in $3; do
      rps=$(for r in $(seq "$ROUNDS"); do echo "${RESULTS[$row,$target,$r]}" | cut -d' ' -f1; done | median)
      p50=$(for r in $(seq "$ROUNDS"); do echo "${RESULTS[$row,$target,$r]}" | cut -d' ' -f2; done | median)
      p99=$(for r in $(seq "$ROUNDS"); do echo "${RESULTS[$row,$target,$r]}" | cut -d' ' -f3; done | median)
      printf "%-6s %-7s %12.0f %9.3f %9.3f\n" "$row" "$target" "$rps" "$p50" "$p99"
      eval "RPS_${target}_${row}=$rps; P99_${target}_${row}=$p99"
    done
    awk -v t="$(eval echo \$RPS_tact_$row)" -v n="$(eval echo \$RPS_nginx_$row)" \
        -v tp="$(eval echo \$P99_tact_$row)" -v np="$(eval echo \$P99_nginx_$row)" -v s="$row" \
        'BEGIN { printf "%-6s tact/nginx throughput %.2fx, p99 difference %+.3f ms\n", s, t / n, tp - np }'
  done
  echo "peak RSS: tact $(( $(peak_rss_kib "$TACT_PID") / 1024 )) MiB, nginx proxy (largest worker) $(( $(nginx_workers_peak_kib) / 1024 )) MiB"
}
