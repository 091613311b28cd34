#!/bin/sh
# Makes the figures of docs/plots.md: runs every docs/examples/plots/*.dnn, whose plots
# name themselves (`name: "run"` → docs/images/run.svg). PlotDocsTests checks that the
# scripts run and that every figure the doc shows is one of theirs.
#   sh scripts/plot-docs.sh [path/to/dnnscript]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
dnnscript=${1:-"$root/.build/release/dnnscript"}
for script in "$root"/docs/examples/plots/*.dnn; do
    "$dnnscript" run --plots "$root/docs/images" "$script"
done
