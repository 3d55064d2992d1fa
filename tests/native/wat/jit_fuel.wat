;; Fuel in JIT code (tests/native/test_jit.sh): $run calls $lane, which the
;; JIT declines (SIMD), and $plain, which it takes, in a loop; every call
;; and back-edge is one event in every tier.
(module
  (func $lane (param i32) (result i32)
    (i32x4.extract_lane 1 (i32x4.splat (local.get 0))))
  (func $plain (param i32) (result i32)
    (i32.add (local.get 0) (i32.const 3)))
  (func (export "run") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (call $lane (local.get $i))))
      (local.set $s (i32.add (local.get $s) (call $plain (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s)))
