# shellcheck shell=bash
# Helpers for the KEY=VALUE file docker-compose reads (.env); sourced by gen-env.sh and extensions.sh.
# Values are written verbatim (no quotes): the scripts only write values without spaces, quotes or `$`.
# Bash only, few processes: these run on every make target.

# env_load FILE: reads the KEY=VALUE lines of FILE into the associative array ENV_VALUES (first one wins).
declare -gA ENV_VALUES
env_load() {
  ENV_VALUES=()
  [ -f "$1" ] || return 0
  local line
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      '#'* | '') ;;
      *=*) [ -n "${ENV_VALUES[${line%%=*}]+set}" ] || ENV_VALUES[${line%%=*}]=${line#*=} ;;
    esac
  done <"$1"
}

# env_set FILE KEY=VALUE...: replaces each KEY's line in place, or appends it, in one pass. The file is
# rewritten through a private temporary file, so it is never readable by others, not even for a moment.
env_set() {
  local file=$1 tmp
  shift
  tmp=$(umask 077 && mktemp "$file.XXXXXX")
  # Pairs come in as awk operands and are blanked before awk reads input, so only FILE is read and
  # values are taken as they are (no escape processing).
  awk '
    BEGIN {
      for (i = 2; i < ARGC; i++) {
        eq = index(ARGV[i], "="); key = substr(ARGV[i], 1, eq - 1)
        value[key] = substr(ARGV[i], eq + 1); order[++n] = key; ARGV[i] = ""
      }
    }
    /^[A-Za-z_][A-Za-z0-9_]*=/ {
      key = substr($0, 1, index($0, "=") - 1)
      if (key in value) { if (!(key in done)) print key "=" value[key]; done[key] = 1; next }
    }
    { print }
    END { for (i = 1; i <= n; i++) if (!(order[i] in done)) print order[i] "=" value[order[i]] }
  ' "$file" "$@" >"$tmp"
  chmod 600 "$tmp"
  mv -f "$tmp" "$file"
}
