;; Runs long enough in the interpreter for tier auto to find it hot (a few
;; million loop turns through a call), then exits normally with a checksum.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func $step (param i32) (result i32)
    (i32.add (i32.mul (local.get 0) (i32.const 1103515245)) (i32.const 12345)))
  (func (export "_start")
    (local $i i32) (local $x i32)
    (loop $l
      (local.set $x (call $step (local.get $x)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 3000000))))
    ;; exit status 7 when the checksum is right, so every tier must agree
    (call $exit (select (i32.const 7) (i32.const 1) (i32.eq (local.get $x) (i32.const 0x95f3b840))))))
