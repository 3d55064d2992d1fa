# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Tier auto chooses by direct calls (tests/native/wat/once.wat): $main,
# called once from _start outside any loop, gets only an OSR entry (its one
# frame enters there; a typed entry would double its compile for nothing);
# $inner, looping but entered again and again, gets its typed entry only
# (its frames are short; the OSR entry waits: test_osr_late.sh); $step, called
# inside $main's loop, is compiled with it; $report, called once after
# the loop, is not. Every tier exits with the same status. Read from
# WASMCELL_NATIVE_DEBUG=2's list of what each compile takes. Then
# once_calls.wat: a run-once $main sampled at its calls before any poll
# sees it loop still gets its OSR entry only.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
cd "$TMP" || fail "cd"
wat once

run "$WASMCELL" run --tier interp --no-cache once.wasm
want=$rc
[ "$want" -ge 1 ] && [ "$want" -le 64 ] || fail "interp: exit $want, want 1..64"
run "$WASMCELL" run --tier native --no-cache once.wasm
expect_rc "$want" "native"
WASMCELL_NATIVE_DEBUG=2 run "$WASMCELL" run --tier auto --no-cache once.wasm
expect_no_crash "auto"
expect_rc "$want" "auto"
list() { grep "^  func\[[0-9]*\] $1:" "$TMP/err"; }
list main | grep -q ', OSR entry only$' || fail "main: not OSR-only: $(cat "$TMP/err")"
[ "$(list main | wc -l)" -eq 1 ] || fail "main compiled more than once: $(cat "$TMP/err")"
list inner | grep -q . || fail "inner: not compiled: $(cat "$TMP/err")"
list inner | grep -q 'OSR entry' && fail "inner: an OSR entry for its short frames: $(cat "$TMP/err")"
list step | grep -q . || fail "step (called in main's loop) not compiled with it: $(cat "$TMP/err")"
list report | grep -q . && fail "report (called once, after main's loop) was compiled: $(cat "$TMP/err")"
grep -q "on-stack replacement: function 6 entered native code" "$TMP/err" ||
    fail "main never entered its native code: $(cat "$TMP/err")"

# A run-once function whose first samples are polls at its calls (not at
# its back-edges) gets no typed entry either (wat/once_calls.wat).
wat once_calls
run "$WASMCELL" run --tier interp --no-cache once_calls.wasm
want=$rc
[ "$want" -ge 1 ] && [ "$want" -le 64 ] || fail "once_calls, interp: exit $want, want 1..64"
WASMCELL_NATIVE_DEBUG=2 run "$WASMCELL" run --tier auto --no-cache once_calls.wasm
expect_no_crash "once_calls, auto"
expect_rc "$want" "once_calls, auto"
[ "$(list main | wc -l)" -le 1 ] || fail "once_calls: main compiled more than once: $(cat "$TMP/err")"
list main | grep -qv ', OSR entry only$' && fail "once_calls: main got a typed entry: $(cat "$TMP/err")"
exit 0
