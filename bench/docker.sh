#!/usr/bin/env bash
# Docker target figures (issue #3), on a private dockerd so /var/run/docker.sock is never touched:
#   1. listing CONTAINERS containers (created, not running; spread over 10 compose projects)
#      through WindFlow's API, per target and across all targets, against the Engine API itself;
#   2. time until /containers shows that list in Chromium (WindFlow.Bench browser-list);
#   3. log throughput of a container printing as fast as it can: WindFlow's follow API against
#      `docker logs -f`, WindFlow's RSS while following, and lines/s reaching the browser viewer;
#   4. WindFlow's Engine API client (DockerEngineClient) against curl for the same listing, with
#      CONTAINERS and with SMALL containers present (WindFlow.Bench client-overhead).
# Prints one table: figure | measured | comparison. Usage: bash bench/docker.sh (`make bench-docker`).
set -euo pipefail
cd "$(dirname "$0")/.."

APP=${APP:-artifacts/publish/WindFlow.Web.dll}
CONTAINERS=${CONTAINERS:-1000}
SMALL=${SMALL:-10}
REQUESTS=${REQUESTS:-20}
WARMUPS=${WARMUPS:-3}
CLIENT_CALLS=${CLIENT_CALLS:-200}
BROWSER_RUNS=${BROWSER_RUNS:-5}
BROWSER_TIMEOUT=${BROWSER_TIMEOUT:-30}
LOG_SECONDS=${LOG_SECONDS:-10}
VIEWER_SECONDS=${VIEWER_SECONDS:-5}
PARALLEL=${PARALLEL:-8}
PORT=${PORT:-18081}
BASE="http://127.0.0.1:$PORT"
USER_NAME=bench-admin
PASSWORD=bench-password-123
IMAGE=windflow-bench/busybox:latest
API=v1.41 # dockerd 20.10 (Debian 12) speaks 1.41; the curl comparisons use it explicitly
BENCH_PROJECT=bench/WindFlow.Bench
BENCH_DLL=$BENCH_PROJECT/bin/Release/net10.0/WindFlow.Bench.dll
export LC_ALL=C # curl's %{time_total} and awk's printf with a decimal point

[ -f "$APP" ] || { echo "missing $APP: run 'make publish' first" >&2; exit 1; }
for tool in jq curl docker dockerd timeout; do
  command -v "$tool" >/dev/null || PATH=$PATH:/usr/sbin:/sbin
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y docker.io jq curl; see bench/README.md)" >&2; exit 1; }
done
[ -x /bin/busybox ] || { echo "missing /bin/busybox (apt-get install -y busybox-static)" >&2; exit 1; }

now_ms() { date +%s%3N; }
load_start=$(cut -d' ' -f1 /proc/loadavg)
log() { printf '[docker.sh] %s\n' "$*" >&2; }

# Everything lives in one short temp dir: containerd's sockets sit under the exec root and must
# stay under 108 bytes, and removing the dir removes the daemon's data with it.
work=$(mktemp -d /tmp/wfbench.XXXXXX)
sock=$work/d.sock
dockerd_pid="" app_pid="" bg_pids=()

dk() { DOCKER_HOST="unix://$sock" DOCKER_BUILDKIT=0 docker "$@"; }
engine() { curl -fs --unix-socket "$sock" "$@"; } # the Engine API without any client in between

