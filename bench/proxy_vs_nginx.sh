#!/usr/bin/env bash
# Throughput and latency of tact against Debian's nginx as a plain reverse
# proxy, both in front of the same static nginx origin, all on loopback.
#
#   bench/proxy_vs_nginx.sh [path/to/tact] [seconds-per-run] [rounds]
#
# wrk (64 connections, keep-alive) is run against (a) the origin directly,
# (b) nginx proxy_pass with keep-alive upstreams, (c) tact; the three are
# alternated in every round so that drift in machine speed hits all alike.
# The table gives the median over rounds of requests/s and p50/p99 latency,
# peak RSS of each proxy, and the tact/nginx ratio.
#
# TACT_PIPELINE=full runs tact as deployed: GeoIP (the generated test
# database), the shipped policies and a decision log sampled at 1%; every
# request then says it comes from 192.0.2.10 (Munich, GDPR) through a trusted
# X-Forwarded-For, to all three targets alike.
set -euo pipefail

TACT=${1:-build/gateway/tact}
SECONDS_PER_RUN=${2:-8}
ROUNDS=${3:-3}
CONNECTIONS=64
THREADS=2
WORKERS=2

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "nginx is missing: apt-get install nginx-light" >&2; exit 1; }
[ -x "$TACT" ] || { echo "no tact binary at $TACT: run 'make build' first" >&2; exit 1; }
TACT=$(realpath "$TACT")

WORK=$(mktemp -d /tmp/tact-bench.XXXXXX)
chmod 755 "$WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

source "$(dirname "$0")/ports.sh"

ORIGIN_PORT=$(free_port); NGINX_PORT=$(free_port); TACT_PORT=$(free_port)
mkdir -p "$WORK/site" "$WORK/origin" "$WORK/proxy"
head -c 1024 /dev/urandom > "$WORK/site/1k.bin"
head -c 102400 /dev/urandom > "$WORK/site/100k.bin"

cat > "$WORK/origin/nginx.conf" <<CONF
user root;
worker_processes 1;
pid $WORK/origin/nginx.pid;
error_log $WORK/origin/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$ORIGIN_PORT; root $WORK/site; }
}
CONF

cat > "$WORK/proxy/nginx.conf" <<CONF
user root;
worker_processes $WORKERS;
pid $WORK/proxy/nginx.pid;
error_log $WORK/proxy/error.log;
events { worker_connections 4096; }
http {
  access_log $WORK/proxy/access.log combined buffer=64k flush=1s;
  keepalive_requests 1000000;
  upstream origin { server 127.0.0.1:$ORIGIN_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$remote_addr;
    }
  }
}
CONF

PIPELINE_CONF=""
WRK_HEADER=()
if [ "${TACT_PIPELINE:-}" = full ]; then
  REPO=$(cd "$(dirname "$0")/.." && pwd)
  GEOIP_DB=$(dirname "$(dirname "$TACT")")/geoip/testdata/test-city.mmdb
  [ -f "$GEOIP_DB" ] || { echo "no test GeoIP database at $GEOIP_DB: build first" >&2; exit 1; }
  PIPELINE_CONF=",
  \"geoip\": { \"database\": \"$GEOIP_DB\" },
  \"trusted_proxies\": [\"127.0.0.0/8\"],
  \"policies\": { \"directory\": \"$REPO/policies\",
                  \"decision_log\": { \"path\": \"$WORK/decisions.log\", \"sample_rate\": 0.01 } }"
  WRK_HEADER=(-H "X-Forwarded-For: 192.0.2.10")
fi

cat > "$WORK/tact.json" <<CONF
{
  "listen": { "address": "127.0.0.1", "port": $TACT_PORT },
  "upstream": { "host": "127.0.0.1", "port": $ORIGIN_PORT },
  "workers": $WORKERS,
  "access_log": { "path": "$WORK/tact-access.log" }$PIPELINE_CONF
}
CONF

"$NGINX" -p "$WORK/origin" -c "$WORK/origin/nginx.conf" -g 'daemon off;' & PIDS+=($!)
"$NGINX" -p "$WORK/proxy" -c "$WORK/proxy/nginx.conf" -g 'daemon off;' & PIDS+=($!); NGINX_MASTER=$!
"$TACT" serve -c "$WORK/tact.json" 2>"$WORK/tact.err" & PIDS+=($!); TACT_PID=$!
wait_port "$ORIGIN_PORT"; wait_port "$NGINX_PORT"; wait_port "$TACT_PORT"

# One wrk run; prints "requests/s p50_ms p99_ms".
run_wrk() {
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "${WRK_HEADER[@]}" "$1" | awk '
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
for size in 1k 100k; do
  for target in origin nginx tact; do run_wrk "http://127.0.0.1:$([ $target = origin ] && echo $ORIGIN_PORT || ([ $target = nginx ] && echo $NGINX_PORT || echo $TACT_PORT))/$size.bin" >/dev/null; done  # warm-up
  for round in $(seq "$ROUNDS"); do
    for target in origin nginx tact; do
      case $target in origin) port=$ORIGIN_PORT;; nginx) port=$NGINX_PORT;; tact) port=$TACT_PORT;; esac
      RESULTS[$size,$target,$round]=$(run_wrk "http://127.0.0.1:$port/$size.bin")
      echo "  $size $target round $round: ${RESULTS[$size,$target,$round]}" >&2
    done
  done
done

echo
echo "wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_PER_RUN}s, keep-alive, $ROUNDS alternating rounds (median), $(nproc) cores"
printf "%-6s %-7s %12s %9s %9s\n" size target "requests/s" "p50 ms" "p99 ms"
for size in 1k 100k; do
  for target in origin nginx tact; do
    rps=$(for r in $(seq "$ROUNDS"); do echo "${RESULTS[$size,$target,$r]}" | cut -d' ' -f1; done | median)
    p50=$(for r in $(seq "$ROUNDS"); do echo "${RESULTS[$size,$target,$r]}" | cut -d' ' -f2; done | median)
    p99=$(for r in $(seq "$ROUNDS"); do echo "${RESULTS[$size,$target,$r]}" | cut -d' ' -f3; done | median)
    printf "%-6s %-7s %12.0f %9.3f %9.3f\n" "$size" "$target" "$rps" "$p50" "$p99"
    eval "RPS_${target}_${size}=$rps; P99_${target}_${size}=$p99"
  done
  awk -v t="$(eval echo \$RPS_tact_$size)" -v n="$(eval echo \$RPS_nginx_$size)" \
      -v tp="$(eval echo \$P99_tact_$size)" -v np="$(eval echo \$P99_nginx_$size)" -v s="$size" \
      'BEGIN { printf "%-6s tact/nginx throughput %.2fx, p99 difference %+.3f ms\n", s, t / n, tp - np }'
done
echo "peak RSS: tact $(( $(peak_rss_kib "$TACT_PID") / 1024 )) MiB, nginx proxy (largest worker) $(( $(nginx_workers_peak_kib) / 1024 )) MiB"
