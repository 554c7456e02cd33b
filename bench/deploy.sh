#!/usr/bin/env bash
# Deploy figures (issue #4), on a private dockerd so /var/run/docker.sock is never touched:
#   1. deploying the same SERVICES-service stack (busybox, host network) through WindFlow's API (call
#      to run succeeded), with `docker-compose up -d` (Debian's v1) and with the engine's own floor
#      (create + start of the same containers by direct Engine API calls, all in parallel);
#   2. updating one value used by one service of that stack: time and containers touched;
#   3. WindFlow's RSS while PARALLEL_DEPLOYS deployments of it run at once.
# Prints one table. Usage: bash bench/deploy.sh (`make bench-deploy`); RUNS=5 SERVICES=10 by default.
set -euo pipefail
cd "$(dirname "$0")/.."

APP=${APP:-artifacts/publish/WindFlow.Web.dll}
SERVICES=${SERVICES:-10}
RUNS=${RUNS:-5}
PARALLEL_DEPLOYS=${PARALLEL_DEPLOYS:-5}
PORT=${PORT:-18082}
BASE="http://127.0.0.1:$PORT"
IMAGE=windflow-bench/busybox:latest
API=v1.41
export LC_ALL=C

[ -f "$APP" ] || { echo "missing $APP: run 'make publish' first" >&2; exit 1; }
PATH=$PATH:/usr/sbin:/sbin
for tool in jq curl docker dockerd docker-compose; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y docker.io docker-compose jq curl)" >&2; exit 1; }
done

log() { printf '[deploy.sh] %s\n' "$*" >&2; }
now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END { if (NR == 0) { print "n/a"; exit } print a[int((NR + 1) / 2)] }'; }

work=$(mktemp -d /tmp/wfdeploy.XXXXXX)
sock=$work/d.sock
dockerd_pid="" app_pid=""
dk() { DOCKER_HOST="unix://$sock" DOCKER_BUILDKIT=0 docker "$@"; }
engine() { curl -fs --unix-socket "$sock" "$@"; }

cleanup() {
  local status=$?
  set +e
  trap - EXIT INT TERM
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null; wait "$app_pid" 2>/dev/null; fi
  if [ -n "$dockerd_pid" ] && kill -0 "$dockerd_pid" 2>/dev/null; then
    dk ps -aq | xargs -r docker -H "unix://$sock" rm -f >/dev/null 2>&1
    kill -TERM "$dockerd_pid"
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

log "starting dockerd on $sock"
setsid dockerd --bridge=none --iptables=false --ip-forward=false --ip-masq=false \
  --host "unix://$sock" --data-root "$work/data" --exec-root "$work/x" --pidfile "$work/dockerd.pid" \
  >"$work/dockerd.log" 2>&1 &
dockerd_pid=$!
for _ in $(seq 1 300); do engine -o /dev/null http://localhost/_ping && break; sleep 0.2; done
engine -o /dev/null http://localhost/_ping || { echo "dockerd did not answer" >&2; tail "$work/dockerd.log" >&2; exit 1; }
mkdir "$work/image"
cp /bin/busybox "$work/image/busybox"
printf 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\nCMD ["sh"]\n' >"$work/image/Dockerfile"
dk build -q -t "$IMAGE" "$work/image" >/dev/null 2>"$work/build.err" || { cat "$work/build.err" >&2; exit 1; }

# The stack: SERVICES independent services; service i reads variable Vi, so changing one value touches one service.
template() { # $1: "handlebars" for WindFlow's template, "plain" for docker-compose's file
  echo "services:"
  for i in $(seq 1 "$SERVICES"); do
    local value="{{V$i}}"
    [ "$1" = plain ] && value=one
    printf '  s%s:\n    image: %s\n    network_mode: host\n    stop_grace_period: 1s\n    environment:\n      V: "%s"\n    command: ["sleep", "3600"]\n' "$i" "$IMAGE" "$value"
  done
}
template plain >"$work/docker-compose.yml"

log "starting WindFlow on $BASE"
WINDFLOW_URLS=$BASE WINDFLOW_DATA_DIR=$work/app WINDFLOW_ADMIN_USER=bench-admin WINDFLOW_ADMIN_PASSWORD=bench-password-123 \
  Docker__AutoRegisterLocal=false Logging__LogLevel__Default=Warning dotnet "$APP" >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 600); do curl -fs -o /dev/null "$BASE/api/health" && break; sleep 0.1; done