cleanup() {
  local status=$?
  set +e
  trap - EXIT INT TERM
  for p in "${bg_pids[@]}"; do kill "$p" 2>/dev/null; done
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null; wait "$app_pid" 2>/dev/null; fi
  if [ -n "$dockerd_pid" ]; then
    log "cleaning up: containers, dockerd, $work"
    if kill -0 "$dockerd_pid" 2>/dev/null; then
      # Running ones first (they hold mounts), then one prune for the created ones, then SIGTERM so
      # dockerd stops its containerd and unmounts before the data root is deleted.
      dk ps -q | xargs -r docker -H "unix://$sock" rm -f >/dev/null 2>&1
      dk container prune -f >/dev/null 2>&1
      kill -TERM "$dockerd_pid"
    fi
    for _ in $(seq 1 150); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$dockerd_pid" 2>/dev/null
    wait "$dockerd_pid" 2>/dev/null
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# nearest-rank median and p95 of the numbers on stdin (the same rule WindFlow.Bench uses)
stats() {
  sort -n | awk '{a[NR]=$1} END { if (NR == 0) { print "n/a n/a"; exit }
    m = int((NR * 50 + 99) / 100); p = int((NR * 95 + 99) / 100); printf "%.1f %.1f\n", a[m], a[p] }'
}
# value of `RESULT key=value` in a WindFlow.Bench output file
result() { sed -n "s/^RESULT $1=//p" "$2" | tail -1; }
human_bytes() { awk -v b="$1" 'BEGIN { if (b >= 1048576) printf "%.2f MB", b / 1048576; else printf "%.1f KB", b / 1024 }'; }

# --- the bench program (Playwright + WindFlow.Infrastructure), built once up front -------------
log "building $BENCH_PROJECT"
dotnet build "$BENCH_PROJECT" -c Release -nologo -v q >"$work/bench-build.log" 2>&1 || { cat "$work/bench-build.log" >&2; exit 1; }

# --- private dockerd ----------------------------------------------------------------------------
log "starting dockerd on $sock"
# Its own session, so a Ctrl-C reaches only this script: the trap then removes the containers while
# the daemon still answers, and stops it afterwards. (setsid execs dockerd, so $! is dockerd's pid.)
setsid dockerd --bridge=none --iptables=false --ip-forward=false --ip-masq=false \
  --host "unix://$sock" --data-root "$work/data" --exec-root "$work/x" --pidfile "$work/dockerd.pid" \
  >"$work/dockerd.log" 2>&1 &
dockerd_pid=$!
for _ in $(seq 1 300); do
  engine -o /dev/null http://localhost/_ping && break
  kill -0 "$dockerd_pid" 2>/dev/null || { echo "dockerd exited:" >&2; tail -20 "$work/dockerd.log" >&2; exit 1; }
  sleep 0.2
done
engine -o /dev/null http://localhost/_ping || { echo "dockerd did not answer within 60 s" >&2; exit 1; }

# The same image the tests build: FROM scratch with the host's static busybox (nothing can be pulled).
mkdir "$work/image"
cp /bin/busybox "$work/image/busybox"
printf 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\nCMD ["sh"]\n' >"$work/image/Dockerfile"
# (The CLI warns that the legacy builder is deprecated; BuildKit would need the absent buildx plugin.)
dk build -q -t "$IMAGE" "$work/image" >/dev/null 2>"$work/build.err" || { cat "$work/build.err" >&2; exit 1; }

# Containers are created through the Engine API with curl, in parallel: a `docker create` per
# container spends more time starting the CLI than the daemon spends creating. Created (never
# started) containers are listed like any others; labels put them in 10 compose projects.
create_containers() { # $1 first index, $2 last index
  seq "$1" "$2" | SOCK=$sock IMAGE=$IMAGE API=$API xargs -P "$PARALLEL" -n 25 sh -c '
    for i; do
      curl -fs --unix-socket "$SOCK" -o /dev/null -H "Content-Type: application/json" \
        -d "{\"Image\":\"$IMAGE\",\"Cmd\":[\"sleep\",\"3600\"],\"Labels\":{\"com.docker.compose.project\":\"bench-$((i % 10))\",\"com.docker.compose.service\":\"svc-$i\"},\"HostConfig\":{\"NetworkMode\":\"none\"}}" \
        "http://localhost/$API/containers/create?name=bench-c$i" || { echo "create bench-c$i failed" >&2; exit 255; }
    done' _
}
container_count() { engine "http://localhost/$API/containers/json?all=1" | jq length; }

run_client_overhead() { # $1 output file
  dotnet "$BENCH_DLL" client-overhead "$sock" "$CLIENT_CALLS" >"$1" 2>"$1.err" || { cat "$1.err" >&2; exit 1; }
}

