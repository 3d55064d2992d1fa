;; call_indirect: the type index and table must exist, the table must hold
;; funcref, an i32 index comes last, then the type's parameters.

(module
  (type $ii (func (param i32) (result i32)))
  (type $v (func))
  (table $t 2 funcref)
  (table $x 1 externref)
  (table $u 1 funcref)
  (elem (table $t) (i32.const 0) func $double $nothing)
  (elem (table $u) (i32.const 0) func $double)
  (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  (func $nothing (type $v))
  (func (export "call") (param i32) (result i32)
    (call_indirect $t (type $ii) (local.get 0) (i32.const 0)))
  (func (export "call-other-table") (param i32) (result i32)
    (call_indirect $u (type $ii) (local.get 0) (i32.const 0)))
  (func (export "call-wrong-type")
    (call_indirect $t (type $v) (i32.const 0)))
)
(assert_return (invoke "call" (i32.const 21)) (i32.const 42))
(assert_return (invoke "call-other-table" (i32.const 4)) (i32.const 8))
(assert_trap (invoke "call-wrong-type") "indirect call type mismatch")

(assert_invalid
  (module (type (func)) (func (call_indirect (type 0) (i32.const 0))))
  "unknown table")
(assert_invalid
  (module (table 1 funcref) (func (call_indirect (type 3) (i32.const 0))))
  "unknown type")
(assert_invalid
  (module (type (func)) (table 1 externref) (func (call_indirect (type 0) (i32.const 0))))
  "type mismatch")
(assert_invalid
  (module (type (func)) (table 1 funcref) (func (call_indirect (type 0) (i64.const 0))))
  "type mismatch")
(assert_invalid
  (module (type (func (param i32))) (table 1 funcref)
    (func (call_indirect (type 0) (i32.const 0))))
  "type mismatch")
(assert_invalid
  (module (type (func (param i32))) (table 1 funcref)
    (func (call_indirect (type 0) (i32.const 0) (f32.const 0))))
  "type mismatch")
(assert_invalid
  (module (type (func (result i32))) (table 1 funcref)
    (func (result i64) (call_indirect (type 0) (i32.const 0))))
  "type mismatch")
