;; Operand stack typing: every instruction pops its operands and pushes its
;; results; a function's body leaves exactly its results.

(module
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func (export "mixed") (param i64 f64) (result f32)
    (f32.demote_f64 (f64.add (f64.convert_i64_s (local.get 0)) (local.get 1))))
  (func (export "two") (result i32 i64)
    (i32.const 1) (i64.const 2))
  (func (export "nop-only") (nop) (nop))
  (func (export "cmp") (param f32 f32) (result i32)
    (f32.lt (local.get 0) (local.get 1)))
)
(assert_return (invoke "add" (i32.const 2) (i32.const 3)) (i32.const 5))
(assert_return (invoke "two") (i32.const 1) (i64.const 2))

;; wrong operand type
(assert_invalid
  (module (func (result i32) (i32.add (i32.const 1) (i64.const 2))))
  "type mismatch")
(assert_invalid
  (module (func (result f32) (f32.neg (f64.const 1))))
  "type mismatch")
(assert_invalid
  (module (func (result i32) (i64.eqz (i32.const 0))))
  "type mismatch")
(assert_invalid
  (module (func (result i64) (i64.extend_i32_s (i64.const 0))))
  "type mismatch")

;; too few operands
(assert_invalid
  (module (func (result i32) (i32.add (i32.const 1))))
  "type mismatch")
(assert_invalid
  (module (func (drop)))
  "type mismatch")
(assert_invalid
  (module (func (result i32) (i32.eqz)))
  "type mismatch")

;; operands of an enclosing block are out of reach
(assert_invalid
  (module (func (result i32)
    (i32.const 1)
    (block (result i32) (i32.eqz))))
  "type mismatch")

;; wrong result: missing, extra, wrong type
(assert_invalid
  (module (func (result i32)))
  "type mismatch")
(assert_invalid
  (module (func (i32.const 1)))
  "type mismatch")
(assert_invalid
  (module (func (result i32) (i32.const 1) (i32.const 2)))
  "type mismatch")
(assert_invalid
  (module (func (result i32) (i64.const 1)))
  "type mismatch")
(assert_invalid
  (module (func (result i32 i64) (i64.const 1) (i32.const 2)))
  "type mismatch")

;; calls pop their parameters and push their results
(module
  (func $f (param i32 f32) (result i64 f64) (i64.const 1) (f64.const 2))
  (func (export "call-drop") (result i64) (call $f (i32.const 0) (f32.const 0)) (drop))
)
(assert_return (invoke "call-drop") (i64.const 1))
(assert_invalid
  (module
    (func $f (param i32 f32))
    (func (call $f (f32.const 0) (i32.const 0))))
  "type mismatch")
(assert_invalid
  (module
    (func $f (result i32) (i32.const 0))
    (func (result i64) (call $f)))
  "type mismatch")
(assert_invalid
  (module (func (call 3)))
  "unknown function")

;; A constant below an if stays a constant in both arms, even when one arm
;; holds a loop (whose header copies the operand stack to its frame slots):
;; the else arm never ran that copy. The dropped sum leaves a stale value in
;; the slot the copy would fill.
(module
  (func (export "below-if") (param i32) (result i32)
    (drop (i32.add (local.get 0) (i32.const 100)))
    (i32.const 7)
    (if (result i32) (local.get 0)
      (then (loop $l (br_if $l (i32.eqz (i32.const 1)))) (i32.const 1))
      (else (i32.const 2)))
    (i32.add))
)
(assert_return (invoke "below-if" (i32.const 1)) (i32.const 8))
(assert_return (invoke "below-if" (i32.const 0)) (i32.const 9))
