;; select without a type works on numeric and vector operands only; typed
;; select (one result type) works on any type, references included.

(module
  (func (export "num") (param i32) (result f64)
    (select (f64.const 1) (f64.const 2) (local.get 0)))
  (func (export "i64") (param i32) (result i64)
    (select (i64.const 10) (i64.const 20) (local.get 0)))
  (func (export "vec") (param i32) (result v128)
    (select (v128.const i32x4 1 2 3 4) (v128.const i32x4 5 6 7 8) (local.get 0)))
  (func (export "typed-ref") (param i32) (result externref)
    (select (result externref) (ref.null extern) (ref.null extern) (local.get 0)))
  (func (export "typed-num") (param i32) (result i32)
    (select (result i32) (i32.const 3) (i32.const 4) (local.get 0)))
)
(assert_return (invoke "num" (i32.const 1)) (f64.const 1))
(assert_return (invoke "num" (i32.const 0)) (f64.const 2))
(assert_return (invoke "i64" (i32.const 0)) (i64.const 20))
(assert_return (invoke "typed-ref" (i32.const 1)) (ref.null extern))
(assert_return (invoke "typed-num" (i32.const 1)) (i32.const 3))

;; untyped select on references
(assert_invalid
  (module (func (result funcref) (select (ref.null func) (ref.null func) (i32.const 1))))
  "type mismatch")
(assert_invalid
  (module (func (param externref) (result externref)
    (select (local.get 0) (local.get 0) (i32.const 1))))
  "type mismatch")
;; operands must agree
(assert_invalid
  (module (func (result i32) (select (i32.const 1) (i64.const 1) (i32.const 1))))
  "type mismatch")
(assert_invalid
  (module (func (result i32) (select (i32.const 1) (v128.const i64x2 0 0) (i32.const 1))))
  "type mismatch")
;; the condition is an i32
(assert_invalid
  (module (func (result i32) (select (i32.const 1) (i32.const 2) (i64.const 1))))
  "type mismatch")
;; too few operands
(assert_invalid
  (module (func (result i32) (select (i32.const 1) (i32.const 1))))
  "type mismatch")
;; typed select checks both operands against its type
(assert_invalid
  (module (func (result i32) (select (result i32) (i32.const 1) (i64.const 1) (i32.const 1))))
  "type mismatch")
(assert_invalid
  (module (func (result funcref)
    (select (result funcref) (ref.null func) (ref.null extern) (i32.const 1))))
  "type mismatch")
;; typed select has exactly one result type in 2.0
(assert_invalid
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"       ;; type section: [] -> []
    "\03\02\01\00"             ;; function section
    "\0a\08\01"                ;; code section
    "\06\00\41\01\1c\00\0b"    ;; body: i32.const 1, select (result), end
  )
  "invalid result arity")
(assert_invalid
  (module (func (result i32 i32)
    (select (result i32 i32) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 1))))
  "invalid result arity")
