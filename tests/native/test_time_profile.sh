# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Tier auto's time profile (native_tier.c, "the time profile"): once a
# generation runs, a function left in JIT code waits for its gain by its
# share of the run's time, not of its events. The module made here:
#   $work  a loop of 100,000 back-edges per call: nearly all the time,
#          and all the events until it gets LLVM's code (the first part)
#   $warm  calls it 600 times first, so that $main starts after the
#          first part (an interpreted loop of it would be sampled at once)
#   $main  calls $work 3,000 times, with a loop of 500 back-edges after
#          each call: once $work runs LLVM's code, its back-edges and
#          calls are the only events JIT code makes, though its own code
#          takes under 1 % of the time (binarytrees' `main`)
# With the time profile, $main must say it waits for its gain by time
# samples and no part may take it; with WASMCELL_NO_TIME_PROFILE=1 a
# later part takes it (the proof that this module exercises the rule).
# Both runs must exit as the native tier's does.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
cd "$TMP" || fail "cd"

# func indices: 0 import; 1 $work; 2 $main; 3 $warm; 4 _start
cat > time.wat <<'WAT'
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func $work (param $x i32) (result i32) (local $i i32)
    (loop $l
      (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 31)) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 100000))))
    (local.get $x))
  (func $main (param $n i32) (result i32) (local $i i32) (local $j i32) (local $x i32)
MAIN_PROLOGUE
    (loop $l
      (local.set $x (call $work (i32.add (local.get $x) (local.get $i))))
      (local.set $j (i32.const 0))
      (loop $e
        (local.set $x (i32.add (local.get $x) (local.get $j)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $e (i32.lt_u (local.get $j) (i32.const 500))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $x))
  (func $warm (result i32) (local $i i32) (local $x i32)
    (loop $l
      (local.set $x (call $work (i32.add (local.get $x) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 600))))
    (local.get $x))
  (func (export "_start")
    (call $exit (i32.add (i32.const 1) (i32.and (i32.shr_u (i32.add (call $warm) (call $main (i32.const 3000)))
                                                           (i32.const 9))
                                                (i32.const 0x3f))))))
WAT
# $main's straight-line start (run once) makes it ~1.5 KB: its compile
# (estimated at 40 us per byte with the OSR entry) then would not pay
# even if a few of the first time samples happened to land in it
k=0
: > prologue.wat
while [ $k -lt 150 ]; do
    echo "    (local.set \$x (i32.add (i32.mul (local.get \$x) (i32.const 7)) (i32.const $k)))" >> prologue.wat
    k=$((k + 1))
done
awk 'FNR == NR { p = p $0 "\n"; next } /^MAIN_PROLOGUE$/ { printf "%s", p; next } { print }' prologue.wat time.wat > t.wat
mv t.wat time.wat
wat2wasm time.wat -o time.wasm || fail "wat2wasm time.wat"

run "$WASMCELL" run --tier native --no-cache time.wasm
want=$rc
[ "$want" -ge 1 ] && [ "$want" -le 64 ] || fail "native: exit $want, want 1..64"

# parts FILE: one line per background compile, "LEVEL idx idx ...",
# from WASMCELL_NATIVE_DEBUG=2's listing
parts() {
    awk '/background compile starts at/ { if (p != "") print p; sub(/.*\(level /, ""); sub(/\).*/, ""); p = $0; next }
         /^  func\[/ { i = $1; gsub(/[^0-9]/, "", i); p = p " " i }
         END { if (p != "") print p }' "$1"
}
has() { cut -d' ' -f2- "$1" | grep -q "\(^\| \)$2\( \|$\)"; }

WASMCELL_NATIVE_DEBUG=2 run "$WASMCELL" run --tier auto --no-cache time.wasm
expect_no_crash "auto"
expect_rc "$want" "auto"
parts "$TMP/err" > parts.txt
first=$(head -1 parts.txt)
case " ${first#* } " in *" 1 "*) ;; *) fail "auto: \$work (func 1) is not in the first part: $first" ;; esac
case " ${first#* } " in *" 2 "*) fail "auto: \$main (func 2) is in the first part: $first" ;; esac
has parts.txt 2 && fail "auto: a part took \$main (func 2): $(cat parts.txt)"
grep -q 'func\[2\] (.* time samples: .*) waits for its gain' "$TMP/err" ||
    fail "auto: no time-profile wait line for \$main (func 2): $(cat "$TMP/err")"

WASMCELL_NO_TIME_PROFILE=1 WASMCELL_NATIVE_DEBUG=2 run "$WASMCELL" run --tier auto --no-cache time.wasm
expect_no_crash "auto, no time profile"
expect_rc "$want" "auto, no time profile"
parts "$TMP/err" > parts.txt
tail -n +2 parts.txt > later.txt
has later.txt 2 || fail "auto, no time profile: no later part took \$main (func 2): $(cat parts.txt)"
exit 0
