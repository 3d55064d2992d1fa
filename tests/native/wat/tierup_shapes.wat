;; Native-to-native OSR at many loop shapes (tests/native/test_tierup.sh,
;; under WASMCELL_TIERUP_STRESS: every iteration of level-0 code polls and
;; enters the function's OSR entry with its locals and operand stack).
;; Every export returns what the interpreter returns.
(module
  (memory (export "memory") 1)
  ;; values of every type live across the loop, two results
  (func (export "mixed") (param $n i32) (result i64 f64)
    (local $i i32) (local $a i64) (local $f f32) (local $d f64) (local $v v128)
    (loop $l
      (local.set $a (i64.add (i64.mul (local.get $a) (i64.const 31)) (i64.extend_i32_u (local.get $i))))
      (local.set $f (f32.add (local.get $f) (f32.const 0.25)))
      (local.set $d (f64.add (local.get $d) (f64.promote_f32 (local.get $f))))
      (local.set $v (i32x4.add (local.get $v) (i32x4.splat (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (i64.add (local.get $a) (i64x2.extract_lane 1 (local.get $v)))
    (local.get $d))
  ;; values waiting on the operand stack below the loop, and loop params
  (func (export "stacked") (param $n i32) (result i32)
    (local $i i32)
    (i32.const 1000)
    (i64.const 7)
    (i32.const 3)
    (loop $l (param i32) (result i32)
      (i32.add (i32.mul (i32.const 3)) (local.get $i))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.set $i)
    (i32.wrap_i64)
    (i32.add)
    (i32.add (local.get $i)))
  ;; nested loops; the inner one polls inside the outer one's OSR entry
  (func (export "nested") (param $n i32) (result i32)
    (local $i i32) (local $j i32) (local $s i32)
    (loop $outer
      (local.set $j (i32.const 0))
      (loop $inner
        (local.set $s (i32.add (local.get $s) (i32.mul (local.get $i) (local.get $j))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $inner (i32.lt_u (local.get $j) (i32.const 7))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $outer (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))
  ;; a loop in a block with a result, left by a branch out of the block
  (func (export "early") (param $n i32) (result i32)
    (local $i i32)
    (block $out (result i32)
      (loop $l
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $out (i32.mul (local.get $i) (i32.const 5)) (i32.ge_u (local.get $i) (local.get $n)))
        (br $l))
      (unreachable))
    (i32.add (i32.const 1)))
  ;; recursion: each activation loops and calls itself
  (func $rec (export "rec") (param $d i32) (result i32)
    (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (local.get $i)))
      (if (i32.gt_u (local.get $d) (i32.const 0))
        (then (local.set $s (i32.add (local.get $s)
                                     (call $rec (i32.sub (local.get $d) (i32.const 1)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 3))))
    (local.get $s))
  ;; memory traffic in the loop, and a trap from inside newer code
  (func (export "store_then_trap") (param $n i32) (result i32)
    (local $i i32)
    (loop $l
      (i32.store (i32.mul (local.get $i) (i32.const 4)) (local.get $i))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (i32.div_u (i32.load (i32.const 8)) (i32.sub (local.get $n) (local.get $n)))))
