# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Tier auto leaves big, barely sampled functions out of a part while
# others are pending (native_tier.c, defer_lukewarm): they would take the
# part past NATIVE_BIG_HOT_BYTES, and so all of it to level 0.
# The module is made here: $cold (7 KB of wasm) loops once at the start,
# 25000 back-edges: polls come every 10000 events (calls and back-edges,
# the same count in every tier), so it gets exactly 2 samples, what a big
# function needs to be compiled at all, and under 1/64 of the samples as
# soon as 128 polls ran. Then $hot (10.5 KB, with a tight loop: hundreds of
# polls per millisecond) runs for a while, then the program sleeps 2 s.
# Together they are past 16 KB; $hot alone is not. The first part is chosen
# after 20 polls and the plugin's load (milliseconds).
# The first part must be at level 1 without $cold; $cold then waits for
# its gain (defer_for_gain) and is never compiled, while without that wait
# (WASMCELL_NO_GAIN_WAIT=1) a later part takes it; the run must exit as
# the interpreter does.
# WASMCELL_NO_LUKEWARM_DEFER=1 restores the old choice (checked too, as
# the proof that this module exercises the rule).
. "$(dirname "$0")/lib.sh"
need_wat2wasm
cd "$TMP" || fail "cd"

# func indices: 0, 1 imports; 2 $sleep; 3 $cold; 4 $hot; 5 $main; 6 _start
{
    echo '(module'
    echo '  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))'
    echo '  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))'
    echo '  (memory (export "memory") 1)'
    echo '  (func $sleep'
    echo '    (i32.store (i32.const 16) (i32.const 1))'
    echo '    (i64.store (i32.const 24) (i64.const 2000000000))'
    echo '    (drop (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128))))'
    echo '  (func $cold (param $x i32) (result i32) (local $i i32)'
    k=0
    while [ $k -lt 700 ]; do
        echo "    (local.set \$x (i32.add (i32.mul (local.get \$x) (i32.const 17)) (i32.const $k)))"
        k=$((k + 1))
    done
    echo '    (loop $l'
    echo '      (local.set $x (i32.add (local.get $x) (local.get $i)))'
    echo '      (local.set $i (i32.add (local.get $i) (i32.const 1)))'
    echo '      (br_if $l (i32.lt_u (local.get $i) (i32.const 25000))))'
    echo '    (local.get $x))'
    echo '  (func $hot (param $x i32) (result i32) (local $i i32)'
    k=0
    while [ $k -lt 1000 ]; do
        echo "    (local.set \$x (i32.add (i32.mul (local.get \$x) (i32.const 31)) (i32.const $k)))"
        k=$((k + 1))
    done
    echo '    (loop $l'
    echo '      (local.set $x (i32.xor (local.get $x) (local.get $i)))'
    echo '      (local.set $i (i32.add (local.get $i) (i32.const 1)))'
    echo '      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000))))'
    echo '    (local.get $x))'
    echo '  (func $main (param $n i32) (result i32) (local $i i32) (local $x i32)'
    echo '    (local.set $x (call $cold (i32.const 7)))'
    echo '    (loop $l'
    echo '      (local.set $x (call $hot (local.get $x)))'
    echo '      (local.set $i (i32.add (local.get $i) (i32.const 1)))'
    echo '      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))'
    echo '    (local.get $x))'
    echo '  (func (export "_start") (local $r i32)'
    echo '    (local.set $r (call $main (i32.const 40000)))'
    echo '    (call $sleep)'
    echo '    (call $exit (i32.add (i32.const 1) (i32.and (i32.shr_u (local.get $r) (i32.const 7)) (i32.const 0x3f))))))'
} > lukewarm.wat
wat2wasm lukewarm.wat -o lukewarm.wasm || fail "wat2wasm lukewarm.wat"

run "$WASMCELL" run --tier interp --no-cache lukewarm.wasm
want=$rc
[ "$want" -ge 1 ] && [ "$want" -le 64 ] || fail "interp: exit $want, want 1..64"

# parts FILE: one line per background compile, "LEVEL idx idx ...",
# from WASMCELL_NATIVE_DEBUG=2's listing
parts() {
    awk '/background compile starts at/ { if (p != "") print p; sub(/.*\(level /, ""); sub(/\).*/, ""); p = $0; next }
         /^  func\[/ { i = $1; gsub(/[^0-9]/, "", i); p = p " " i }
         END { if (p != "") print p }' "$1"
}

WASMCELL_NATIVE_DEBUG=2 run "$WASMCELL" run --tier auto --no-cache lukewarm.wasm
expect_no_crash "auto"
expect_rc "$want" "auto"
parts "$TMP/err" > parts.txt
first=$(head -1 parts.txt)
[ -n "$first" ] || fail "auto: nothing compiled: $(cat "$TMP/err")"
case " $first " in *" 4 "*) ;; *) fail "auto: \$hot (func 4) is not in the first part: $first" ;; esac
case " $first " in *" 3 "*) fail "auto: \$cold (func 3) was not left for later: $first" ;; esac
[ "${first%% *}" = 1 ] || fail "auto: the first part is at level ${first%% *}, want 1: $first"
# $cold, 2 of hundreds of samples, then waits for its gain (defer_for_gain:
# its compile would cost far more than it saves) and no part takes it
grep -q 'func\[3\] (.*) waits for its gain' "$TMP/err" || fail "auto: \$cold (func 3) did not wait for its gain: $(cat "$TMP/err")"
tail -n +2 parts.txt | grep -q ' 3\( \|$\)' && fail "auto: a later part took \$cold (func 3), which should wait: $(cat parts.txt)"

# without the gain wait, a later part takes what waited for a later part
WASMCELL_NO_GAIN_WAIT=1 WASMCELL_NATIVE_DEBUG=2 run "$WASMCELL" run --tier auto --no-cache lukewarm.wasm
expect_rc "$want" "auto, no gain wait"
parts "$TMP/err" > parts.txt
first=$(head -1 parts.txt)
case " $first " in *" 3 "*) fail "auto, no gain wait: \$cold (func 3) was not left for later: $first" ;; esac
tail -n +2 parts.txt | grep -q ' 3\( \|$\)' || fail "auto, no gain wait: no later part took \$cold (func 3): $(cat parts.txt)"

# without the rule $cold joins the first part, which then compiles at
# level 0 (256 in the debug line): the module does exercise the rule
# (no compile budget: that level-0 part must not wait past the run)
WASMCELL_NO_LUKEWARM_DEFER=1 WASMCELL_NO_COMPILE_BUDGET=1 WASMCELL_NATIVE_DEBUG=2 run "$WASMCELL" run --tier auto --no-cache lukewarm.wasm
expect_rc "$want" "auto, no deferral"
first=$(parts "$TMP/err" | head -1)
case " $first " in *" 3 "*) ;; *) fail "auto, no deferral: \$cold (func 3) not in the first part: $first" ;; esac
[ "${first%% *}" = 256 ] || fail "auto, no deferral: the first part is at level ${first%% *}, want 0 (256): $first"
exit 0
