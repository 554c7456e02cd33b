#!/usr/bin/env bash
# Creates the .env file docker-compose.yml reads, or completes it: every missing or empty setting gets
# its default, every missing or empty secret a new random value. A value already there is never
# changed, so running it again is harmless. The file is private (mode 600) and never committed.
#   scripts/gen-env.sh [ENV_FILE]      (default: .env next to docker-compose.yml)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/env-file.sh
. "$here/env-file.sh"
env_file=${1:-${WINDFLOW_ENV_FILE:-$here/../.env}}

# 32 characters from [A-Za-z0-9]: ~190 bits, and safe unquoted in .env, URLs, connection strings and JSON.
secret() {
  local chars=""
  while [ "${#chars}" -lt 32 ]; do
    chars+=$(head -c 256 /dev/urandom | LC_ALL=C tr -dc 'A-Za-z0-9')
  done
  printf '%s' "${chars:0:32}"
}

# WindFlow's Auth__JwtSigningKey: base64 of 32 random bytes.
signing_key() {
  head -c 32 /dev/urandom | base64 | tr -d '\n'
}

# The group that owns the Docker socket, so WindFlow's non-root user can reach the engine.
docker_gid() {
  stat -c %g "${ENV_VALUES[DOCKER_SOCKET]}" 2>/dev/null || echo 0
}

# KEY and how to make its value (a word: the value; a function name: its output), in file order.
settings=(
  COMPOSE_PROJECT_NAME windflow
  WINDFLOW_DOMAIN localhost
  WINDFLOW_HTTP_PORT 80
  # The addresses browsers use (Traefik routes keycloak.DOMAIN and grafana.DOMAIN): change them with
  # WINDFLOW_DOMAIN, or to https://... when TLS is terminated in front of Traefik.
  WINDFLOW_PUBLIC_URL http://localhost
  KEYCLOAK_PUBLIC_URL http://keycloak.localhost
  GRAFANA_PUBLIC_URL http://grafana.localhost
  WINDFLOW_ADMIN_USER admin
  # The engine WindFlow manages as target `local` (rootless Docker: /run/user/UID/docker.sock).
  DOCKER_SOCKET /var/run/docker.sock
  DOCKER_GID docker_gid
  WINDFLOW_ADMIN_PASSWORD secret
  WINDFLOW_JWT_SIGNING_KEY signing_key
  WINDFLOW_OIDC_CLIENT_SECRET secret
  POSTGRES_PASSWORD secret
  KEYCLOAK_ADMIN_PASSWORD secret
  KEYCLOAK_DB_PASSWORD secret
  GRAFANA_ADMIN_PASSWORD secret
  # WindFlow's Metrics__BearerToken; Prometheus reads the same value from .secrets/ (below).
  WINDFLOW_METRICS_TOKEN secret
)

if [ ! -e "$env_file" ]; then
  (umask 077 && cat >"$env_file" <<'HEADER'
# WindFlow Docker Compose settings and secrets, made by scripts/gen-env.sh. Keep it private (mode 600)
# and out of version control. Edit the settings freely; the scripts never replace a value here,
# except in the "Extensions" block, which scripts/extensions.sh (make enable-*/disable-*) rewrites.
HEADER
  )
fi
chmod 600 "$env_file"
env_load "$env_file"

updates=()
added=()
for ((i = 0; i < ${#settings[@]}; i += 2)); do
  key=${settings[i]} make=${settings[i + 1]}
  if [ -z "${ENV_VALUES[$key]:-}" ]; then
    if [ "$(type -t "$make")" = function ]; then value=$($make); else value=$make; fi
    ENV_VALUES[$key]=$value
    updates+=("$key=$value")
    added+=("$key")
  fi
done

if [ "${#updates[@]}" -gt 0 ]; then
  env_set "$env_file" "${updates[@]}"
  echo "$env_file: added ${added[*]}"
fi

# Prometheus reads its bearer token from a file, not from the environment: keep the file in step with
# .env on every run. The directory is private; the file itself must be readable by Prometheus' own
# user inside its container, where it is bind-mounted alone.
secrets_dir=$(dirname "$env_file")/.secrets
(umask 077 && mkdir -p "$secrets_dir")
chmod 700 "$secrets_dir"
token_file=$secrets_dir/windflow-metrics-token
if [ ! -f "$token_file" ] || [ "$(cat "$token_file")" != "${ENV_VALUES[WINDFLOW_METRICS_TOKEN]}" ]; then
  (umask 022 && printf '%s' "${ENV_VALUES[WINDFLOW_METRICS_TOKEN]}" >"$token_file.tmp")
  mv "$token_file.tmp" "$token_file"
fi
chmod 644 "$token_file"
