#!/usr/bin/env bash
# CI: the Jupyter kernel (issue 11) against the release binary — the Jupyter project's
# conformance suite (jupyter_kernel_test), end-to-end jupyter_client tests, and the three
# assignments re-run as notebooks under nbclient (Tests/kernel/README.md).
# Installs the Python packages it needs (idempotent); exits non-zero on any failure, when
# no test ran (pytest's exit 5), when the run overruns its time limit, or when a kernel
# process outlives the tests. Arguments are passed to pytest (e.g. -k interrupt).
set -uo pipefail
cd "$(dirname "$0")/../.."

export DNNSCRIPT="${DNNSCRIPT:-$PWD/.build/release/dnnscript}"
[ -x "$DNNSCRIPT" ] || { echo "kernel.sh: $DNNSCRIPT not found (build with: make build)"; exit 1; }
if [ -z "${DNNSCRIPT_COURSE_DATA:-}" ] && [ -f ../shared/course-data/data.mat ]; then
  export DNNSCRIPT_COURSE_DATA="$(cd ../shared/course-data && pwd)/data.mat"
fi
[ -n "${DNNSCRIPT_COURSE_DATA:-}" ] || echo "kernel.sh: DNNSCRIPT_COURSE_DATA is not set; assignment 2 runs on its stand-in data only"

packages=(jupyter_client jupyter-kernel-test nbclient nbformat pytest pytest-timeout)
pip_install() { python3 -m pip install -q --disable-pip-version-check "$@" "${packages[@]}"; }
if ! pip_install 2>/dev/null; then
  # A Python that refuses (PEP 668's externally managed environment): install anyway, as root CI does.
  pip_install --break-system-packages || { echo "kernel.sh: cannot install ${packages[*]}"; exit 1; }
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Under 4 minutes in all: SIGINT at 220 s lets pytest tear its kernels down and report.
start=$(date +%s)
timeout --signal=INT --kill-after=20 220 \
  python3 -m pytest Tests/kernel -p no:cacheprovider --basetemp "$work/pytest" --timeout 150 -ra -q "$@" \
  2>&1 | tee "$work/pytest.log"
status=${PIPESTATUS[0]}
elapsed=$(( $(date +%s) - start ))

# Every kernel the tests started had its connection file under $work: none may be left.
orphans=$(pgrep -f -- "$work" || true)
if [ -n "$orphans" ]; then
  echo "kernel.sh: kernel processes outlived the tests: $(echo $orphans)"
  for pid in $orphans; do kill -9 "$pid" 2>/dev/null || true; done
  [ "$status" -eq 0 ] && status=1
fi

# pytest's closing line, e.g. "2 failed, 75 passed, 2 skipped, 24 subtests passed in 107.77s".
closing=$(grep -E '^=*\s*[0-9]+ (passed|failed|skipped|errors?|deselected)' "$work/pytest.log" | tail -n 1)
count() { echo "$closing" | grep -oE "(^|[ =,])[0-9]+ $1" | grep -oE '[0-9]+' | head -n 1; }
passed=$(count passed); failed=$(count failed); errors=$(count 'errors?'); skipped=$(count skipped)
passed=${passed:-0}; failed=$(( ${failed:-0} + ${errors:-0} )); skipped=${skipped:-0}
case "$status" in
  0) ;;
  5) echo "kernel.sh: pytest collected no tests"; status=1 ;;
  124|137) echo "kernel.sh: the kernel tests overran their time limit (${elapsed} s)"; status=1 ;;
esac
if [ $(( passed + failed )) -eq 0 ]; then echo "kernel.sh: no test ran"; status=1; fi
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1  # an interrupted or broken run is a failure
echo "kernel.sh: ${elapsed} s"
echo "kernel: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