# --- 4a. client overhead with SMALL containers ----------------------------------------------------
log "creating $SMALL containers"
create_containers 0 $((SMALL - 1))
log "client overhead, $(container_count) containers, $CLIENT_CALLS calls each"
run_client_overhead "$work/client-small.txt"

# --- 4b. client overhead with CONTAINERS containers -----------------------------------------------
t0=$(now_ms)
create_containers "$SMALL" $((CONTAINERS - 1))
create_ms=$(( $(now_ms) - t0 ))
total=$(container_count)
log "created $((CONTAINERS - SMALL)) more containers in $create_ms ms ($total in all)"
[ "$total" -eq "$CONTAINERS" ] || { echo "expected $CONTAINERS containers, the engine lists $total" >&2; exit 1; }
log "client overhead, $total containers"
run_client_overhead "$work/client-big.txt"

# --- WindFlow, registering the private engine as target `local` ----------------------------------
log "starting WindFlow on $BASE"
WINDFLOW_URLS="$BASE" WINDFLOW_DATA_DIR="$work/app-data" WINDFLOW_ADMIN_USER=$USER_NAME WINDFLOW_ADMIN_PASSWORD=$PASSWORD \
  Docker__LocalSocket="$sock" dotnet "$APP" >"$work/app.log" 2>&1 &
app_pid=$!
until curl -fs -o /dev/null "$BASE/api/health"; do
  kill -0 "$app_pid" 2>/dev/null || { echo "app exited:" >&2; tail -30 "$work/app.log" >&2; exit 1; }
  sleep 0.1
done
token=$(curl -fs -H 'Content-Type: application/json' -d "{\"username\":\"$USER_NAME\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/auth/token" | jq -r .accessToken)
auth=(-H "Authorization: Bearer $token")
target_id=$(curl -fs "${auth[@]}" "$BASE/api/v1/targets" | jq -r --arg e "unix://$sock" '.[] | select(.name == "local" and .endpoint == $e) | .id')
[ -n "$target_id" ] || { echo "the private engine was not registered as target 'local':" >&2; curl -fs "${auth[@]}" "$BASE/api/v1/targets" >&2; tail -30 "$work/app.log" >&2; exit 1; }
log "target local = $target_id"

# --- 1. listing latency: WindFlow per target, WindFlow all targets, the Engine API ---------------
time_get() { # $1 name; rest: curl arguments. Writes $work/$1.times (ms) and $work/$1.body
  local name=$1; shift
  for _ in $(seq 1 "$WARMUPS"); do curl -fs -o /dev/null "$@"; done
  for _ in $(seq 1 "$REQUESTS"); do
    curl -fs -o "$work/$name.body" -w '%{time_total} %{size_download}\n' "$@"
  done | awk '{ printf "%.3f %d\n", $1 * 1000, $2 }' >"$work/$name.times"
}
log "listing: $WARMUPS warm-ups + $REQUESTS requests each"
time_get wf-target "${auth[@]}" "$BASE/api/v1/targets/$target_id/containers?all=true"
time_get wf-all "${auth[@]}" "$BASE/api/v1/containers"
time_get engine --unix-socket "$sock" "http://localhost/$API/containers/json?all=1"
read -r wf_target_med wf_target_p95 < <(cut -d' ' -f1 "$work/wf-target.times" | stats)
read -r wf_all_med wf_all_p95 < <(cut -d' ' -f1 "$work/wf-all.times" | stats)
read -r engine_med engine_p95 < <(cut -d' ' -f1 "$work/engine.times" | stats)
size_of() { tail -1 "$work/$1.times" | cut -d' ' -f2; }
wf_target_items=$(jq length "$work/wf-target.body")
wf_all_items=$(jq '.containers | length' "$work/wf-all.body")
wf_all_failures=$(jq '.failures | length' "$work/wf-all.body")
engine_items=$(jq length "$work/engine.body")

