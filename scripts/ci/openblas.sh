#!/usr/bin/env bash
# CI check that a missing OpenBLAS is a located error and exit 69 (EX_UNAVAILABLE), not a
# crash (issue 13; docs/engine.md, "OpenBLAS"): in a private mount namespace the library
# is hidden behind /dev/null, then a matrix product and a training run with a layer large
# enough for OpenBLAS must each report the error at their statement and exit 69, after
# the lines printed before them. Needs root and unshare(1); skipped (exit 0) without.
source "$(dirname "$0")/common.bash"
if [ "$(id -u)" -ne 0 ] || ! command -v unshare > /dev/null; then
    echo "openblas.sh: skipped (needs root and unshare to hide OpenBLAS)"; exit 0
fi

printf 'print "before"\nlet a = matrix([[1, 2]])\nprint a @ transpose(a)\nprint "after"\n' > "$OUT/product.dnn"
cat > "$OUT/train.dnn" <<'SCRIPT'
print "before"
seed 1
dataset train = circles(300, noise: 0.05)
network net {
  dense 300 relu
  dense 1 sigmoid
}
let m = model(net, init: he)
let run = train m on train { lr: 0.01, iterations: 10 }
print "after"
SCRIPT

hide='for lib in /usr/lib/*/libopenblas*.so* /usr/lib/libopenblas*.so* /lib/*/libopenblas*.so*; do
        [ -e "$lib" ] && mount --bind /dev/null "$(readlink -f "$lib")" 2> /dev/null
      done'
for case in product:3 train:9; do
    name=${case%%:*} line=${case##*:}
    unshare --mount bash -c "$hide; \"$BIN\" --no-plots \"$OUT/$name.dnn\"" > "$OUT/$name.out" 2> "$OUT/$name.err"
    rc=$?
    [ "$rc" -eq 69 ] || fail "$name: exit $rc, not 69"
    grep -q "^$OUT/$name.dnn:$line:[0-9]*: error: cannot load OpenBLAS" "$OUT/$name.err" \
        || { fail "$name: no located error at line $line"; sed 's/^/    /' "$OUT/$name.err" | head -5; }
    [ "$(cat "$OUT/$name.out")" = before ] || fail "$name: printed '$(cat "$OUT/$name.out")', expected only 'before'"
done
echo "openblas.sh: 2 scripts without OpenBLAS; $failures failure(s)"
[ "$failures" -eq 0 ]
