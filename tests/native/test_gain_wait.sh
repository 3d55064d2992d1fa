# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Tier auto's gain wait (native_tier.c, defer_for_gain): a big function
# (over 2 KB) of a level-1 part that shares the samples with others waits
# until the run has lasted long enough for its code to pay for its
# compile; a big function of short calls with a notable share does not
# wait (its compiled callers would cross tiers at every call).
# The module is made here, each main-loop iteration calling:
#   $big    3.4 KB, a loop of 400 back-edges per call: ~38 % of the samples
#   $small  a loop of 200 back-edges, twice: ~38 %
#   $short  2.6 KB without loops, 240 times (40 per inner-loop turn): ~23 %,
#           every sample at a call
# then the program sleeps 1 s. $big's compile, estimated at 40 us per
# byte (it loops: an OSR entry too), pays once the run has lasted about
# 0.4 s: not when the first part is chosen (milliseconds), and before the
# sleep ends (samples stop while it sleeps; its share of them stays).
# The first part must hold $small and $short but not $big, $big must say
# it waits, a later part must take it, and the run must exit as the
# interpreter does. WASMCELL_NO_GAIN_WAIT=1 puts $big in the first part
# (checked too, as the proof that this module exercises the rule).
. "$(dirname "$0")/lib.sh"
need_wat2wasm
cd "$TMP" || fail "cd"

# func indices: 0, 1 imports; 2 $sleep; 3 $big; 4 $small; 5 $short; 6 $main; 7 _start
{
    echo '(module'
    echo '  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))'
    echo '  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))'
    echo '  (memory (export "memory") 1)'
    echo '  (func $sleep'
    echo '    (i32.store (i32.const 16) (i32.const 1))'
    echo '    (i64.store (i32.const 24) (i64.const 1000000000))'
    echo '    (drop (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128))))'
    echo '  (func $big (param $x i32) (result i32) (local $i i32)'
    k=0
    while [ $k -lt 320 ]; do
        echo "    (local.set \$x (i32.add (i32.mul (local.get \$x) (i32.const 17)) (i32.const $k)))"
        k=$((k + 1))
    done
    echo '    (loop $l'
    echo '      (local.set $x (i32.add (local.get $x) (local.get $i)))'
    echo '      (local.set $i (i32.add (local.get $i) (i32.const 1)))'
    echo '      (br_if $l (i32.lt_u (local.get $i) (i32.const 400))))'
    echo '    (local.get $x))'
    echo '  (func $small (param $x i32) (result i32) (local $i i32)'
    echo '    (loop $l'
    echo '      (local.set $x (i32.xor (i32.mul (local.get $x) (i32.const 31)) (local.get $i)))'
    echo '      (local.set $i (i32.add (local.get $i) (i32.const 1)))'
    echo '      (br_if $l (i32.lt_u (local.get $i) (i32.const 200))))'
    echo '    (local.get $x))'
    echo '  (func $short (param $x i32) (result i32)'
    k=0
    while [ $k -lt 250 ]; do
        echo "    (local.set \$x (i32.xor (i32.mul (local.get \$x) (i32.const 13)) (i32.const $k)))"
        k=$((k + 1))
    done
    echo '    (local.get $x))'
    echo '  (func $main (param $n i32) (result i32) (local $i i32) (local $j i32) (local $x i32)'
    echo '    (loop $l'
    echo '      (local.set $x (call $big (local.get $x)))'
    echo '      (local.set $x (call $small (local.get $x)))'
    echo '      (local.set $x (call $small (local.get $x)))'
    echo '      (local.set $j (i32.const 0))'
    echo '      (loop $s'
    k=0; while [ $k -lt 40 ]; do echo "        (local.set \$x (call \$short (local.get \$x)))"; k=$((k + 1)); done
    echo '        (local.set $j (i32.add (local.get $j) (i32.const 1)))'
    echo '        (br_if $s (i32.lt_u (local.get $j) (i32.const 6))))'
    echo '      (local.set $i (i32.add (local.get $i) (i32.const 1)))'
    echo '      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))'
    echo '    (local.get $x))'
    echo '  (func (export "_start") (local $r i32)'
    echo '    (local.set $r (call $main (i32.const 4000)))'
    echo '    (call $sleep)'
    echo '    (call $exit (i32.add (i32.const 1) (i32.and (i32.shr_u (local.get $r) (i32.const 7)) (i32.const 0x3f))))))'
} > gain.wat
wat2wasm gain.wat -o gain.wasm || fail "wat2wasm gain.wat"

run "$WASMCELL" run --tier interp --no-cache gain.wasm
want=$rc
[ "$want" -ge 1 ] && [ "$want" -le 64 ] || fail "interp: exit $want, want 1..64"

# parts FILE: one line per background compile, "LEVEL idx idx ...",
# from WASMCELL_NATIVE_DEBUG=2's listing
parts() {
    awk '/background compile starts at/ { if (p != "") print p; sub(/.*\(level /, ""); sub(/\).*/, ""); p = $0; next }
         /^  func\[/ { i = $1; gsub(/[^0-9]/, "", i); p = p " " i }
         END { if (p != "") print p }' "$1"
}

WASMCELL_NATIVE_DEBUG=2 run "$WASMCELL" run --tier auto --no-cache gain.wasm
expect_no_crash "auto"
expect_rc "$want" "auto"
parts "$TMP/err" > parts.txt
first=$(head -1 parts.txt)
[ -n "$first" ] || fail "auto: nothing compiled: $(cat "$TMP/err")"
[ "${first%% *}" = 1 ] || fail "auto: the first part is at level ${first%% *}, want 1: $first"
case " $first " in *" 4 "*) ;; *) fail "auto: \$small (func 4) is not in the first part: $first" ;; esac
case " $first " in *" 5 "*) ;; *) fail "auto: \$short (func 5, short calls) is not in the first part: $first" ;; esac
case " $first " in *" 3 "*) fail "auto: \$big (func 3) did not wait: $first" ;; esac
grep -q 'func\[3\] (.*) waits for its gain' "$TMP/err" || fail "auto: no gain-wait line for \$big (func 3): $(cat "$TMP/err")"
grep -q 'func\[5\] (.*) waits for its gain' "$TMP/err" && fail "auto: \$short (func 5) waited: $(cat "$TMP/err")"
tail -n +2 parts.txt | grep -q ' 3\( \|$\)' || fail "auto: no later part took \$big (func 3): $(cat parts.txt)"

WASMCELL_NO_GAIN_WAIT=1 WASMCELL_NATIVE_DEBUG=2 run "$WASMCELL" run --tier auto --no-cache gain.wasm
expect_rc "$want" "auto, no gain wait"
first=$(parts "$TMP/err" | head -1)
case " $first " in *" 3 "*) ;; *) fail "auto, no gain wait: \$big (func 3) not in the first part: $first" ;; esac
exit 0
