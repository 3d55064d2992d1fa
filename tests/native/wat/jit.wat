;; The baseline JIT (tests/native/test_jit.sh): $spin loops long enough for
;; tier auto's polls to find it, then traps with a division by zero when
;; its counter reaches the argument; $sum calls $step in its loop and
;; returns a checksum. Names come from the name section.
(module
  (memory (export "memory") 1)
  (func $step (param i32) (result i32)
    (i32.add (i32.mul (local.get 0) (i32.const 1103515245)) (i32.const 12345)))
  (func $sum (export "sum") (param $n i32) (result i32) (local $i i32) (local $x i32)
    (loop $l
      (local.set $x (call $step (local.get $x)))
      (i32.store (i32.and (local.get $x) (i32.const 0xfffc)) (local.get $i))
      (local.set $x (i32.add (local.get $x) (i32.load (i32.and (local.get $i) (i32.const 0xfffc)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $x))
  (func $spin (export "spin") (param $n i32) (result i32) (local $i i32) (local $x i32)
    (loop $l
      (local.set $x (i32.add (local.get $x) (i32.div_u (i32.const 1000) (i32.sub (local.get $n) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.le_u (local.get $i) (local.get $n))))
    (local.get $x)))
