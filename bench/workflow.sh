#!/usr/bin/env bash
# Workflow engine overhead (issue #6): a NODES-node chain of no-op nodes and a NODES-wide
# fan-out into one join, RUNS measured runs each after one warm-up. Knobs: NODES (500), RUNS (5).
set -euo pipefail
cd "$(dirname "$0")/.."
NODES="${NODES:-500}"
RUNS="${RUNS:-5}"
dotnet build bench/WindFlow.WorkflowBench -c Release -v quiet -nologo >&2
dotnet bench/WindFlow.WorkflowBench/bin/Release/net10.0/WindFlow.WorkflowBench.dll "$NODES" "$RUNS"
