#!/usr/bin/env bash
# WindFlow's Docker Compose extensions, remembered in .env (the make targets call this script).
#   scripts/extensions.sh [-f ENV_FILE] COMMAND [EXTENSION...]
# Commands:
#   list                 the enabled extensions
#   enable EXT...        enable extensions (workers brings database along)
#   disable EXT...       disable extensions (database takes workers along)
#   set [EXT...]         enable exactly these; none is the minimal core
#   services EXT...      the compose services an extension adds
#   up [--build]         start what is enabled and remove the containers of disabled extensions
#   status | logs [SERVICE...] | down   (down: every extension's containers too; volumes stay)
# Extensions: database, sso, monitoring, workers. `cache` only explains why there is none.
# The enabled set is COMPOSE_PROFILES in .env; the WindFlow settings it implies (database provider
# and connection, Quartz clustering, SSO) are written next to it, so plain docker-compose agrees.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=scripts/env-file.sh
. "$here/env-file.sh"

env_file=${WINDFLOW_ENV_FILE:-$root/.env}
if [ "${1:-}" = "-f" ]; then
  env_file=$2
  shift 2
fi
command=${1:-list}
shift || true

all_extensions=(database sso monitoring workers)

services_of() {
  case $1 in
    database) echo postgres ;;
    sso) echo keycloak keycloak-db ;;
    monitoring) echo prometheus grafana node-exporter ;;
    workers) echo windflow-worker ;;
  esac
}

explain_cache() {
  cat <<'TEXT'
WindFlow has no cache extension, so there is nothing to enable or disable.
The original design used Redis for sessions, pub/sub and the Celery broker. WindFlow needs none of
them: sign-in lives in cookies (their keys in the database) and a browser's Blazor circuit stays on
one instance (sticky cookie); background work is Quartz with its store in the database, shared by
several instances on PostgreSQL (make enable-workers); events between instances are to travel over
PostgreSQL LISTEN/NOTIFY (issue #7). A cache would be one more service to run and secure for nothing.
TEXT
}

check_name() {
  case $1 in
    database | sso | monitoring | workers) ;;
    *)
      echo "Unknown extension '$1'. Extensions: ${all_extensions[*]} (and cache, which WindFlow does not need)." >&2
      exit 2
      ;;
  esac
}

enabled() {
  env_load "$env_file"
  tr ',' ' ' <<<"${ENV_VALUES[COMPOSE_PROFILES]:-}"
}

without() { # NAME LIST...: the list without NAME
  local name=$1 item kept=()
  shift
  for item in "$@"; do [ "$item" = "$name" ] || kept+=("$item"); done
  echo "${kept[*]}"
}

is_in() { # NAME LIST...
  local name=$1 item
  shift
  for item in "$@"; do [ "$item" = "$name" ] && return 0; done
  return 1
}

# Writes the enabled set (in canonical order) and the settings that follow from it.
save() {
  local wanted=("$@") final=() name
  if is_in workers "${wanted[@]}" && ! is_in database "${wanted[@]}"; then
    echo "workers share PostgreSQL: enabling database too."
    wanted+=(database)
  fi
  for name in "${all_extensions[@]}"; do
    if is_in "$name" "${wanted[@]}"; then final+=("$name"); fi
  done

  "$here/gen-env.sh" "$env_file" >/dev/null
  env_load "$env_file"
  grep -q '^# Extensions' "$env_file" ||
    printf '# Extensions: rewritten by scripts/extensions.sh (make enable-*/disable-*).\n' >>"$env_file"
  local profiles provider=sqlite connection="" clustered=false sso=false
  profiles=$(
    IFS=,
    echo "${final[*]}"
  )
  if is_in database "${final[@]}"; then
    provider=postgres
    connection="Host=postgres;Port=5432;Database=windflow;Username=windflow;Password=${ENV_VALUES[POSTGRES_PASSWORD]}"
  fi
  if is_in workers "${final[@]}"; then clustered=true; fi
  if is_in sso "${final[@]}"; then sso=true; fi
  env_set "$env_file" "COMPOSE_PROFILES=$profiles" "WINDFLOW_DATABASE_PROVIDER=$provider" \
    "WINDFLOW_DATABASE_CONNECTION=$connection" "WINDFLOW_SCHEDULING_CLUSTERED=$clustered" "WINDFLOW_SSO_ENABLED=$sso"
  echo "Extensions: ${profiles:-none (minimal core)}"
}

