;; Tier auto and a run-once function sampled at its calls
;; (tests/native/test_run_once.sh): each turn of $main's loop calls $work
;; eight times (a loop of 100 calls of $leaf), so its own events (eight
;; calls, one back-edge) are about one in 180, and the few polls that land in it
;; land mostly at its calls, where they sample it as running without
;; seeing it loop (binarytrees' main had 2 such samples when the first
;; compile began). It runs once (called from _start outside any loop): it
;; must get its OSR entry only, never a typed entry first (binarytrees'
;; main was compiled twice so). After its work $main spins until 1.5 s
;; have passed, so that LLVM's code arrives on a slow machine too.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (memory (export "memory") 1)
  (func $now (result i64)
    (drop (call $clock (i32.const 1) (i64.const 1000) (i32.const 8)))
    (i64.load (i32.const 8)))
  (func $leaf (param i32) (result i32)
    (i32.add (i32.mul (local.get 0) (i32.const 1103515245)) (i32.const 12345)))
  (func $work (param $x i32) (result i32) (local $j i32)
    (loop $l
      (local.set $x (call $leaf (local.get $x)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $j) (i32.const 100))))
    (local.get $x))
  (func $main (result i32) (local $i i32) (local $x i32) (local $t0 i64) (local $k i32)
    (local.set $t0 (call $now))
    (loop $l
      (local.set $x (call $work (call $work (call $work (call $work (local.get $x))))))
      (local.set $x (call $work (call $work (call $work (call $work (local.get $x))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 40000))))
    (loop $spin
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $spin (i32.and (local.get $k) (i32.const 0xfffff)))
      (br_if $spin (i64.lt_u (i64.sub (call $now) (local.get $t0)) (i64.const 1500000000))))
    (local.get $x))
  (func (export "_start")
    (call $exit (i32.add (i32.const 1) (i32.and (i32.shr_u (call $main) (i32.const 20)) (i32.const 0x3f))))))
