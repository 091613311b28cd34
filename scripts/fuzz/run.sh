#!/usr/bin/env bash
# Fuzzes the interpreter with libFuzzer: builds Sources/dnnfuzz with bounds checks (a debug
# build, not -Ounchecked) under -sanitize=fuzzer,address in .build-fuzz, seeds the corpus
# with every .dnn in the repository (goldens, assignments, labs, exercises) and gives it the
# language's words as a dictionary. docs/fuzzing.md says how to read what it finds.
#
#   scripts/fuzz/run.sh [SECONDS] [libFuzzer flags…]    (default 60 s; 0 = until stopped)
#   scripts/fuzz/run.sh build                           (only builds .build-fuzz/debug/dnnfuzz)
#
# Everything an input could write (saves are refused, plots are not written) and the corpus,
# dictionary and crash files stay under the work folder: DNNFUZZ_WORK, default a new temp
# folder, printed at the end. Each input is interrupted after DNNFUZZ_BUDGET seconds (default
# 1) through the host's interrupt, like Ctrl-C; one still running after -timeout is a hang.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-60}
[ $# -gt 0 ] && shift

cd "$root"
# The driver is looked up at run time, so it must be in the dynamic symbol table.
swift build --build-path .build-fuzz -c debug --product dnnfuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DDNNFUZZ_LIBFUZZER -Xlinker --export-dynamic
fuzzer="$root/.build-fuzz/debug/dnnfuzz"
[ "$seconds" = build ] && exit 0

work=${DNNFUZZ_WORK:-$(mktemp -d -t dnnfuzz-XXXXXX)}
mkdir -p "$work/corpus" "$work/seeds" "$work/crashes"
# Seeds: each .dnn under a name made of its path, so same-named files do not collide.
find Tests scripts -name '*.dnn' -print0 | while IFS= read -r -d '' file; do
    cp "$file" "$work/seeds/$(echo "$file" | tr '/' '_')"
done
DNNFUZZ_PRINT_DICTIONARY=1 "$fuzzer" > "$work/dnnscript.dict"

cd "$work"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}
status=0
"$fuzzer" corpus seeds -dict=dnnscript.dict -max_total_time="$seconds" -timeout=20 \
    -rss_limit_mb=6144 -malloc_limit_mb=2200 -max_len=4096 -detect_leaks=0 \
    -artifact_prefix="$work/crashes/" -print_final_stats=1 "$@" || status=$?
found=$(find "$work/crashes" -type f | wc -l)
echo "fuzz: $found finding(s); work folder $work (corpus, dnnscript.dict, crashes/)"
if [ "$status" -ne 0 ] || [ "$found" -ne 0 ]; then
    echo "fuzz: replay one with: swift build --product dnnfuzz && .build/debug/dnnfuzz CRASH-FILE" >&2
    exit 1
fi