compose() {
  if [ -z "${COMPOSE:-}" ]; then
    if docker compose version >/dev/null 2>&1; then COMPOSE="docker compose"; else COMPOSE=docker-compose; fi
  fi
  # shellcheck disable=SC2086 # COMPOSE is a command and its first arguments
  $COMPOSE --project-directory "$root" -f "$root/docker-compose.yml" --env-file "$env_file" "$@"
}

# Starts PostgreSQL first and waits for it: WindFlow checks its database once at start-up.
wait_healthy() {
  local id status
  id=$(compose ps -q "$1")
  for _ in $(seq 1 90); do
    status=$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$id")
    case $status in
      healthy | running) return 0 ;;
      unhealthy | exited | dead)
        echo "$1 is $status; see: make logs SERVICE=$1" >&2
        return 1
        ;;
    esac
    sleep 2
  done
  echo "$1 did not become healthy in 3 minutes; see: make logs SERVICE=$1" >&2
  return 1
}

up() {
  local current name disabled=()
  "$here/gen-env.sh" "$env_file"
  read -ra current <<<"$(enabled)"
  if is_in database "${current[@]}"; then
    compose up -d postgres
    wait_healthy postgres
  fi
  compose up -d --remove-orphans "$@"
  for name in "${all_extensions[@]}"; do
    if ! is_in "$name" "${current[@]}"; then
      # shellcheck disable=SC2207 # service names have no spaces
      disabled+=($(services_of "$name"))
    fi
  done
  # Containers of disabled extensions go; their named volumes (data) stay. (Never without names:
  # `rm --stop` with none would take every service down.)
  if [ "${#disabled[@]}" -gt 0 ]; then
    compose rm --stop --force "${disabled[@]}" >/dev/null
  fi
  echo
  env_load "$env_file"
  echo "WindFlow: ${ENV_VALUES[WINDFLOW_PUBLIC_URL]}/ (user ${ENV_VALUES[WINDFLOW_ADMIN_USER]}," \
    "password: WINDFLOW_ADMIN_PASSWORD in $env_file)"
  echo "Traefik dashboard: http://127.0.0.1:8080/   Status: make status   Logs: make logs"
}

case $command in
  list)
    read -ra current <<<"$(enabled)"
    if [ "${#current[@]}" -eq 0 ]; then echo "none (minimal core)"; else echo "${current[*]}"; fi
    ;;
  enable | disable | set)
    if [ "$*" = cache ]; then
      explain_cache
      exit 0
    fi
    read -ra current <<<"$(enabled)"
    wanted=()
    [ "$command" = set ] || wanted=("${current[@]}")
    for name in "$@"; do
      check_name "$name"
      if [ "$command" = disable ]; then
        if [ "$name" = database ] && is_in database "${wanted[@]}"; then
          echo "WindFlow goes back to SQLite (its data in the windflow-data volume); the PostgreSQL data stays in its volume."
          if is_in workers "${wanted[@]}"; then
            echo "workers need PostgreSQL: disabling workers too."
            read -ra wanted <<<"$(without workers "${wanted[@]}")"
          fi
        fi
        read -ra wanted <<<"$(without "$name" "${wanted[@]}")"
      else
        wanted+=("$name")
      fi
    done
    save "${wanted[@]}"
    ;;
  services)
    for name in "$@"; do
      check_name "$name"
      services_of "$name"
    done
    ;;
  up) up "$@" ;;
  status)
    echo "Extensions: $("$0" -f "$env_file" list)"
    compose ps "$@"
    ;;
  logs) compose logs -f --tail=200 "$@" ;;
  down)
    # Every profile, so the containers of all extensions go, enabled or not.
    COMPOSE_PROFILES=$(
      IFS=,
      echo "${all_extensions[*]}"
    ) compose down --remove-orphans
    ;;
  *)
    sed -n '2,15p' "$0" >&2
    exit 2
    ;;
esac
