;; Code after unreachable, br, br_table and return is typed against a
;; polymorphic stack: missing operands are of any type, but values that are
;; actually pushed keep their types.

(module
  (func (result i32) (unreachable))
  (func (result i32 f64) (unreachable))
  (func (result i32) (unreachable) (i32.add))
  (func (result i32) (unreachable) (i64.const 0) (i64.eqz))
  (func (unreachable) (drop) (drop) (drop))
  (func (result f32) (return (f32.const 1)) (f32.neg))
  (func (result i32) (block (br 0)) (i32.const 1))
  (func (result i32) (block (result i32) (br 0 (i32.const 1)) (f32.const 0) (drop)))
  (func (result i32) (br_table 0 (i32.const 1) (i32.const 0)) (i32.ctz))
  (func (result i32) (unreachable) (select))
  (func (result i64) (unreachable) (i64.const 1) (i32.const 0) (select))
  (func (result i32) (unreachable) (ref.is_null))
  (func (unreachable) (if (then)))
  (func (result i32) (unreachable) (block (result i32) (unreachable)))
  ;; an unreachable block still has to produce its results by its own end
  (func (result i32) (block (result i32) (unreachable)))
  ;; unreachable is local to its block: after the block the stack is typed again
  (func (result i32) (block (unreachable)) (i32.const 0))
  ;; br_table with different label types in unreachable code
  (func
    (block (result f32)
      (block (result i32)
        (unreachable)
        (br_table 0 1 0))
      (drop) (f32.const 0))
    (drop))
)

(module
  (func (export "early-return") (result i32) (return (i32.const 3)) (unreachable)))
(assert_return (invoke "early-return") (i32.const 3))

(assert_invalid
  (module (func (result i32) (unreachable) (i64.const 0)))
  "type mismatch")
(assert_invalid
  (module (func (result i32) (unreachable) (i64.const 0) (i32.add)))
  "type mismatch")
(assert_invalid
  (module (func (unreachable) (i32.const 0)))
  "type mismatch")
(assert_invalid
  (module (func (result i32) (return (i32.const 0)) (f32.const 0)))
  "type mismatch")
(assert_invalid
  (module (func (block (br 0) (i32.const 1))))
  "type mismatch")
(assert_invalid
  (module (func (result i32) (unreachable) (i32.const 0) (i64.const 0) (select)))
  "type mismatch")
(assert_invalid
  (module (func (result i32) (unreachable) (i32.const 0) (ref.is_null)))
  "type mismatch")
;; select pushes a value even when its operands are unknown
(assert_invalid
  (module (func (unreachable) (select)))
  "type mismatch")
;; unreachable inside a block does not make the code after the block unreachable
(assert_invalid
  (module (func (result i32) (block (unreachable)) (i64.const 0)))
  "type mismatch")
(assert_invalid
  (module (func (result i32) (block (unreachable)) (i32.add)))
  "type mismatch")
;; the polymorphic stack does not reach into the enclosing block
(assert_invalid
  (module (func (result i32)
    (i32.const 0)
    (block (result i32) (unreachable)) (i32.add) (i32.add)))
  "type mismatch")
;; br_table with different label arities is invalid even when unreachable
(assert_invalid
  (module (func
    (block (result i32 i32)
      (block (result i32)
        (unreachable)
        (br_table 0 1 0))
      (i32.const 0))
    (drop) (drop)))
  "type mismatch")
