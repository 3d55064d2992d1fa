#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# fuzz.sh [N] [--seed S] [--keep DIR] [--build DIR] — the longer run of the
# tier differential test (README.md): N (default 1000) binaryen modules from
# seeds S.. (default: a seed from the clock, printed), in batches through
# difftest. Every failing module is kept in DIR (default ./diff-failures)
# with its seed in the name; the run goes on and reports them at the end.
# Exit 0 when nothing differed, 1 otherwise. DIFFTEST_FLAGS: more difftest
# options (e.g. "--skip-export hashMemory"); DIFF_WASM_OPT_FLAGS: lib.sh.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
N=1000
SEED=
KEEP=diff-failures
BUILD=$root/build
BATCH=${DIFF_BATCH:-20}
while [ $# -gt 0 ]; do
    case $1 in
        --seed) SEED=$2; shift 2 ;;
        --keep) KEEP=$2; shift 2 ;;
        --build) BUILD=$2; shift 2 ;;
        -h|--help) sed -n '3,10p' "$0"; exit 0 ;;
        *) N=$1; shift ;;
    esac
done
[ -n "$SEED" ] || SEED=$(( $(date +%s) % 1000000 * 1000 ))
DIFFTEST=$BUILD/tests/diff/difftest
WASMCELL=$BUILD/wasmcell
for f in "$DIFFTEST" "$WASMCELL"; do
    [ -x "$f" ] || { echo "fuzz.sh: $f missing: build first (cmake --build $BUILD)"; exit 2; }
done
command -v wasm-opt >/dev/null 2>&1 || { echo "fuzz.sh: wasm-opt missing (Debian: binaryen)"; exit 2; }
. "$here/lib.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/wasmcell-fuzz.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
echo "fuzz.sh: $N seeds from $SEED (repeat with: $0 $N --seed $SEED)"

failed=0 done_=0 nmod=0 ncalls=0 nskip=0 ninvalid=0
s=$SEED
end=$((SEED + N))
while [ $s -lt $end ]; do
    files=
    b=0
    while [ $b -lt "$BATCH" ] && [ $s -lt $end ]; do
        if diff_gen $s "$tmp/seed$s.wasm" >/dev/null; then
            files="$files $tmp/seed$s.wasm"
        else
            ninvalid=$((ninvalid + 1))
        fi
        s=$((s + 1)); b=$((b + 1))
    done
    [ -n "$files" ] || continue
    # shellcheck disable=SC2086
    "$DIFFTEST" --quiet --require-native ${DIFFTEST_FLAGS:-} $files > "$tmp/out" 2>&1
    rc=$?
    summary=$(tail -n 1 "$tmp/out")
    # a crash prints no summary: count nothing for the batch (below)
    n1=$(echo "$summary" | sed -n 's/^difftest: \([0-9]*\) modules.*/\1/p')
    n2=$(echo "$summary" | sed -n 's/.*(\([0-9]*\) skipped.*/\1/p')
    n3=$(echo "$summary" | sed -n 's/.* \([0-9]*\) calls compared.*/\1/p')
    nmod=$((nmod + ${n1:-0})); nskip=$((nskip + ${n2:-0})); ncalls=$((ncalls + ${n3:-0}))
    if [ $rc -ne 0 ]; then
        # a crash prints no summary: keep the whole batch
        bad=$(sed -n 's/^== //p' "$tmp/out")
        if ! grep -q '^difftest: ' "$tmp/out"; then
            bad=$files
            echo "fuzz.sh: difftest exited with $rc on a batch (crash?): keeping it"
        fi
        mkdir -p "$KEEP"
        cat "$tmp/out"
        for f in $bad; do cp "$f" "$KEEP"/ && failed=$((failed + 1)); done
    fi
    rm -f $files
    done_=$((s - SEED))
    echo "fuzz.sh: $done_/$N seeds, $nmod modules, $ncalls calls compared, $nskip partly skipped, $failed failing"
done
kept=
[ $failed -eq 0 ] || kept=" kept in $KEEP"
echo "fuzz.sh: done: $nmod modules ($ninvalid seeds gave no valid module), $ncalls calls compared, $failed failing module(s)$kept"
[ $failed -eq 0 ]
