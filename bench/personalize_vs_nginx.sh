#!/usr/bin/env bash
# Personalizing a page end to end: tact against Debian's nginx doing the
# comparable job, both in front of the same static nginx origin serving the
# demo shop's home page, all on loopback.
#
#   bench/personalize_vs_nginx.sh [path/to/tact] [seconds-per-run] [rounds]
#
# Each proxy looks up the visitor's country in the generated test GeoIP
# database (nginx: the geoip2 module, libnginx-mod-http-geoip2; tact: its own
# lookup, the shipped policies and demo-like rules), fills the hero with the
# variant for that country (nginx: sub_filter with a map; tact: rules.json
# and its streaming rewriter), tells the origin the country (nginx: X-Country;
# tact: Tact-Context with geo.country alone, forwarding.context_signals, beside
# its Tact-Policy, Tact-Consent and forwarding fields), and marks the page
# private. TACT_CONTEXT=all sends the origin every signal the policy let tact
# use, its default (twelve here). Every request comes from 192.0.2.10 (Munich) through
# X-Forwarded-For. REQUEST_HEADS=browser adds what Chrome sends for a page
# (sixteen more fields, Accept-Encoding left out so that neither proxy
# compresses); by default requests carry only those two fields and Host.
# Two pages: the demo home page (2 KB) and the same page
# with 400 more product cards (about 100 KB). Both proxies log each request
# and run two workers; the runs alternate, medians over rounds. wrk keeps 64
# connections open (CONNECTIONS=N to change it). PAGES=small measures the
# 2 KB page alone, in half the time.
#
# COMPARE_WITH=path/to/another/tact puts that binary, with the same
# configuration, in nginx's place (its rows keep the label "nginx"): to
# measure one build of tact against another, round by round.
set -euo pipefail

TACT=${1:-build/gateway/tact}
SECONDS_PER_RUN=${2:-8}
ROUNDS=${3:-3}
TACT_CONTEXT=${TACT_CONTEXT:-geo.country}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=2
WORKERS=2
GEOIP2_MODULE=/usr/lib/nginx/modules/ngx_http_geoip2_module.so

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "nginx is missing: apt-get install nginx-light" >&2; exit 1; }
[ -f "$GEOIP2_MODULE" ] || { echo "nginx's geoip2 module is missing: apt-get install libnginx-mod-http-geoip2" >&2; exit 1; }
[ -x "$TACT" ] || { echo "no tact binary at $TACT: run 'make build' first" >&2; exit 1; }
TACT=$(realpath "$TACT")
REPO=$(cd "$(dirname "$0")/.." && pwd)
GEOIP_DB=$(dirname "$(dirname "$TACT")")/geoip/testdata/test-city.mmdb
[ -f "$GEOIP_DB" ] || { echo "no test GeoIP database at $GEOIP_DB: build first" >&2; exit 1; }

source "$(dirname "$0")/ports.sh"
make_work_dir /tmp/tact-bench.XXXXXX
chmod 755 "$WORK"

ORIGIN_PORT=$(free_port); NGINX_PORT=$(free_port); TACT_PORT=$(free_port)
mkdir -p "$WORK/site" "$WORK/origin" "$WORK/proxy"
cp "$REPO/demo/site/index.html" "$WORK/site/small.html"
CARD='      <article class="card"><h3>Trail runner X2</h3><p>Grippy, light, made for wet rock.</p><p class="price">€129</p></article>'
awk -v card="$CARD" '{ print } /<div class="grid">/ { for (i = 0; i < 400; i++) print card }' \
  "$REPO/demo/site/index.html" > "$WORK/site/large.html"

HERO_DE='<h1>Ausrüstung für die Alpen</h1><p>Gear tested on the Zugspitze.</p>'
cat > "$WORK/rules.json" <<CONF
{ "slots": { "hero": { "variants": [
  { "id": "alps", "when": { "signal": "geo.country", "one_of": ["DE", "AT", "CH"] },
    "html": "$HERO_DE" } ] } } }
CONF

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
  types { text/html html; }
  charset utf-8;
  server { listen 127.0.0.1:$ORIGIN_PORT; root $WORK/site; }
}
CONF

# nginx's way: the country from geoip2, the hero's inner HTML swapped by
# sub_filter for the country's variant. (sub_filter matches text, so it is
# told the exact original heading; tact's rewriter finds the slot element.)
cat > "$WORK/proxy/nginx.conf" <<CONF
user root;
worker_processes $WORKERS;
pid $WORK/proxy/nginx.pid;
error_log $WORK/proxy/error.log;
load_module $GEOIP2_MODULE;
events { worker_connections 4096; }
http {
  access_log $WORK/proxy/access.log combined buffer=64k flush=1s;
  keepalive_requests 1000000;
  geoip2 $GEOIP_DB { \$geo_country source=\$http_x_forwarded_for country iso_code; }
  map \$geo_country \$hero { DE '$HERO_DE'; AT '$HERO_DE'; CH '$HERO_DE'; default '<h1>Gear for every trail</h1>'; }
  upstream origin { server 127.0.0.1:$ORIGIN_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header Accept-Encoding "";
      proxy_set_header X-Country \$geo_country;
      sub_filter '<h1>Gear for every trail</h1>' \$hero;
      sub_filter_once on;
      add_header Cache-Control private;
      add_header Vary Cookie;
    }
  }
}
CONF

