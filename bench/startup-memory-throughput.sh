#!/usr/bin/env bash
# Foundation figures (issue #2), measured on the published app as `make run` starts it:
#   - cold start: process spawn -> first 200 from /api/health (fresh data dir, so it includes
#     creating and migrating the SQLite database); median of RUNS, plus a start on an existing db;
#   - resident memory (VmRSS) after start and one login (API token + /me + the login page);
#   - /api/health and /api/v1/auth/me throughput and latency with wrk (Debian's package).
# Prints a table of measured figure vs goal. Usage: bash bench/startup-memory-throughput.sh
set -euo pipefail
cd "$(dirname "$0")/.."

APP=${APP:-artifacts/publish/WindFlow.Web.dll}
RUNS=${RUNS:-5}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-18080}
BASE="http://127.0.0.1:$PORT"
USER_NAME=bench-admin
PASSWORD=bench-password-123

[ -f "$APP" ] || { echo "missing $APP: run 'make publish' first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "installing wrk"; apt-get install -y -qq wrk >/dev/null; }
command -v jq >/dev/null || { echo "installing jq"; apt-get install -y -qq jq >/dev/null; }

now_ms() { date +%s%3N; }
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; true; }
trap cleanup EXIT

start_app() { # $1 data dir; sets pid and elapsed (ms to healthy); no subshell, so pid stays ours
  local t0; t0=$(now_ms)
  WINDFLOW_URLS="$BASE" WINDFLOW_DATA_DIR="$1" WINDFLOW_ADMIN_USER=$USER_NAME WINDFLOW_ADMIN_PASSWORD=$PASSWORD \
    dotnet "$APP" >"$1.log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "$BASE/api/health"; do
    kill -0 "$pid" 2>/dev/null || { echo "app exited:" >&2; cat "$1.log" >&2; exit 1; }
    sleep 0.02
  done
  elapsed=$(( $(now_ms) - t0 ))
}

stop_app() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

work=$(mktemp -d)
starts=()
for i in $(seq 1 "$RUNS"); do
  start_app "$work/cold-$i"
  starts+=("$elapsed")
  stop_app
done
cold_median=$(printf '%s\n' "${starts[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
start_app "$work/cold-1"
warm_start=$elapsed

token=$(curl -fs -H 'Content-Type: application/json' -d "{\"username\":\"$USER_NAME\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/auth/token" | jq -r .accessToken)
curl -fs -o /dev/null -H "Authorization: Bearer $token" "$BASE/api/v1/auth/me"
curl -fs -o /dev/null "$BASE/login"
sleep 1
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")

run_wrk() { # $1 path, $2.. extra wrk args; prints "rps p50 p99"
  local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "${@:2}" "$BASE$1")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  if grep -q "Non-2xx" <<<"$out"; then echo "non-2xx responses for $1:" >&2; echo "$out" >&2; exit 1; fi
  echo "$rps $p50 $p99"
}
read -r h_rps h_p50 h_p99 <<<"$(run_wrk /api/health)"
read -r m_rps m_p50 m_p99 <<<"$(run_wrk /api/v1/auth/me -H "Authorization: Bearer $token")"
rss_after_load_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")

printf '\nWindFlow foundation bench  (%s, %s cores, %s)\n' "$(date -u +%FT%TZ)" "$(nproc)" "$(dotnet --version)"
printf '%-46s %-22s %s\n' "figure" "measured" "goal"
printf '%-46s %-22s %s\n' "cold start to /api/health 200 (median of $RUNS)" "${cold_median} ms" "< 3000 ms"
printf '%-46s %-22s %s\n' "  individual cold starts" "$(IFS=,; echo "${starts[*]}") ms" ""
printf '%-46s %-22s %s\n' "start on an existing database" "${warm_start} ms" ""
printf '%-46s %-22s %s\n' "RSS after start + one login" "$((rss_kb / 1024)) MB" "< 150 MB"
printf '%-46s %-22s %s\n' "RSS after the wrk runs" "$((rss_after_load_kb / 1024)) MB" ""
printf '%-46s %-22s %s\n' "GET /api/health ($CONNECTIONS conn, $DURATION)" "${h_rps} req/s" "p50 ${h_p50}, p99 ${h_p99}"
printf '%-46s %-22s %s\n' "GET /api/v1/auth/me (bearer)" "${m_rps} req/s" "p50 ${m_p50}, p99 ${m_p99}"
rm -rf "$work"
