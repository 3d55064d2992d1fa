# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Tier auto's gain wait (native_tier.c, defer_for_gain): a big function
# (over 2 KB) of a level-1 part that shares the run with others waits
# until the run has lasted long enough for its code to pay for its
# compile; a big function of short calls waits too (it did not until
# session 17: its compiled callers called it through the slots path
# before the JIT's typed entry).
# The module is made here, each main-loop iteration calling:
#   $short  2.6 KB, nearly all of it skipped: 400 short calls (40 loop
#           turns of 10), ~1/3 of the samples, every one at a call
#   $big    2.3 KB, a loop of 400 back-edges per call: ~1/3
#   $small  a loop of 200 back-edges, twice: ~1/3
# for about a second. $big's compile, estimated at 40 us per
# byte (it loops: an OSR entry too), pays once the run has lasted about
# 0.6 s: not when the first part is chosen (milliseconds), and before the
# run ends.
# The first part must hold neither $big nor $short, both must say they
# wait, a later part must take $big (by its share of the time, once the
# first part runs: the time profile), and the run must exit as AOT code
# does. WASMCELL_NO_GAIN_WAIT=1 puts both in the first part (checked
# too, as the proof that this module exercises the rule).
. "$(dirname "$0")/lib.sh"
need_wat2wasm
cd "$TMP" || fail "cd"

# func indices: 0 import; 1 $big; 2 $small; 3 $short; 4 $main; 5 _start
{
    echo '(module'
    echo '  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))'
    echo '  (memory (export "memory") 1)'
    echo '  (func $big (param $x i32) (result i32) (local $i i32)'
    k=0
    while [ $k -lt 210 ]; do
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
    echo '    (if (i32.eq (local.get $x) (i32.const 0x7fff1234)) (then'
    k=0
    while [ $k -lt 250 ]; do
        echo "      (local.set \$x (i32.xor (i32.mul (local.get \$x) (i32.const 13)) (i32.const $k)))"
        k=$((k + 1))
    done
    echo '    ))'
    echo '    (i32.add (local.get $x) (i32.const 3)))'
    echo '  (func $main (param $n i32) (result i32) (local $i i32) (local $j i32) (local $x i32)'
    echo '    (loop $l'
    echo '      (local.set $j (i32.const 0))'
    echo '      (loop $s'
    k=0
    while [ $k -lt 10 ]; do
        echo '        (local.set $x (call $short (local.get $x)))'
        k=$((k + 1))
    done
    echo '        (local.set $j (i32.add (local.get $j) (i32.const 1)))'
    echo '        (br_if $s (i32.lt_u (local.get $j) (i32.const 40))))'
    echo '      (local.set $x (call $big (local.get $x)))'
    echo '      (local.set $x (call $small (local.get $x)))'
    echo '      (local.set $x (call $small (local.get $x)))'
    echo '      (local.set $i (i32.add (local.get $i) (i32.const 1)))'
    echo '      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))'
    echo '    (local.get $x))'
    echo '  (func (export "_start")'
    echo '    (call $exit (i32.add (i32.const 1) (i32.and (i32.shr_u (call $main (i32.const 1000000)) (i32.const 7))'
    echo '                                                (i32.const 0x3f))))))'
} > gain.wat
wat2wasm gain.wat -o gain.wasm || fail "wat2wasm gain.wat"

run "$WASMCELL" run --tier native --no-cache gain.wasm
want=$rc
[ "$want" -ge 1 ] && [ "$want" -le 64 ] || fail "native: exit $want, want 1..64"

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
funcs=${first#* }   # without the level
case " $funcs " in *" 3 "*) fail "auto: \$short (func 3, short calls) did not wait: $first" ;; esac
case " $funcs " in *" 1 "*) fail "auto: \$big (func 1) did not wait: $first" ;; esac
grep -q 'func\[1\] (.*) waits for its gain' "$TMP/err" || fail "auto: no gain-wait line for \$big (func 1): $(cat "$TMP/err")"
grep -q 'func\[3\] (.*) waits for its gain' "$TMP/err" || fail "auto: no gain-wait line for \$short (func 3): $(cat "$TMP/err")"
tail -n +2 parts.txt | cut -d' ' -f2- | grep -q '\(^\| \)1\( \|$\)' || fail "auto: no later part took \$big (func 1): $(cat parts.txt)"

WASMCELL_NO_GAIN_WAIT=1 WASMCELL_NATIVE_DEBUG=2 run "$WASMCELL" run --tier auto --no-cache gain.wasm
expect_rc "$want" "auto, no gain wait"
first=$(parts "$TMP/err" | head -1)
case " ${first#* } " in *" 1 "*) ;; *) fail "auto, no gain wait: \$big (func 1) not in the first part: $first" ;; esac
case " ${first#* } " in *" 3 "*) ;; *) fail "auto, no gain wait: \$short (func 3) not in the first part: $first" ;; esac
exit 0
