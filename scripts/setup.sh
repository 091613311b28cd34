#!/usr/bin/env bash
# Installs the system libraries dnnscript builds against, when they are missing
# (Debian/Ubuntu): OpenBLAS for products, GNU readline for the REPL, zlib for MAT-files,
# libzmq for the Jupyter kernel, cmark-gfm for markdown cells.
set -euo pipefail
need=()
for pkg in libopenblas-dev libreadline-dev zlib1g-dev libzmq3-dev libcmark-gfm-dev libcmark-gfm-extensions-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${need[@]}"
