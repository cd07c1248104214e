#!/usr/bin/env bash
# Durable consent actions per second through the real endpoint
# (POST /__tact/consent), at 1, 16 and 64 concurrent clients, and the
# fdatasync calls per second the consent log needed for them (group commit).
#
#   bench/consent_log.sh [path/to/tact] [seconds per level]
#
# The log is on the machine's own disk (a folder under /var/tmp, not tmpfs),
# fsynced before each answer, as in production.
set -euo pipefail
TACT=$(realpath "${1:-build/gateway/tact}")
SECONDS_PER_LEVEL=${2:-10}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$(dirname "$0")/ports.sh"
make_work_dir /var/tmp/tact-consent-bench.XXXXXX

PORT=$(free_port); ADMIN=$(free_port)
cat > "$WORK/tact.json" <<JSON
{
  "listen": { "address": "127.0.0.1", "port": $PORT },
  "upstream": { "host": "127.0.0.1", "port": 9 },
  "admin": { "address": "127.0.0.1", "port": $ADMIN },
  "policies": { "directory": "$ROOT/policies" },
  "consent": {
    "keys": [{ "id": "bench", "file": "consent.key" }],
    "generate_missing_keys": true,
    "log": { "directory": "consent-log", "signing_key": "consent-log.pem" }
  }
}
JSON
cat > "$WORK/consent.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"all": "granted"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Sec-Fetch-Site"] = "same-origin"
LUA
"$TACT" serve -c "$WORK/tact.json" 2>"$WORK/tact.err" & PIDS+=($!)
wait_port "$PORT"

metric() { curl -s "http://127.0.0.1:$ADMIN/metrics" | awk -v name="$1" '$1 == name { print $2 }'; }
echo "durable consent actions through POST /__tact/consent, ${SECONDS_PER_LEVEL} s per level"
printf '%-8s %12s %12s %14s %10s\n' clients actions/s fsyncs/s actions/fsync p99_ms
for clients in 1 16 64; do
  threads=$(( clients < 2 ? 1 : 2 ))
  before_records=$(metric tact_consent_log_records_total); before_flushes=$(metric tact_consent_log_flushes_total)
  out=$(wrk -t"$threads" -c"$clients" -d"${SECONDS_PER_LEVEL}s" --latency -s "$WORK/consent.lua" "http://127.0.0.1:$PORT/__tact/consent")
  records=$(( $(metric tact_consent_log_records_total) - before_records ))
  flushes=$(( $(metric tact_consent_log_flushes_total) - before_flushes ))
  non2xx=$(echo "$out" | awk '/Non-2xx/ { print $NF }')
  p99=$(echo "$out" | awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } print v }')
  awk -v c="$clients" -v r="$records" -v f="$flushes" -v s="$SECONDS_PER_LEVEL" -v p="$p99" -v n="${non2xx:-}" \
    'BEGIN { printf "%-8s %12.0f %12.0f %14.1f %10s%s\n", c, r / s, f / s, (f ? r / f : 0), p, (n ? "  (non-2xx: " n ")" : "") }'
done
echo "log: $(du -sh "$WORK/consent-log" | cut -f1) on $(df --output=source "$WORK" | tail -1)"
kill "${PIDS[0]}"; wait "${PIDS[0]}" 2>/dev/null || true; PIDS=()
"$TACT" audit verify "$WORK/consent-log" --public-key "$WORK/consent-log.pem.pub"
