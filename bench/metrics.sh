#!/usr/bin/env bash
# Metrics figures (issue #7), on the published app as `make run` starts it:
#   1. the cost of a scrape: GET /metrics after traffic on many routes (so the HTTP histogram holds a
#      realistic number of label sets), SCRAPES sequential scrapes from loopback, p50/p95 of curl's
#      time_total, with the number of series, sample lines and bytes it rendered;
#   2. what collecting costs the requests: wrk on /api/health with Metrics__Enabled=true and =false
#      (listener and endpoint off), ROUNDS alternating rounds each, medians side by side, and RSS
#      after each round.
# Request logging is at Warning here (LOG_LEVEL) so the per-request console line, identical in both
# configurations, does not hide the difference. Usage: bash bench/metrics.sh (`make bench-metrics`).
set -euo pipefail
cd "$(dirname "$0")/.."

APP=${APP:-artifacts/publish/WindFlow.Web.dll}
ROUNDS=${ROUNDS:-3}
SCRAPES=${SCRAPES:-200}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
LOG_LEVEL=${LOG_LEVEL:-Warning}
PORT=${PORT:-18083}
BASE="http://127.0.0.1:$PORT"
USER_NAME=bench-admin
PASSWORD=bench-password-123
export LC_ALL=C

[ -f "$APP" ] || { echo "missing $APP: run 'make publish' first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y -qq wrk >/dev/null; }
command -v jq >/dev/null || { echo "installing jq"; apt-get install -y -qq jq >/dev/null; }

log() { printf '[metrics.sh] %s\n' "$*" >&2; }
median() { sort -n | awk '{a[NR]=$1} END { if (NR == 0) { print "n/a"; exit } print a[int((NR + 1) / 2)] }'; }
percentile() { sort -n | awk -v p="$1" '{a[NR]=$1} END { i = int((NR * p + 99) / 100); if (i < 1) i = 1; print a[i] }'; }

work=$(mktemp -d /tmp/wfmetrics.XXXXXX)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; true; }
trap cleanup EXIT

