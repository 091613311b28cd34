#!/usr/bin/env bash
# CI check: no input crashes or hangs the interpreter (issue 13). Runs, side by side on the
# machine's two processors, the libFuzzer target for 60 s (scripts/fuzz/run.sh, its own
# sanitizer build in .build-fuzz) and the structured generator for 60 s against the release
# binary (scripts/fuzz/generate.py). Fails on any finding; the findings are kept.
set -u
cd "$(dirname "$0")/../.."
BIN=.build/release/dnnscript
[ -x "$BIN" ] || { echo "fuzz.sh: $BIN not found (build with: swift build -c release)"; exit 1; }
findings=$(mktemp -d -t dnnfuzz-findings-XXXXXX)

# Build first (the build wants both processors), then fuzz and generate at once.
scripts/fuzz/run.sh build > "$findings/build.log" 2>&1 \
    || { cat "$findings/build.log"; echo "fuzz.sh: the fuzzer did not build"; exit 1; }
python3 scripts/fuzz/generate.py "$BIN" --seconds 60 --timeout 20 --grace 30 --findings "$findings/generated" &
generator=$!
DNNFUZZ_WORK="$findings/libfuzzer" scripts/fuzz/run.sh 60 > "$findings/libfuzzer.log" 2>&1
fuzzer=$?
wait "$generator"
generated=$?
tail -n 3 "$findings/libfuzzer.log"
if [ "$fuzzer" -ne 0 ] || [ "$generated" -ne 0 ]; then
    echo "fuzz.sh: FAIL: findings under $findings"
    exit 1
fi
rm -rf "$findings"
echo "fuzz.sh: no crash or hang"
