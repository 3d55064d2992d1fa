;; Tier auto's selection by direct calls (tests/native/test_run_once.sh):
;; _start calls $main once, outside any loop; $main loops for long, calling
;; $step inside its loop, $inner (a looping function called many times)
;; and, once after its loop, $report. $main runs once: it gets only an OSR
;; entry. $inner is entered again and again: a typed entry only.
;; $report, called outside every loop, is not compiled with $main.
;; After its work $main spins in a second loop until 1.5 s have passed,
;; not changing the result: on a slow machine (ASan, loaded CI) JIT code
;; finished the work before LLVM's compile did, and $main never reached
;; its native code.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (memory (export "memory") 1)
  ;; monotonic time in ns (written at 8)
  (func $now (result i64)
    (drop (call $clock (i32.const 1) (i64.const 1000) (i32.const 8)))
    (i64.load (i32.const 8)))
  (func $step (param i32) (result i32)
    (i32.add (i32.mul (local.get 0) (i32.const 1103515245)) (i32.const 12345)))
  (func $inner (param $x i32) (result i32) (local $j i32)
    (loop $l
      (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 7))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $j) (i32.const 40))))
    (local.get $x))
  (func $report (param $x i32) (result i32)
    (i32.store (i32.const 0) (local.get $x))
    (i32.load (i32.const 0)))
  (func $main (result i32) (local $i i32) (local $x i32) (local $t0 i64) (local $k i32)
    (local.set $t0 (call $now))
    (loop $l
      (local.set $x (call $step (local.get $x)))
      (if (i32.eqz (i32.and (local.get $i) (i32.const 15)))
        (then (local.set $x (call $inner (local.get $x)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 20000000))))
    (loop $spin
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $spin (i32.and (local.get $k) (i32.const 0xfffff)))
      (br_if $spin (i64.lt_u (i64.sub (call $now) (local.get $t0)) (i64.const 1500000000))))
    (call $report (local.get $x)))
  (func (export "_start")
    ;; exit status 1..64 from the result: every tier must give the same
    (call $exit (i32.add (i32.const 1) (i32.and (i32.shr_u (call $main) (i32.const 20)) (i32.const 0x3f))))))