start_app() { # $1 = true|false (Metrics__Enabled); fresh data dir each time
  local data; data=$(mktemp -d "$work/data.XXXX")
  Metrics__Enabled=$1 Logging__LogLevel__Default=$LOG_LEVEL Docker__AutoRegisterLocal=false \
  WINDFLOW_URLS="$BASE" WINDFLOW_DATA_DIR="$data" WINDFLOW_ADMIN_USER=$USER_NAME WINDFLOW_ADMIN_PASSWORD=$PASSWORD \
    dotnet "$APP" >"$data.log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "$BASE/api/health"; do
    kill -0 "$pid" 2>/dev/null || { echo "app exited:" >&2; cat "$data.log" >&2; exit 1; }
    sleep 0.05
  done
}
stop_app() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }
rss_mb() { awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$pid/status"; }

# --- 1. scrape cost -----------------------------------------------------------------------------
log "scrape cost: traffic on many routes, then $SCRAPES scrapes"
start_app true
token=$(curl -fs -H 'Content-Type: application/json' -d "{\"username\":\"$USER_NAME\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/auth/token" | jq -r .accessToken)
id=00000000-0000-0000-0000-000000000001
paths=(/api/health /api/ready /api/v1/auth/me /api/v1/system/info /api/v1/targets "/api/v1/targets/$id" "/api/v1/targets/$id/containers"
  "/api/v1/targets/$id/images" "/api/v1/targets/$id/volumes" "/api/v1/targets/$id/networks" "/api/v1/targets/$id/projects" /api/v1/containers
  /api/v1/stacks "/api/v1/stacks/$id" "/api/v1/stacks/$id/versions" "/api/v1/stacks/$id/export" /api/v1/deployments "/api/v1/deployments/$id"
  "/api/v1/deployments/$id/revisions" "/api/v1/deployments/$id/runs" /api/v1/runs "/api/v1/runs/$id" /api/openapi.json
  / /login /targets /containers /stacks /templates /deployments /setup /not-a-page)
for _ in 1 2 3; do
  for p in "${paths[@]}"; do
    curl -s -o /dev/null -H "Authorization: Bearer $token" "$BASE$p" || true
    curl -s -o /dev/null "$BASE$p" || true
  done
  for p in /api/v1/stacks /api/v1/targets /api/v1/deployments /api/v1/stacks/validate; do
    curl -s -o /dev/null -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"bad":' "$BASE$p" || true
  done
done
curl -fs "$BASE/metrics" >"$work/metrics.txt"
series=$(grep -vc '^#' "$work/metrics.txt")
families=$(grep -c '^# TYPE' "$work/metrics.txt")
http_series=$(grep -c '^http_server_request_duration_seconds_count' "$work/metrics.txt")
bytes=$(wc -c <"$work/metrics.txt")
for _ in $(seq 1 "$SCRAPES"); do
  curl -fs -o /dev/null -w '%{time_total}\n' "$BASE/metrics"
done | awk '{printf "%.2f\n", $1 * 1000}' >"$work/scrapes.txt"
scrape_p50=$(percentile 50 <"$work/scrapes.txt")
scrape_p95=$(percentile 95 <"$work/scrapes.txt")
for _ in $(seq 1 "$SCRAPES"); do
  curl -fs -o /dev/null -w '%{time_total}\n' "$BASE/api/health"
done | awk '{printf "%.2f\n", $1 * 1000}' >"$work/health.txt"
health_p50=$(percentile 50 <"$work/health.txt")
stop_app

# --- 2. request throughput with and without collection -----------------------------------------
run_wrk() { # prints "rps p50 p99"
  local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE/api/health")
  if grep -q "Non-2xx" <<<"$out"; then echo "non-2xx responses:" >&2; echo "$out" >&2; exit 1; fi
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(awk '$1=="50%" {print $2}' <<<"$out") $(awk '$1=="99%" {print $2}' <<<"$out")"
}
for round in $(seq 1 "$ROUNDS"); do
  for enabled in true false; do
    log "throughput round $round/$ROUNDS, Metrics__Enabled=$enabled"
    start_app "$enabled"
    wrk -t2 -c"$CONNECTIONS" -d2s "$BASE/api/health" >/dev/null # warm-up: JIT, pools
    read -r rps p50 p99 <<<"$(run_wrk)"
    echo "$rps" >>"$work/rps-$enabled"; echo "$p50" >>"$work/p50-$enabled"; echo "$p99" >>"$work/p99-$enabled"
    rss_mb >>"$work/rss-$enabled"; echo >>"$work/rss-$enabled"
    stop_app
  done
done

printf '\nWindFlow metrics bench  (%s, %s cores, %s)\n' "$(date -u +%FT%TZ)" "$(nproc)" "$(dotnet --version)"
printf '%-58s %-26s %s\n' "figure" "measured" "comparison"
printf '%-58s %-26s %s\n' "GET /metrics, $SCRAPES sequential scrapes (loopback)" "p50 ${scrape_p50} ms, p95 ${scrape_p95} ms" "GET /api/health p50 ${health_p50} ms (same curl)"
printf '%-58s %-26s %s\n' "  what one scrape renders" "$series samples, $bytes bytes" "$families families, $http_series HTTP label sets"
printf '%-58s %-26s %s\n' "GET /api/health req/s, median of $ROUNDS ($CONNECTIONS conn, $DURATION)" \
  "on: $(median <"$work/rps-true")" "off: $(median <"$work/rps-false")"
printf '%-58s %-26s %s\n' "  latency p50 / p99" "on: $(median <"$work/p50-true") / $(median <"$work/p99-true")" "off: $(median <"$work/p50-false") / $(median <"$work/p99-false")"
printf '%-58s %-26s %s\n' "  every round, req/s" "on: $(paste -sd, "$work/rps-true")" "off: $(paste -sd, "$work/rps-false")"
printf '%-58s %-26s %s\n' "  RSS after the wrk round (median)" "on: $(grep . "$work/rss-true" | median) MB" "off: $(grep . "$work/rss-false" | median) MB"