# --- 2. /containers in Chromium ------------------------------------------------------------------
browser() { # $1 output file, $2 result prefix (list|viewer); rest: WindFlow.Bench arguments. Never fails the script.
  local out=$1 prefix=$2 rc=0; shift 2
  if [ ! -x /usr/bin/chromium ]; then printf 'RESULT %s_status=unavailable\nRESULT %s_reason=/usr/bin/chromium missing\n' "$prefix" "$prefix" >"$out"; return; fi
  dotnet "$BENCH_DLL" "$@" >"$out" 2>"$out.err" || rc=$?
  tail -20 "$out.err" >&2
  if [ "$rc" -ne 0 ]; then
    log "WindFlow.Bench $1 exited with $rc"
    printf 'RESULT %s_status=failed\nRESULT %s_reason=WindFlow.Bench %s exited with %s\n' "$prefix" "$prefix" "$1" "$rc" >>"$out"
  fi
}
log "Chromium: /containers until '$total' and a row show, $BROWSER_RUNS runs"
browser "$work/browser-list.txt" list browser-list "$BASE" "$USER_NAME" "$PASSWORD" "$total" "$BROWSER_RUNS" "$BROWSER_TIMEOUT"

# --- 3. log throughput ---------------------------------------------------------------------------
# A fresh producer per measurement, so each reader starts on an equally young log file.
PRODUCER='i=0; while :; do i=$((i+1)); echo "line $i some payload text to make it realistic"; done'
start_producer() { dk run -d --network none --name "bench-log-$1" "$IMAGE" sh -c "$PRODUCER"; }
last_counter() { dk logs --tail 1 "$1" 2>/dev/null | awk '{ print $2 }'; }
rss_kb() { awk '/VmRSS/ { print $2 }' "/proc/$app_pid/status"; }
sample_rss() { # $1 file; samples WindFlow's VmRSS once a second until killed
  while kill -0 "$app_pid" 2>/dev/null; do rss_kb >>"$1"; sleep 1; done
}
follow() { # $1 name, $2 container; rest: command printing the log. Sets lines, seconds, produced
  local name=$1 cid=$2; shift 2
  local c0 c1 t0 t1
  c0=$(last_counter "$cid"); t0=$(now_ms)
  lines=$({ timeout -s INT "$LOG_SECONDS" "$@" || true; } | wc -l)
  t1=$(now_ms); c1=$(last_counter "$cid")
  seconds=$(awk -v ms=$((t1 - t0)) 'BEGIN { printf "%.2f", ms / 1000 }')
  produced=$(( c1 - c0 ))
  log "$name: $lines lines read in $seconds s; the producer wrote $produced meanwhile"
}
per_s() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else printf "n/a" }'; }

rss_before_kb=$(rss_kb)
cid=$(start_producer api); sleep 1
sample_rss "$work/rss-api.txt" & bg_pids+=($!)
follow "WindFlow API" "$cid" curl -sN "${auth[@]}" "$BASE/api/v1/targets/$target_id/containers/$cid/logs?follow=true&tail=0"
kill "${bg_pids[-1]}"
wf_lines=$lines wf_seconds=$seconds wf_produced=$produced
rss_follow_max_kb=$(sort -n "$work/rss-api.txt" | tail -1)
dk rm -f "$cid" >/dev/null

cid=$(start_producer cli); sleep 1
follow "docker logs -f" "$cid" docker -H "unix://$sock" logs -f --tail 0 "$cid"
cli_lines=$lines cli_seconds=$seconds cli_produced=$produced
dk rm -f "$cid" >/dev/null

log "Chromium: log viewer on /targets/$target_id/containers/<id>, sampled ${VIEWER_SECONDS} s apart"
cid=$(start_producer viewer); sleep 1
sample_rss "$work/rss-viewer.txt" & bg_pids+=($!)
browser "$work/browser-logs.txt" viewer browser-logs "$BASE" "$USER_NAME" "$PASSWORD" "$target_id" "$cid" "$VIEWER_SECONDS" "$BROWSER_TIMEOUT"
kill "${bg_pids[-1]}"
rss_viewer_max_kb=$(sort -n "$work/rss-viewer.txt" | tail -1)
dk rm -f "$cid" >/dev/null

# --- table ----------------------------------------------------------------------------------------
row() { printf '%-50s %-26s %s\n' "$1" "$2" "$3"; }
mb() { echo "$(( $1 / 1024 )) MB"; }
not_measured() { # $1 file, $2 prefix
  local reason; reason=$(result "$2_reason" "$1")
  echo "not measured: ${reason:-WindFlow.Bench failed (see stderr above)}"
}