FORWARDING=""
[ "$TACT_CONTEXT" = all ] || FORWARDING="\"forwarding\": { \"context_signals\": [\"$TACT_CONTEXT\"] },"
cat > "$WORK/tact.json" <<CONF
{
  $FORWARDING
  "listen": { "address": "127.0.0.1", "port": $TACT_PORT },
  "upstream": { "host": "127.0.0.1", "port": $ORIGIN_PORT },
  "workers": $WORKERS,
  "access_log": { "path": "$WORK/tact-access.log" },
  "geoip": { "database": "$GEOIP_DB" },
  "trusted_proxies": ["127.0.0.0/8"],
  "policies": { "directory": "$REPO/policies" },
  "rules": "$WORK/rules.json"
}
CONF

"$NGINX" -p "$WORK/origin" -c "$WORK/origin/nginx.conf" -g 'daemon off;' & PIDS+=($!)
if [ -n "${COMPARE_WITH:-}" ]; then
  [ -x "$COMPARE_WITH" ] || { echo "COMPARE_WITH: no tact binary at $COMPARE_WITH" >&2; exit 1; }
  sed -e "s/\"port\": $TACT_PORT/\"port\": $NGINX_PORT/" -e "s/tact-access.log/peer-access.log/" \
    "$WORK/tact.json" > "$WORK/peer.json"
  "$COMPARE_WITH" serve -c "$WORK/peer.json" 2>"$WORK/peer.err" & PIDS+=($!); PEER_PIDS=$!
else
  "$NGINX" -p "$WORK/proxy" -c "$WORK/proxy/nginx.conf" -g 'daemon off;' & PIDS+=($!); NGINX_MASTER=$!
fi
"$TACT" serve -c "$WORK/tact.json" 2>"$WORK/tact.err" & PIDS+=($!); TACT_PID=$!
wait_port "$ORIGIN_PORT"; wait_port "$NGINX_PORT"; wait_port "$TACT_PORT"

# The request fields every run sends (and the check below).
WRK_OPTIONS=(-H 'X-Forwarded-For: 192.0.2.10' -H 'Accept: text/html')
if [ "${REQUEST_HEADS:-}" = browser ]; then
  WRK_OPTIONS+=(
    -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
    -H 'Accept-Language: de-DE,de;q=0.9,en;q=0.8'
    -H 'Cookie: _ga=GA1.1.123456789.1700000000; theme=dark'
    -H 'Sec-Fetch-Dest: document' -H 'Sec-Fetch-Mode: navigate' -H 'Sec-Fetch-Site: same-origin'
    -H 'Sec-Fetch-User: ?1' -H 'Sec-CH-UA: "Chromium";v="131", "Not_A Brand";v="24"'
    -H 'Sec-CH-UA-Mobile: ?0' -H 'Sec-CH-UA-Platform: "Linux"' -H 'Upgrade-Insecure-Requests: 1'
    -H 'Referer: http://127.0.0.1/shoes/' -H 'Cache-Control: max-age=0'
    -H 'Priority: u=0, i' -H 'DNT: 1' -H 'Sec-GPC: 1')
fi

# Both must really personalize, or the comparison means nothing.
PAGES=${PAGES:-small large}
for port in $NGINX_PORT $TACT_PORT; do
  for page in $PAGES; do
    body=$(curl -s "${WRK_OPTIONS[@]}" "http://127.0.0.1:$port/$page.html")
    grep -q 'Ausrüstung für die Alpen' <<<"$body" || { echo "port $port did not personalize /$page.html" >&2; exit 1; }
  done
done

source "$(dirname "$0")/wrk_runs.sh"
url_of() { echo "http://127.0.0.1:$([ "$1" = nginx ] && echo "$NGINX_PORT" || echo "$TACT_PORT")/$2.html"; }

measure "$PAGES" "nginx tact"
echo
[ -n "${COMPARE_WITH:-}" ] && echo "in nginx's place: $COMPARE_WITH (COMPARE_WITH)"
echo "tact's Tact-Context: $TACT_CONTEXT; request fields: ${REQUEST_HEADS:-three (Host, X-Forwarded-For, Accept)}"
echo "personalized pages: wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_PER_RUN}s, keep-alive, $ROUNDS alternating rounds (median), $(nproc) cores"
report page "$PAGES" "nginx tact"
