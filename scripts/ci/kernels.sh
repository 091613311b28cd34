#!/usr/bin/env bash
# CI check for the kernel paths chosen at run time (issue 13; docs/engine.md, "Speed"), run
# on a release build: assignment1 and assignment3 run with the processor's own path, then
# with DNNSCRIPT_KERNELS forcing each lower path this processor has (avx2, generic). Every
# run must exit 0 (the scripts check the course's numbers themselves) and print:
#  - with avx2 under avx512: the same numbers, digit for digit (both use fused multiply-adds
#    in the same order);
#  - with generic: the same numbers to 1e-12 relative (it rounds each multiply-add twice),
#    the random×10 run of assignment 1, which is chaotic (it moves by 3e-4 here, and by
#    5e-3 between the builds before and after the kernels moved to C), to 1e-2
#    (scripts/ci/same_numbers.py).
# A bad DNNSCRIPT_KERNELS must stop the binary with exit 64 and a message.
source "$(dirname "$0")/common.bash"

# The paths this processor has, from the kernel's account of it (cpuid decides in the binary).
flags=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || true)
has() { for f in "$@"; do [[ " $flags " == *" $f "* ]] || return 1; done; }
lower=()
if has avx512f avx512dq avx512cd avx512bw avx512vl avx2 fma; then lower=(avx2 generic)
elif has avx2 fma; then lower=(generic)
fi
[ ${#lower[@]} -gt 0 ] || echo "kernels.sh: this processor runs the generic kernels only; nothing lower to force"

runs=0
for script in assignment1 assignment3; do
    "$BIN" --no-plots "scripts/$script.dnn" > "$OUT/$script.default" 2> "$OUT/$script.default.err"
    rc=$?
    [ "$rc" -eq 0 ] || { fail "$script exited $rc with its default kernels"; sed 's/^/    /' "$OUT/$script.default.err" | head -20; continue; }
    for path in "${lower[@]}"; do
        runs=$((runs + 1))
        DNNSCRIPT_KERNELS=$path "$BIN" --no-plots "scripts/$script.dnn" > "$OUT/$script.$path" 2> "$OUT/$script.$path.err"
        rc=$?
        [ "$rc" -eq 0 ] || { fail "$script exited $rc with DNNSCRIPT_KERNELS=$path"; sed 's/^/    /' "$OUT/$script.$path.err" | head -20; continue; }
        if [ "$path" = generic ]; then tolerance=(--rtol 1e-12 --chaotic-rtol 1e-2); else tolerance=(); fi
        python3 scripts/ci/same_numbers.py "$OUT/$script.default" "$OUT/$script.$path" "${tolerance[@]}" > "$OUT/diff" \
            || { fail "$script with DNNSCRIPT_KERNELS=$path printed other numbers"; sed 's/^/    /' "$OUT/diff"; }
    done
done

DNNSCRIPT_KERNELS=avx3 "$BIN" --no-plots scripts/assignment3.dnn > /dev/null 2> "$OUT/bad.err"
rc=$?
[ "$rc" -eq 64 ] || fail "DNNSCRIPT_KERNELS=avx3 exited $rc, not 64"
grep -q "DNNSCRIPT_KERNELS='avx3' names no kernel path" "$OUT/bad.err" || fail "DNNSCRIPT_KERNELS=avx3 gave no message"

echo "kernels.sh: 2 scripts, $runs forced runs (${lower[*]:-none}); $failures failure(s)"
[ "$failures" -eq 0 ]
