# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# run_program.sh WASMCELL PROGRAM.wasm EXPECTED: runs the program (tier from
# WASMCELL_TIER), which must exit 0 and print exactly EXPECTED. 77 (skipped)
# when the program was not built (no clang-19 with wasi-libc).
wasmcell=$1 wasm=$2 expected=$3
[ -f "$wasm" ] || { echo "SKIPPED: $wasm not built (clang-19 with wasi-libc missing)"; exit 77; }
out=$(mktemp "${TMPDIR:-/tmp}/wasmcell-eh.XXXXXX") || exit 1
trap 'rm -f "$out"' EXIT
"$wasmcell" run "$wasm" >"$out"
rc=$?
[ "$rc" -eq 0 ] || { echo "FAIL: $wasm exited $rc"; cat "$out"; exit 1; }
cmp -s "$out" "$expected" || { echo "FAIL: output differs"; diff "$expected" "$out"; exit 1; }
exit 0
