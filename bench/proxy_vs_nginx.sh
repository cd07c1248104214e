#!/usr/bin/env bash
# Throughput and latency of tact against Debian's nginx as a plain reverse
# proxy, both in front of the same static nginx origin, all on loopback.
#
#   bench/proxy_vs_nginx.sh [path/to/tact] [seconds-per-run] [rounds]
#
# wrk (64 connections, keep-alive) is run against (a) the origin directly,
# (b) nginx proxy_pass with keep-alive upstreams, (c) tact; the three are
# alternated in every round so that drift in machine speed hits all alike.
# The table gives the median over rounds of requests/s, p50/p99 latency and
# each proxy's CPU time per request (in all, user and system), peak RSS of
# each proxy, and the tact/nginx ratios.
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

source "$(dirname "$0")/ports.sh"
make_work_dir /tmp/tact-bench.XXXXXX
chmod 755 "$WORK"

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

source "$(dirname "$0")/wrk_runs.sh"
WRK_OPTIONS=("${WRK_HEADER[@]}")
url_of() {
  case $1 in origin) echo "http://127.0.0.1:$ORIGIN_PORT/$2.bin";; nginx) echo "http://127.0.0.1:$NGINX_PORT/$2.bin";; tact) echo "http://127.0.0.1:$TACT_PORT/$2.bin";; esac
}

measure "1k 100k" "origin nginx tact"
echo
echo "wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_PER_RUN}s, keep-alive, $ROUNDS alternating rounds (median), $(nproc) cores"
report size "1k 100k" "origin nginx tact"
