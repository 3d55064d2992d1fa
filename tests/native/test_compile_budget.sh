# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Tier auto's compile budget (native_tier.c): a level-0 part whose hot
# functions run as baseline JIT code is by default not compiled at all
# (jit_keeps: the JIT's code runs it as fast); with WASMCELL_JIT_KEEPS=0
# it waits until the compile time spent
# plus its estimate is at most half the time the module has run. The
# module is made here: $f, 22 KB of wasm (a level-0 hot set alone),
# called from $main's loop for about half a second (JIT code), then a
# sleep of 1 s.
# The run must report when the part may start, start it no sooner, and exit
# as the interpreter does; without the JIT (everything interpreted) and
# with WASMCELL_NO_COMPILE_BUDGET=1 nothing waits.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
cd "$TMP" || fail "cd"

{
    echo '(module'
    echo '  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))'
    echo '  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))'
    echo '  (memory (export "memory") 1)'
    echo '  ;; sleeps 1 s (a relative clock subscription at 0, its event at 64): on'
    echo '  ;; a fast machine the loop may end before the budget allows the compile'
    echo '  (func $sleep'
    echo '    (i32.store (i32.const 16) (i32.const 1))'
    echo '    (i64.store (i32.const 24) (i64.const 1000000000))'
    echo '    (drop (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128))))'
    echo '  (func $f (param $x i32) (result i32)'
    k=0
    while [ $k -lt 2000 ]; do
        echo "    (local.set \$x (i32.add (i32.mul (local.get \$x) (i32.const 31)) (i32.const $k)))"
        k=$((k + 1))
    done
    echo '    (local.get $x))'
    echo '  (func $main (param $n i32) (result i32) (local $i i32) (local $x i32)'
    echo '    (loop $l'
    echo '      (local.set $x (call $f (local.get $x)))'
    echo '      (local.set $i (i32.add (local.get $i) (i32.const 1)))'
    echo '      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))'
    echo '    (local.get $x))'
    echo '  (func (export "_start") (local $r i32)'
    echo '    (local.set $r (call $main (i32.const 200000)))'
    echo '    (call $sleep)'
    echo '    (call $exit (i32.add (i32.const 1) (i32.and (i32.shr_u (local.get $r) (i32.const 7)) (i32.const 0x3f))))))'
} > hot.wat
wat2wasm hot.wat -o hot.wasm || fail "wat2wasm hot.wat"

run "$WASMCELL" run --tier interp --no-cache hot.wasm
want=$rc
[ "$want" -ge 1 ] && [ "$want" -le 64 ] || fail "interp: exit $want, want 1..64"

WASMCELL_NATIVE_DEBUG=1 run "$WASMCELL" run --tier auto --no-cache hot.wasm
expect_no_crash "auto"
expect_rc "$want" "auto"
grep -q 'bytes of hot code stay JIT code' "$TMP/err" || fail "auto: the level-0 part was not kept in JIT code: $(cat "$TMP/err")"
grep -q 'compile budget\|level 256' "$TMP/err" && fail "auto: a part kept in JIT code waited or compiled: $(cat "$TMP/err")"
# nothing compiles, so the LLVM plugin is not even loaded (RSS: cold SQLite 36 -> 15 MB)
grep -q 'LLVM plugin loaded' "$TMP/err" && fail "auto: the plugin was loaded for a part kept in JIT code: $(cat "$TMP/err")"

WASMCELL_JIT_KEEPS=0 WASMCELL_NATIVE_DEBUG=1 run "$WASMCELL" run --tier auto --no-cache hot.wasm
expect_no_crash "auto, level 0"
expect_rc "$want" "auto, level 0"
grep -q 'LLVM plugin loaded' "$TMP/err" || fail "auto, level 0: no plugin loaded: $(cat "$TMP/err")"
line=$(grep -m1 'compile budget: ' "$TMP/err") || fail "auto: the level-0 part paid no budget: $(cat "$TMP/err")"
bytes=$(echo "$line" | sed -n 's/.*budget: \([0-9]*\) bytes.*/\1/p')
until=$(echo "$line" | sed -n 's/.*may start at \([0-9.]*\) s.*/\1/p')
[ "${bytes:-0}" -gt 16384 ] || fail "auto: the part that waited is $bytes bytes: $line"
start=$(grep -m1 'background compile starts at .* (level 256)' "$TMP/err" | sed -n 's/.*starts at \([0-9.]*\) s.*/\1/p')
[ -n "$start" ] || fail "auto: no level-0 compile started: $(cat "$TMP/err")"
# the debug clock starts a little before the module's: allow 10 ms
awk -v s="$start" -v u="$until" 'BEGIN { exit !(s + 0.010 >= u) }' ||
    fail "auto: the compile started at $start s, before the budget allowed ($until s)"
awk -v u="$until" -v b="$bytes" 'BEGIN { exit !(u >= b * 2 * 5e-6 * 0.99) }' ||
    fail "auto: $bytes bytes may wait only until $until s"

WASMCELL_NO_COMPILE_BUDGET=1 WASMCELL_NATIVE_DEBUG=1 run "$WASMCELL" run --tier auto --no-cache hot.wasm
expect_rc "$want" "auto, no budget"
grep -q 'compile budget' "$TMP/err" && fail "WASMCELL_NO_COMPILE_BUDGET=1 waited anyway"
grep -q 'background compile starts' "$TMP/err" || fail "auto, no budget: nothing compiled: $(cat "$TMP/err")"

WASMCELL_JIT=0 WASMCELL_NATIVE_DEBUG=1 run "$WASMCELL" run --tier auto --no-cache hot.wasm
expect_rc "$want" "auto, JIT off"
grep -q 'compile budget' "$TMP/err" && fail "auto, JIT off: interpreted functions waited: $(cat "$TMP/err")"
exit 0