token=$(curl -fs -H 'Content-Type: application/json' -d '{"username":"bench-admin","password":"bench-password-123"}' "$BASE/api/v1/auth/token" | jq -r .accessToken)
api() { curl -fs -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
target=$(api -d "{\"name\":\"bench\",\"endpoint\":\"unix://$sock\"}" "$BASE/api/v1/targets" | jq -r .id)
variables=$(for i in $(seq 1 "$SERVICES"); do printf '"V%s":{"type":"string","default":"one"}\n' "$i"; done | paste -sd, -)
stack=$(jq -n --arg t "$(template handlebars)" --argjson v "{$variables}" '{name:"bench-stack",template:$t,variables:$v}' | api -d @- "$BASE/api/v1/stacks" | jq -r .id)

wait_run() { # $1 run id; prints the final status
  local status
  while true; do
    status=$(api "$BASE/api/v1/runs/$1" | jq -r .status)
    case $status in succeeded|failed|cancelled) echo "$status"; return ;; esac
    sleep 0.02
  done
}
windflow_deploy() { # $1 project name; prints "ms deploymentId"
  local t0 body run status
  t0=$(now_ms)
  body=$(api -d "{\"stackId\":\"$stack\",\"targetId\":\"$target\",\"name\":\"$1\",\"values\":{}}" "$BASE/api/v1/deployments")
  run=$(jq -r .runId <<<"$body")
  status=$(wait_run "$run")
  [ "$status" = succeeded ] || { echo "WindFlow deploy $1 $status" >&2; api "$BASE/api/v1/runs/$run/events" >&2; exit 1; }
  echo "$(( $(now_ms) - t0 )) $(jq -r .deploymentId <<<"$body")"
}
windflow_remove() { wait_run "$(api -X DELETE "$BASE/api/v1/deployments/$1" | jq -r .runId)" >/dev/null; }
floor_deploy() { # $1 prefix: create + start every container by direct Engine API calls, in parallel
  local t0 i pids=()
  t0=$(now_ms)
  for i in $(seq 1 "$SERVICES"); do
    (id=$(engine -H 'Content-Type: application/json' \
        -d "{\"Image\":\"$IMAGE\",\"Cmd\":[\"sleep\",\"3600\"],\"Env\":[\"V=one\"],\"HostConfig\":{\"NetworkMode\":\"host\"}}" \
        "http://localhost/$API/containers/create?name=$1-s$i" | jq -r .Id) &&
      engine -X POST "http://localhost/$API/containers/$id/start") &
    pids+=($!)
  done
  # Only these: a bare `wait` would also wait for dockerd and WindFlow, which run in the background too.
  wait "${pids[@]}"
  echo $(( $(now_ms) - t0 ))
}

# Warm-up: first container starts on a fresh daemon are slower for every method alike.
floor_deploy warm >/dev/null; dk rm -f $(dk ps -aq) >/dev/null

: >"$work/wf.txt"; : >"$work/dc.txt"; : >"$work/floor.txt"
for run in $(seq 1 "$RUNS"); do
  log "run $run/$RUNS"
  read -r ms id < <(windflow_deploy "wf$run"); echo "$ms" >>"$work/wf.txt"; windflow_remove "$id"
  t0=$(now_ms); DOCKER_HOST="unix://$sock" docker-compose -p "dc$run" -f "$work/docker-compose.yml" up -d >/dev/null 2>&1
  echo $(( $(now_ms) - t0 )) >>"$work/dc.txt"
  DOCKER_HOST="unix://$sock" docker-compose -p "dc$run" -f "$work/docker-compose.yml" down -t 1 >/dev/null 2>&1
  floor_deploy "fl$run" >>"$work/floor.txt"; dk rm -f $(dk ps -aq) >/dev/null
done
wf=$(median <"$work/wf.txt"); dc=$(median <"$work/dc.txt"); fl=$(median <"$work/floor.txt")

log "update of one service"
read -r _ upd < <(windflow_deploy upd)
before=$(dk ps -q --no-trunc --filter label=com.docker.compose.project=upd | sort)
t0=$(now_ms)
run=$(api -X PUT -d '{"values":{"V3":"two"}}' "$BASE/api/v1/deployments/$upd" | jq -r .runId)
[ "$(wait_run "$run")" = succeeded ] || { echo "update failed" >&2; exit 1; }
update_ms=$(( $(now_ms) - t0 ))
after=$(dk ps -q --no-trunc --filter label=com.docker.compose.project=upd | sort)
touched=$(comm -13 <(echo "$before") <(echo "$after") | grep -c . || true)
windflow_remove "$upd"

log "$PARALLEL_DEPLOYS deployments at once"
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$app_pid/status"; }
rss_before=$(rss); peak=$rss_before
t0=$(now_ms)
deploys=()
for i in $(seq 1 "$PARALLEL_DEPLOYS"); do windflow_deploy "par$i" >"$work/par$i.txt" & deploys+=($!); done
alive() { local p; for p in "${deploys[@]}"; do kill -0 "$p" 2>/dev/null && return 0; done; return 1; }
while alive; do r=$(rss); [ "$r" -gt "$peak" ] && peak=$r; sleep 0.05; done
wait "${deploys[@]}"
parallel_ms=$(( $(now_ms) - t0 ))
running=$(dk ps -q --filter label=com.docker.compose.project | wc -l)

printf '\n| figure (%s services, median of %s runs, load %s) | measured |\n|---|---|\n' "$SERVICES" "$RUNS" "$(cut -d' ' -f1 /proc/loadavg)"
printf '| WindFlow: API call to run succeeded | %s ms (runs: %s) |\n' "$wf" "$(paste -sd, "$work/wf.txt")"
printf '| docker-compose v1 up -d | %s ms (runs: %s) |\n' "$dc" "$(paste -sd, "$work/dc.txt")"
printf '| engine floor (parallel create+start over the API) | %s ms (runs: %s) |\n' "$fl" "$(paste -sd, "$work/floor.txt")"
awk -v w="$wf" -v d="$dc" -v f="$fl" 'BEGIN { printf "| WindFlow / docker-compose | %.2f |\n| WindFlow / floor | %.2f |\n", w / d, w / f }'
printf '| update of 1 value used by 1 service | %s ms, %s container(s) replaced |\n' "$update_ms" "$touched"
printf '| %s deployments at once (%s containers) | %s ms; RSS %s MB before, %s MB peak |\n' "$PARALLEL_DEPLOYS" "$running" "$parallel_ms" "$rss_before" "$peak"
