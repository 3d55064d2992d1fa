;; A deferred OSR entry (tests/native/test_osr_late.sh). $work loops; its
;; outer frame, started by _start, loops for the whole run, and every 64th
;; iteration calls $work again for a short loop of 20. Polls see it both
;; looping and entered, so its first compile gives it only its typed entry
;; (the short frames enter that at their next call); the outer frame keeps
;; looping in JIT code, polls find it there, and a later generation gives
;; it the OSR entry it enters.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func $work (param $n i32) (param $nest i32) (result i32) (local $i i32) (local $x i32)
    (loop $l
      (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 1103515245)) (local.get $i)))
      (if (i32.and (local.get $nest) (i32.eqz (i32.and (local.get $i) (i32.const 63))))
        (then (local.set $x (i32.xor (local.get $x) (call $work (i32.const 20) (i32.const 0))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $x))
  (func (export "_start")
    (call $exit (i32.add (i32.const 1)
      (i32.and (i32.shr_u (call $work (i32.const 300000000) (i32.const 1)) (i32.const 20)) (i32.const 0x3f))))))
