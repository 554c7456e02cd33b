#!/usr/bin/env bash
# Issue #7 figures for the minimal core and the monitoring extension, with the processes that can
# run on this machine (no upstream image can be pulled here and Debian packages neither Traefik nor
# Grafana, so those two are not measured; Prometheus and node-exporter are Debian's packages, the
# same programs as the prom/* images):
#   - start of the published app on a fresh data directory to /api/health 200 (the "make minimal"
#     equivalent without the proxy), median of RUNS;
#   - WindFlow's resident memory after start, one sign-in and a few pages, then after IDLE seconds;
#   - the same with a real Prometheus scraping /metrics every 5 s with the bearer token (as the
#     compose monitoring profile does) and node-exporter: each process' RSS, the sum against 512 MB,
#     and Prometheus' own figure for the scrape (scrape_duration_seconds, samples scraped).
# Usage: bash bench/footprint.sh   (knobs: RUNS, IDLE, SCRAPE_SECONDS, PORT, PROM_PORT)
set -euo pipefail
cd "$(dirname "$0")/.."

APP=${APP:-artifacts/publish/WindFlow.Web.dll}
RUNS=${RUNS:-3}
IDLE=${IDLE:-20}
SCRAPE_SECONDS=${SCRAPE_SECONDS:-60}
PORT=${PORT:-18081}
PROM_PORT=${PROM_PORT:-19091}
NODE_PORT=${NODE_PORT:-19100}
BASE="http://127.0.0.1:$PORT"
USER_NAME=bench-admin
PASSWORD=bench-password-123
TOKEN=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')

[ -f "$APP" ] || { echo "missing $APP: run 'make publish' first" >&2; exit 1; }
command -v prometheus >/dev/null || { echo "prometheus missing: apt-get install prometheus (make test-deps installs it)" >&2; exit 1; }
command -v jq >/dev/null || { echo "installing jq"; apt-get install -y -qq jq >/dev/null; }
command -v prometheus-node-exporter >/dev/null || { echo "installing prometheus-node-exporter"; apt-get install -y -qq --no-install-recommends prometheus-node-exporter >/dev/null; }

now_ms() { date +%s%3N; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
pid="" prom="" node=""
work=$(mktemp -d)
cleanup() {
  [ -n "$prom" ] && kill "$prom" 2>/dev/null && wait "$prom" 2>/dev/null
  [ -n "$node" ] && kill "$node" 2>/dev/null && wait "$node" 2>/dev/null
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
  true
}
trap cleanup EXIT

start_app() { # $1 data dir; sets pid and elapsed (ms to healthy)
  local t0; t0=$(now_ms)
  WINDFLOW_URLS="$BASE" WINDFLOW_DATA_DIR="$1" WINDFLOW_ADMIN_USER=$USER_NAME WINDFLOW_ADMIN_PASSWORD=$PASSWORD \
    Metrics__BearerToken="$TOKEN" Docker__AutoRegisterLocal=false dotnet "$APP" >"$1.log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "$BASE/api/health"; do
    kill -0 "$pid" 2>/dev/null || { echo "app exited:" >&2; cat "$1.log" >&2; exit 1; }
    sleep 0.02
  done
  elapsed=$(( $(now_ms) - t0 ))
}

starts=()
for i in $(seq 1 "$RUNS"); do
  start_app "$work/start-$i"
  starts+=("$elapsed")
  [ "$i" -lt "$RUNS" ] && { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }
done
start_median=$(printf '%s\n' "${starts[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')

# One user's first minute: sign in, the pages a first visit opens, the API the UI uses.
access=$(curl -fs -H 'Content-Type: application/json' -d "{\"username\":\"$USER_NAME\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/auth/token" | jq -r .accessToken)
for path in /login /api/v1/auth/me /api/v1/targets /api/v1/stacks /api/v1/deployments; do
  curl -fs -o /dev/null -H "Authorization: Bearer $access" "$BASE$path"
done
rss_start=$(rss_mb "$pid")
sleep "$IDLE"
rss_idle=$(rss_mb "$pid")

# The monitoring profile's scrape job, pointed at this process.
printf '%s' "$TOKEN" >"$work/token"
cat >"$work/prometheus.yml" <<YAML
global:
  scrape_interval: 5s
scrape_configs:
  - job_name: windflow
    authorization:
      type: Bearer
      credentials_file: $work/token
    static_configs:
      - targets: ["127.0.0.1:$PORT"]
  - job_name: node
    static_configs:
      - targets: ["127.0.0.1:$NODE_PORT"]
YAML
prometheus-node-exporter --web.listen-address="127.0.0.1:$NODE_PORT" >"$work/node.log" 2>&1 &
node=$!
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$PROM_PORT" >"$work/prometheus.log" 2>&1 &
prom=$!
query() { curl -fs --get --data-urlencode "query=$1" "http://127.0.0.1:$PROM_PORT/api/v1/query" | jq -r '.data.result[0].value[1] // empty'; }
deadline=$(( $(date +%s) + 60 ))
until [ "$(query 'up{job="windflow"}' 2>/dev/null)" = "1" ]; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "Prometheus never scraped WindFlow:" >&2; cat "$work/prometheus.log" >&2; exit 1; }
  sleep 1
done
sleep "$SCRAPE_SECONDS"
rss_app_scraped=$(rss_mb "$pid")
rss_prom=$(rss_mb "$prom")
rss_node=$(rss_mb "$node")
scrape_ms=$(query 'avg_over_time(scrape_duration_seconds{job="windflow"}[1m]) * 1000')
samples=$(query 'scrape_samples_scraped{job="windflow"}')
total=$(( rss_app_scraped + rss_prom + rss_node ))

printf '\nWindFlow footprint bench  (%s, %s cores, load %s)\n' "$(date -u +%FT%TZ)" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)"
printf '%-52s %-18s %s\n' "figure" "measured" "goal"
printf '%-52s %-18s %s\n' "start to /api/health 200, fresh data (median of $RUNS)" "${start_median} ms" "install < 2 min"
printf '%-52s %-18s %s\n' "  individual starts" "$(IFS=,; echo "${starts[*]}") ms" ""
printf '%-52s %-18s %s\n' "WindFlow RSS after start, sign-in, 5 requests" "${rss_start} MB" ""
printf '%-52s %-18s %s\n' "WindFlow RSS after ${IDLE} s idle" "${rss_idle} MB" "< 512 MB (minimal core)"
printf '%-52s %-18s %s\n' "WindFlow RSS after ${SCRAPE_SECONDS} s scraped every 5 s" "${rss_app_scraped} MB" ""
printf '%-52s %-18s %s\n' "Prometheus RSS (scraping WindFlow)" "${rss_prom} MB" ""
printf '%-52s %-18s %s\n' "node-exporter RSS" "${rss_node} MB" ""
printf '%-52s %-18s %s\n' "WindFlow + Prometheus + node-exporter" "${total} MB" "< 512 MB"
printf '%-52s %-18s %s\n' "scrape duration (Prometheus, avg 1 min)" "$(printf '%.1f' "$scrape_ms") ms" ""
printf '%-52s %-18s %s\n' "samples per scrape" "${samples}" ""
