#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# run.sh DIFFTEST WASMCELL REGRESS_DIR — the ctest diff_tiers: DIFF_N (40)
# binaryen modules from seeds DIFF_SEED.. (1..), then every regress/*.wat,
# through difftest. Exit 77 (skipped) when wasm-opt is missing or the build
# has no native tier. On a mismatch the failing modules are copied to
# $DIFF_KEEP_DIR (when set). DIFFTEST_FLAGS: more difftest options.
set -u
DIFFTEST=$1 WASMCELL=$2 REGRESS=$3
N=${DIFF_N:-40}
SEED=${DIFF_SEED:-1}
. "$(dirname "$0")/lib.sh"

if ! command -v wasm-opt >/dev/null 2>&1; then
    echo "diff_tiers: SKIPPED: wasm-opt (Debian package binaryen) is not installed;"
    echo "            scripts/install-deps.sh installs it"
    exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wasmcell-diff.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

files= nref=0 nnoref=0 ninvalid=0
i=0
while [ $i -lt "$N" ]; do
    s=$((SEED + i))
    if flavour=$(diff_gen $s "$tmp/seed$s.wasm"); then
        files="$files $tmp/seed$s.wasm"
        [ "$flavour" = ref ] && nref=$((nref + 1)) || nnoref=$((nnoref + 1))
    else
        ninvalid=$((ninvalid + 1))
    fi
    i=$((i + 1))
done
echo "diff_tiers: seeds $SEED..$((SEED + N - 1)): $nref modules with reference types, $nnoref without, $ninvalid not generated/valid"

nwat=0
if [ -d "$REGRESS" ] && ls "$REGRESS"/*.wat >/dev/null 2>&1; then
    if command -v wat2wasm >/dev/null 2>&1; then
        for wat in "$REGRESS"/*.wat; do
            base=$(basename "$wat" .wat)
            wat2wasm --enable-all "$wat" -o "$tmp/regress-$base.wasm" || exit 1
            files="$files $tmp/regress-$base.wasm"
            nwat=$((nwat + 1))
        done
    else
        echo "diff_tiers: wat2wasm (wabt) missing: regress/*.wat not run"
    fi
fi
echo "diff_tiers: $nwat regression module(s) from $REGRESS"

# shellcheck disable=SC2086
"$DIFFTEST" ${DIFFTEST_FLAGS:-} $files
rc=$?
if [ $rc -eq 1 ] && [ -n "${DIFF_KEEP_DIR:-}" ]; then
    mkdir -p "$DIFF_KEEP_DIR"
    cp $files "$DIFF_KEEP_DIR"/ 2>/dev/null
    echo "diff_tiers: modules kept in $DIFF_KEEP_DIR (regenerate one with tests/diff/fuzz.sh --seed S --keep DIR)"
fi
exit $rc
