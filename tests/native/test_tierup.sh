# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Tier-up of level-0 code (native_tier.c, wcn_tierup), and of JIT code kept
# instead of level 0's (jit_keeps, below): a module whose hot
# set was once big compiles at level 0 from then on; $spin, hot in a later
# phase, gets level-0 code, and its one long activation keeps looping
# there (2.5 G iterations: seconds at level 0). Its loop polls; after
# NATIVE_TIERUP_DELAY_NS (1 s) the function is compiled at level 1 and the
# frame continues in that code, with its
# locals, its operand stack (a loop with a value below it) and two results.
# The exit status is the native tier's.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
cd "$TMP" || fail "cd"

{
    echo '(module'
    echo '  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))'
    echo '  (memory (export "memory") 1)'
    echo '  (func $big (param $n i32) (result i32) (local $i i32) (local $x i32)'
    echo '    (loop $l'
    echo '      (if (i32.eqz (i32.and (local.get $i) (i32.const 1023))) (then'
    k=0
    while [ $k -lt 3200 ]; do
        echo "      (local.set \$x (i32.add (i32.mul (local.get \$x) (i32.const 31)) (i32.const $k)))"
        k=$((k + 1))
    done
    echo '      ))'
    echo '      (local.set $i (i32.add (local.get $i) (i32.const 1)))'
    echo '      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))'
    echo '    (local.get $x))'
    echo '  ;; the later phase: one long activation; a value (7) waits on the'
    echo '  ;; operand stack below the loop'
    echo '  (func $spin (param $n i64) (param $f f64) (result i32 i64) (local $i i64) (local $x i64) (local $g f64)'
    echo '    (i32.const 7)'
    echo '    (loop $l (param i32) (result i32)'
    echo '      (local.set $x (i64.add (i64.mul (local.get $x) (i64.const 6364136223846793005)) (local.get $i)))'
    echo '      (local.set $g (f64.add (local.get $g) (local.get $f)))'
    echo '      (local.set $i (i64.add (local.get $i) (i64.const 1)))'
    echo '      (br_if $l (i64.lt_u (local.get $i) (local.get $n))))'
    echo '    (i32.add (i32.trunc_f64_u (f64.div (local.get $g) (f64.const 1e6))))'
    echo '    (local.get $x))'
    echo '  (func $main (result i32) (local $k i32) (local $acc i32) (local $s i64)'
    echo '    (loop $l'
    echo '      (local.set $acc (i32.xor (local.get $acc) (call $big (i32.const 3000))))'
    echo '      (local.set $k (i32.add (local.get $k) (i32.const 1)))'
    echo '      (br_if $l (i32.lt_u (local.get $k) (i32.const 3000))))'
    echo '    (call $spin (i64.const 2500000000) (f64.const 0.5))'
    echo '    (local.set $s)'
    echo '    (i32.xor (local.get $acc))'
    echo '    (i32.wrap_i64 (i64.shr_u (local.get $s) (i64.const 13)))'
    echo '    (i32.xor))'
    echo '  (func (export "_start")'
    echo '    (call $exit (i32.add (i32.const 1) (i32.and (i32.shr_u (call $main) (i32.const 9)) (i32.const 0x3f))))))'
} > up.wat
wat2wasm --debug-names up.wat -o up.wasm || fail "wat2wasm up.wat"

run "$WASMCELL" run --tier native --no-cache up.wasm
want=$rc
[ "$want" -ge 1 ] && [ "$want" -le 64 ] || fail "native: exit $want, want 1..64"
# (no compile budget: $spin's level-0 part would start later on a loaded
# machine, leaving less of its loop for the tier-up to take)
WASMCELL_NO_COMPILE_BUDGET=1 WASMCELL_NATIVE_DEBUG=2 run "$WASMCELL" run --tier auto --no-cache up.wasm
expect_no_crash "auto"
expect_rc "$want" "auto"
grep -q "compile done.*level 256" "$TMP/err" || fail "auto: no level-0 compile: $(cat "$TMP/err")"
grep -q "tier-up compile done.*level 1" "$TMP/err" || fail "auto: no tier-up compile: $(cat "$TMP/err")"
grep -q "tier-up: function 2 leaves level-0 code for newer code at loop 0" "$TMP/err" ||
    fail "auto: \$spin's frame did not move to its level-1 code: $(cat "$TMP/err")"
# By default a hot set that big is not compiled at level 0 at all: the
# baseline JIT's code runs it as fast (jit_keeps). $spin's JIT loop polls
# then tier it up the same way, and its frame moves from JIT code to the
# level-1 code.
WASMCELL_NATIVE_DEBUG=1 run "$WASMCELL" run --tier auto --no-cache up.wasm
expect_no_crash "auto, kept in JIT code"
expect_rc "$want" "auto, kept in JIT code"
grep -q "bytes of hot code stay JIT code" "$TMP/err" || fail "auto: the big hot set was not kept in JIT code: $(cat "$TMP/err")"
grep -q "compile done.*level 256" "$TMP/err" && fail "auto: level-0 compile of a hot set kept in JIT code: $(cat "$TMP/err")"
grep -q "tier-up compile done.*level 1" "$TMP/err" || fail "auto, kept in JIT code: no tier-up compile: $(cat "$TMP/err")"
grep -q "on-stack replacement: function 2 entered native code at loop 0" "$TMP/err" ||
    fail "auto, kept in JIT code: \$spin's JIT frame did not move to its level-1 code: $(cat "$TMP/err")"
# The mechanism at many loop shapes, with WASMCELL_TIERUP_STRESS: level-0
# code polls at every iteration and enters its own OSR entry (same level),
# so nearly every loop activation moves frames; results equal the
# interpreter's, a trap in the entered code is the interpreter's trap.
wat tierup_shapes
for call in "mixed 50" "stacked 40" "nested 9" "early 33" "rec 4" "store_then_trap 20"; do
    set -- $call
    run "$WASMCELL" run --tier interp --invoke "$1" tierup_shapes.wasm "$2"
    want_rc=$rc
    cp "$TMP/out" want.out
    want_err=$(first_error_line)
    run env WASMCELL_TIERUP_STRESS=1 WASMCELL_OSR_MERGED=all WASMCELL_NATIVE_DEBUG=1 \
        "$WASMCELL" run --tier native --opt 0 --no-cache --invoke "$1" tierup_shapes.wasm "$2"
    expect_no_crash "stress $call"
    expect_rc "$want_rc" "stress $call"
    cmp -s want.out "$TMP/out" || fail "stress $call: '$(cat "$TMP/out")', interpreted '$(cat want.out)'"
    [ "$(first_error_line)" = "$want_err" ] || fail "stress $call: '$(first_error_line)', interpreted '$want_err'"
    grep -q "tier-up: function .* leaves level-0 code" "$TMP/err" ||
        fail "stress $call: no frame moved: $(cat "$TMP/err")"
done
exit 0
