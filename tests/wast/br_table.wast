;; br_table: an i32 index, every target label of the same arity, and the
;; operands typed against every target.

(module
  (func (export "switch") (param i32) (result i32)
    (block $d (result i32)
      (block $b (result i32)
        (block $a (result i32)
          (br_table $a $b $d (i32.const 100) (local.get 0)))
        (return (i32.add (i32.const 1))))
      (return (i32.add (i32.const 2)))))
  (func (export "loop-target") (param i32) (result i32)
    (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (block $out
        (br_table $out $l (i32.lt_u (local.get 1) (local.get 0)))))
    (local.get 1))
  (func (export "multi") (param i32) (result i32 i64)
    (block (result i32 i64)
      (br_table 0 0 (i32.const 1) (i64.const 2) (local.get 0))))
)
(assert_return (invoke "switch" (i32.const 0)) (i32.const 101))
(assert_return (invoke "switch" (i32.const 1)) (i32.const 102))
(assert_return (invoke "switch" (i32.const 2)) (i32.const 100))
(assert_return (invoke "switch" (i32.const 77)) (i32.const 100))
(assert_return (invoke "loop-target" (i32.const 5)) (i32.const 5))
(assert_return (invoke "multi" (i32.const 0)) (i32.const 1) (i64.const 2))

(assert_invalid
  (module (func (block (br_table 0 (i64.const 0)))))
  "type mismatch")
(assert_invalid
  (module (func (block (br_table 0))))
  "type mismatch")
(assert_invalid
  (module (func (block (br_table 2 (i32.const 0)))))
  "unknown label")
(assert_invalid
  (module (func (block (br_table 0 5 (i32.const 0)))))
  "unknown label")
;; arities differ
(assert_invalid
  (module (func
    (block (result i32)
      (block (br_table 0 1 (i32.const 1) (i32.const 0)))
      (i32.const 2))
    (drop)))
  "type mismatch")
;; same arity, different types
(assert_invalid
  (module (func
    (block (result f32)
      (block (result i32)
        (br_table 0 1 (i32.const 1) (i32.const 0)))
      (drop) (f32.const 0))
    (drop)))
  "type mismatch")
;; operand of the wrong type for the default label
(assert_invalid
  (module (func (result i32)
    (block (result i32) (br_table 0 (i64.const 1) (i32.const 0)))))
  "type mismatch")
;; a loop label takes the loop's parameters, not its results
(module (func (result i32)
  (loop (result i32) (br_table 0 (i32.const 1) (i32.const 0)))))
(assert_invalid
  (module (func (result i32)
    (i32.const 0)
    (loop (param i32) (result i32) (drop) (br_table 0 (f32.const 1) (i32.const 0)))))
  "type mismatch")
