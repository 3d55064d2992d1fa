# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Tier auto at level 0 lowers a big looping function once, as its OSR
# entry, with the typed entry a wrapper that enters it at its start
# (llvm_compile.c, docs/native.md). The module is made here: $big (over
# 32 KiB of wasm: an unrolled loop body) takes an f64 and an i32, returns
# an i32 and an i64, and is both entered many times from $main's loop (the
# wrapper) and left looping long in its first call (the OSR entry). Every
# tier must exit with the interpreter's status, and the run must report
# the single lowering. $late gets hot in a later phase: compiled at level 0
# too, since a module whose hot set was once that big stays at level 0.
# The run then sleeps 2 s: the JIT may end the program before LLVM's first
# compile does (it did on a loaded CI machine under ASan), and the job must
# still get to $late. The level is read where a compile starts. The auto
# runs turn the compile budget off (WASMCELL_NO_COMPILE_BUDGET=1): $late's
# part would wait for twice the compile time spent on $big, which on a
# loaded machine can outlast the sleep (test_compile_budget.sh tests it).
. "$(dirname "$0")/lib.sh"
need_wat2wasm
cd "$TMP" || fail "cd"

{
    echo '(module'
    echo '  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))'
    echo '  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))'
    echo '  (memory (export "memory") 1)'
    echo '  (func $big (param $f f64) (param $n i32) (result i32 i64)'
    echo '    (local $i i32) (local $x i32) (local $y i64)'
    echo '    (local.set $x (i32.trunc_f64_s (local.get $f)))'
    echo '    (loop $l'
    echo '      ;; the big part runs once in 1024 turns: many cheap back-edges'
    echo '      (if (i32.eqz (i32.and (local.get $i) (i32.const 1023))) (then'
    k=0
    while [ $k -lt 3200 ]; do
        echo "      (local.set \$x (i32.add (i32.mul (local.get \$x) (i32.const 31)) (i32.const $k)))"
        k=$((k + 1))
    done
    echo '      ))'
    echo '      (local.set $y (i64.add (local.get $y) (i64.extend_i32_u (local.get $x))))'
    echo '      (local.set $i (i32.add (local.get $i) (i32.const 1)))'
    echo '      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))'
    echo '    (local.get $x) (local.get $y))'
    echo '  ;; a later phase: a small loop that gets hot after $big was compiled'
    echo '  (func $late (param $n i32) (result i32) (local $i i32) (local $x i32)'
    echo '    (loop $l'
    echo '      (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 1103515245)) (local.get $i)))'
    echo '      (local.set $i (i32.add (local.get $i) (i32.const 1)))'
    echo '      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))'
    echo '    (local.get $x))'
    echo '  ;; sleeps 2 s (one relative clock subscription at 0, its event at 64):'
    echo '  ;; the background job, busy with $big, must still see $late hot'
    echo '  (func $sleep'
    echo '    (i32.store8 (i32.const 8) (i32.const 0))'
    echo '    (i32.store (i32.const 16) (i32.const 1))'
    echo '    (i64.store (i32.const 24) (i64.const 2000000000))'
    echo '    (i64.store (i32.const 32) (i64.const 0))'
    echo '    (i32.store16 (i32.const 40) (i32.const 0))'
    echo '    (drop (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128))))'
    echo '  (func $main (result i32) (local $k i32) (local $acc i32) (local $r i32) (local $s i64)'
    echo '    ;; one long call first: a frame that loops until its OSR entry takes it'
    echo '    (call $big (f64.const 3.5) (i32.const 20000000))'
    echo '    (local.set $s) (local.set $acc)'
    echo '    (loop $l'
    echo '      (call $big (f64.convert_i32_u (local.get $k)) (i32.const 1500))'
    echo '      (local.set $s (i64.add (local.get $s)))'
    echo '      (local.set $acc (i32.xor (local.get $acc)))'
    echo '      (local.set $k (i32.add (local.get $k) (i32.const 1)))'
    echo '      (br_if $l (i32.lt_u (local.get $k) (i32.const 3000))))'
    echo '    (call $late (i32.const 30000000))'
    echo '    (call $sleep)'
    echo '    (i32.xor'
    echo '      (i32.xor (local.get $acc) (i32.wrap_i64 (i64.shr_u (local.get $s) (i64.const 7))))))'
    echo '  (func (export "_start")'
    echo '    (call $exit (i32.add (i32.const 1) (i32.and (i32.shr_u (call $main) (i32.const 9)) (i32.const 0x3f))))))'
} > big.wat
wat2wasm big.wat -o big.wasm || fail "wat2wasm big.wat"
size=$(wc -c < big.wasm)
[ "$size" -gt 33000 ] || fail "big.wasm is only $size bytes: \$big must be over 32 KiB"

run "$WASMCELL" run --tier interp --no-cache big.wasm
want=$rc
[ "$want" -ge 1 ] && [ "$want" -le 64 ] || fail "interp: exit $want, want 1..64"
run "$WASMCELL" run --tier native --no-cache big.wasm
expect_rc "$want" "native"
WASMCELL_NO_COMPILE_BUDGET=1 WASMCELL_NATIVE_DEBUG=2 run "$WASMCELL" run --tier auto --no-cache big.wasm
expect_no_crash "auto"
expect_rc "$want" "auto"
grep -q "function 2 lowered once, as its OSR entry" "$TMP/err" ||
    fail "auto: \$big was not lowered once: $(cat "$TMP/err")"
grep -q "compile starts at .* (level 256)" "$TMP/err" || fail "auto: not a level-0 compile: $(cat "$TMP/err")"
# a module that once compiled a big hot set at level 0 stays there: $late,
# hot in a later phase, is no level-1 compile
grep -q '^  func\[3\] late' "$TMP/err" || fail "auto: \$late was never compiled: $(cat "$TMP/err")"
grep 'compile starts' "$TMP/err" | grep -qv 'level 256' &&
    fail "auto: a later compile left level 0: $(cat "$TMP/err")"
# the same run with the merging off (WASMCELL_OSR_MERGED=0) agrees
WASMCELL_OSR_MERGED=0 WASMCELL_NO_COMPILE_BUDGET=1 WASMCELL_NATIVE_DEBUG=2 run "$WASMCELL" run --tier auto --no-cache big.wasm
expect_rc "$want" "auto, not merged"
grep -q "lowered once" "$TMP/err" && fail "WASMCELL_OSR_MERGED=0 merged anyway"
exit 0
