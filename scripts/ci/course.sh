#!/usr/bin/env bash
# CI check for the course scripts (issue 6), run after `swift test` on a release build.
#  - scripts/assignment{1,2,3}.dnn and every scripts/labs/*.dnn must exit 0;
#  - every scripts/labs/exercises/*.dnn must exit non-zero, name each of its open holes, and
#    print no `exercise N…: correct` for a hole `exercise N: …` still open;
#  - assignment2 runs with $DNNSCRIPT_COURSE_DATA when set, and always also without the
#    data, where it must exit 0 and list the checks it skipped;
#  - the three assignments are timed together (target: under 5 s);
#  - scripts/assignment4.dnn (Week 2) must exit 0, print the notebook's %f cost lines, and
#    its seven runs are timed (target: under 3 s).
source "$(dirname "$0")/common.bash"

run() {  # run NAME SCRIPT [ARGS…]: runs with plots into $OUT/plots, output into $OUT/NAME.{out,err}
    local name=$1; shift
    "$BIN" --plots "$OUT/plots" "$@" > "$OUT/$name.out" 2> "$OUT/$name.err"
}

# The three assignments, timed together (plots included).
DATA_ARG=()
if [ -n "${DNNSCRIPT_COURSE_DATA:-}" ]; then
    DATA_ARG=("$DNNSCRIPT_COURSE_DATA")
else
    echo "course.sh: DNNSCRIPT_COURSE_DATA is not set; assignment2 runs on its stand-in data only"
fi
start=$(date +%s%N)
TIMEFORMAT='%U %S'
cpu=$( { time {
    run assignment1 scripts/assignment1.dnn; echo $? > "$OUT/rc1"
    run assignment2 scripts/assignment2.dnn "${DATA_ARG[@]}"; echo $? > "$OUT/rc2"
    run assignment3 scripts/assignment3.dnn; echo $? > "$OUT/rc3"
} ; } 2>&1 )
end=$(date +%s%N)
rc1=$(cat "$OUT/rc1"); rc2=$(cat "$OUT/rc2"); rc3=$(cat "$OUT/rc3")
elapsed_ms=$(( (end - start) / 1000000 ))
read -r cpu_user cpu_sys <<< "$cpu"
printf 'course.sh: the three assignments took %d.%03d s wall clock together (CPU: user %s s, sys %s s; target < 5 s)\n' \
    $((elapsed_ms / 1000)) $((elapsed_ms % 1000)) "$cpu_user" "$cpu_sys"
for pair in "assignment1 $rc1" "assignment2 $rc2" "assignment3 $rc3"; do
    set -- $pair
    if [ "$2" -ne 0 ]; then fail "$1 exited $2"; sed 's/^/    /' "$OUT/$1.err" | head -40; fi
done
if [ "$elapsed_ms" -gt 5000 ]; then echo "WARNING: the assignments took longer than 5 s (a loaded machine? compare the CPU time)"; fi
grep -q "^Cost after iteration 14000: " "$OUT/assignment1.out" || fail "assignment1 printed no cost lines"
if [ -n "${DNNSCRIPT_COURSE_DATA:-}" ] && grep -q "skipped" "$OUT/assignment2.out"; then
    fail "assignment2 skipped checks although DNNSCRIPT_COURSE_DATA is set"
fi

# Week 2: assignment 4's seven runs, timed on their own.
start=$(date +%s%N)
run assignment4 scripts/assignment4.dnn; rc4=$?
end=$(date +%s%N)
elapsed4_ms=$(( (end - start) / 1000000 ))
printf 'course.sh: assignment4 (seven runs of 5000 epochs) took %d.%03d s wall clock (target < 3 s)\n' \
    $((elapsed4_ms / 1000)) $((elapsed4_ms % 1000))
if [ "$rc4" -ne 0 ]; then fail "assignment4 exited $rc4"; sed 's/^/    /' "$OUT/assignment4.err" | head -40; fi
if [ "$elapsed4_ms" -gt 3000 ]; then echo "WARNING: assignment4 took longer than 3 s (a loaded machine?)"; fi
# docs/course-reference.md §7: the first and last printed lines of the seven runs.
for line in "Cost after epoch 0: 0.702405" "Cost after epoch 4000: 0.128566" "learning rate after epoch 4000: 0.004545" \
            "Accuracy: 0.9533333333333334"; do
    grep -qx "$line" "$OUT/assignment4.out" || fail "assignment4 did not print: $line"
done
[ "$(grep -c '^Cost after epoch ' "$OUT/assignment4.out")" -eq 35 ] || fail "assignment4 did not print 35 cost lines"

# assignment2 without the data: exit 0, and say what it skipped.
# (With no argument it looks for scripts/datasets/data.mat; if a developer put one there,
# point it at a path that does not exist instead.)
if [ -e scripts/datasets/data.mat ]; then
    run assignment2-standin scripts/assignment2.dnn "$OUT/no-such-dir/data.mat"
else
    run assignment2-standin scripts/assignment2.dnn
fi
rc=$?
[ "$rc" -eq 0 ] || fail "assignment2 without data.mat exited $rc"
grep -q "checks that need the course's data.mat" "$OUT/assignment2-standin.out" \
    || fail "assignment2 without data.mat did not list what it skipped"

# Every lab exits 0.
labs=0
for lab in scripts/labs/*.dnn; do
    name=$(basename "$lab" .dnn)
    run "lab-$name" "$lab"; rc=$?
    labs=$((labs + 1))
    if [ "$rc" -ne 0 ]; then fail "lab $lab exited $rc"; sed 's/^/    /' "$OUT/lab-$name.err" | head -20; fi
done

# Every exercise exits non-zero and names each of its holes.
exercises=0
for ex in scripts/labs/exercises/*.dnn; do
    name=$(basename "$ex" .dnn)
    run "ex-$name" "$ex"; rc=$?
    exercises=$((exercises + 1))
    [ "$rc" -ne 0 ] || fail "exercise $ex exited 0 with its holes open"
    holes=$(grep -v '^[[:space:]]*#' "$ex" | grep -o 'hole("[^"]*"' | sed 's/^hole("//; s/"$//')
    [ -n "$holes" ] || fail "exercise $ex has no hole(\"…\")"
    while IFS= read -r task; do
        [ -z "$task" ] && continue
        grep -qF "hole still open: $task" "$OUT/ex-$name.err" || fail "exercise $ex did not name its hole: $task"
        # No check of an open hole's exercise may say correct: its placeholder must fail them.
        number=${task%%:*}
        if grep -E "^$number[: ].*: correct\$" "$OUT/ex-$name.out"; then
            fail "exercise $ex: a check of '$number' says correct while its hole is open"
        fi
    done <<< "$holes"
done
[ "$labs" -ge 13 ] || fail "only $labs labs (one per row of docs/course-reference.md §1 expected)"
[ "$exercises" -ge 3 ] || fail "only $exercises exercises (at least 3 expected)"

echo "course.sh: 4 assignments, $labs labs, $exercises exercises; $failures failure(s)"
[ "$failures" -eq 0 ]
