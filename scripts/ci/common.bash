# Sourced by the CI checks in scripts/ci/*.sh (not a check itself): strict variables, the
# package root as working directory, the release binary in $BIN (or stop), a scratch
# folder $OUT removed on exit, and fail() counting into $failures.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
CHECK=$(basename "$0")
BIN=$(pwd)/.build/release/dnnscript
[ -x "$BIN" ] || { echo "$CHECK: $BIN not found (build with: swift build -c release)"; exit 1; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