# The load average is printed because the 2 cores may be shared with other work; figures taken
# under a load well above 2 are not comparable with quiet-machine ones.
printf '\nWindFlow Docker bench  (%s, %s cores, %s, dockerd %s, load %s at start, %s at end)\n' \
  "$(date -u +%FT%TZ)" "$(nproc)" "$(dotnet --version)" "$(engine "http://localhost/$API/version" | jq -r .Version)" \
  "$load_start" "$(cut -d' ' -f1 /proc/loadavg)"
row "figure" "measured" "comparison"
row "setup: create $((CONTAINERS - SMALL)) containers (curl -P$PARALLEL)" "$create_ms ms" ""
row "GET /targets/{id}/containers?all=true ($wf_target_items)" "p50 $wf_target_med / p95 $wf_target_p95 ms" "Engine API p50 $engine_med / p95 $engine_p95 ms ($engine_items)"
row "  response size" "$(human_bytes "$(size_of wf-target)")" "Engine API $(human_bytes "$(size_of engine)")"
row "GET /containers, all targets ($wf_all_items, $wf_all_failures failed)" "p50 $wf_all_med / p95 $wf_all_p95 ms" "Engine API p50 $engine_med / p95 $engine_p95 ms"
row "  response size" "$(human_bytes "$(size_of wf-all)")" "Engine API $(human_bytes "$(size_of engine)")"
if [ "$(result list_status "$work/browser-list.txt")" = ok ]; then
  row "Chromium: /containers shows $total (of $BROWSER_RUNS)" "min $(result list_min_ms "$work/browser-list.txt") ms, median $(result list_median_ms "$work/browser-list.txt") ms" "runs $(result list_runs "$work/browser-list.txt") ms"
else
  row "Chromium: /containers shows $total" "$(not_measured "$work/browser-list.txt" list)" ""
fi
row "logs follow, WindFlow API (${LOG_SECONDS} s)" "$(per_s "$wf_lines" "$wf_seconds") lines/s" "producer wrote $(per_s "$wf_produced" "$wf_seconds") lines/s ($(pct "$wf_lines" "$wf_produced") read)"
row "logs follow, docker logs -f (${LOG_SECONDS} s)" "$(per_s "$cli_lines" "$cli_seconds") lines/s" "producer wrote $(per_s "$cli_produced" "$cli_seconds") lines/s ($(pct "$cli_lines" "$cli_produced") read)"
row "WindFlow RSS before following" "$(mb "$rss_before_kb")" "after the listing runs"
row "WindFlow RSS while following (max, 1 s samples)" "$(mb "$rss_follow_max_kb")" "+$(( (rss_follow_max_kb - rss_before_kb) / 1024 )) MB"
if [ "$(result viewer_status "$work/browser-logs.txt")" = ok ]; then
  row "logs in the browser viewer (${VIEWER_SECONDS} s)" "$(result viewer_lines_per_s "$work/browser-logs.txt") lines/s" "RSS max $(mb "$rss_viewer_max_kb") meanwhile"
else
  row "logs in the browser viewer" "$(not_measured "$work/browser-logs.txt" viewer)" ""
fi
for size in small big; do
  f="$work/client-$size.txt"
  n=$(result containers "$f")
  row "DockerEngineClient.ListContainersAsync ($n)" "p50 $(result client_median_ms "$f") / p95 $(result client_p95_ms "$f") ms" "$(result calls "$f") calls"
  row "  curl, process start included" "p50 $(result curl_wall_median_ms "$f") / p95 $(result curl_wall_p95_ms "$f") ms" "WindFlow/curl p50 $(result ratio_wall_median "$f"), p95 $(result ratio_wall_p95 "$f")"
  row "  curl %{time_total} (no process start)" "p50 $(result curl_total_median_ms "$f") / p95 $(result curl_total_p95_ms "$f") ms" "WindFlow/curl p50 $(result ratio_total_median "$f"), p95 $(result ratio_total_p95 "$f")"
done
