#!/usr/bin/env bash
# Workflow canvas responsiveness (issue #6): NODES nodes (200) on the x6 island in Debian's
# Chromium, one node dragged with the mouse over DRAG_STEPS (300) moves; prints the frame time
# (requestAnimationFrame deltas) p50/p95/max and the calls that reached .NET. Builds the bundle.
set -euo pipefail
cd "$(dirname "$0")/.."
NODES="${NODES:-200}"
DRAG_STEPS="${DRAG_STEPS:-300}"
(cd wwwroot-assets && { [ -d node_modules ] || npm ci --no-audit --no-fund >&2; } && npm run build >&2)
dotnet build bench/WindFlow.Bench -c Release -v quiet -nologo >&2
dotnet bench/WindFlow.Bench/bin/Release/net10.0/WindFlow.Bench.dll canvas \
  "$PWD/WindFlow.Web/wwwroot/js/dist/workflow-editor.js" "$NODES" "$DRAG_STEPS" | sed -n 's/^RESULT //p'
