# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# A deferred OSR entry (tests/native/wat/osr_late.wat): $work, seen both
# looping and entered, is first compiled with its typed entry only; its
# outer frame, still looping outside LLVM's code, then gets it an OSR entry
# in a later generation, and enters it. The exit status is the native
# tier's. Read from WASMCELL_NATIVE_DEBUG=2's list of what each compile takes.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
cd "$TMP" || fail "cd"
wat osr_late

run "$WASMCELL" run --tier native --no-cache osr_late.wasm
want=$rc
[ "$want" -ge 1 ] && [ "$want" -le 64 ] || fail "native: exit $want, want 1..64"
WASMCELL_NATIVE_DEBUG=2 run "$WASMCELL" run --tier auto --no-cache osr_late.wasm
expect_no_crash "auto"
expect_rc "$want" "auto"
list() { grep "^  func\[[0-9]*\] $1:" "$TMP/err"; }
[ "$(list work | head -1 | grep -c 'OSR entry')" -eq 0 ] ||
    fail "work: an OSR entry in its first compile: $(cat "$TMP/err")"
list work | grep -q ', OSR entry$' || fail "work: never got its OSR entry: $(cat "$TMP/err")"
grep -q "on-stack replacement: function 1 entered native code" "$TMP/err" ||
    fail "work's outer frame never entered native code: $(cat "$TMP/err")"
exit 0
