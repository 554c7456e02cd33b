#!/usr/bin/env bash
# Permission check cost (issue #5) with WindFlow.PermissionBench (Core only, not in the solution):
# the table lookup, a guard check with the request's access already loaded, and a first check
# that loads it (from memory: the real store adds one indexed read per request). Knob: CHECKS (2000000).
set -euo pipefail
cd "$(dirname "$0")/.."
CHECKS="${CHECKS:-2000000}"
dotnet build bench/WindFlow.PermissionBench -c Release -v quiet -nologo >&2
dotnet bench/WindFlow.PermissionBench/bin/Release/net10.0/WindFlow.PermissionBench.dll "$CHECKS"
