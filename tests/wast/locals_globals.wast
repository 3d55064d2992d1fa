;; Locals (parameters first, then declared locals) and globals: index
;; bounds, types, and mutability for global.set.

(module
  (global $g (mut i64) (i64.const 10))
  (global $c f32 (f32.const 1.5))
  (func (export "locals") (param i32 i64) (result f64)
    (local f32 f64)
    (local.set 2 (f32.convert_i32_s (local.get 0)))
    (local.set 3 (f64.promote_f32 (local.get 2)))
    (f64.add (local.get 3) (f64.convert_i64_s (local.get 1))))
  (func (export "tee") (param i32) (result i32)
    (local i32)
    (i32.add (local.tee 1 (local.get 0)) (local.get 1)))
  (func (export "bump") (result i64)
    (global.set $g (i64.add (global.get $g) (i64.const 1)))
    (global.get $g))
  (func (export "const") (result f32) (global.get $c))
  (func (export "zero-locals") (result i64 externref) (local i64 externref)
    (local.get 0) (local.get 1))
)
(assert_return (invoke "locals" (i32.const 2) (i64.const 3)) (f64.const 5))
(assert_return (invoke "tee" (i32.const 21)) (i32.const 42))
(assert_return (invoke "bump") (i64.const 11))
(assert_return (invoke "bump") (i64.const 12))
(assert_return (invoke "const") (f32.const 1.5))
(assert_return (invoke "zero-locals") (i64.const 0) (ref.null extern))

;; local index bounds
(assert_invalid
  (module (func (result i32) (local.get 0)))
  "unknown local")
(assert_invalid
  (module (func (param i32) (result i32) (local i64) (local.get 2)))
  "unknown local")
(assert_invalid
  (module (func (param i32) (local.set 1 (i32.const 0))))
  "unknown local")
(assert_invalid
  (module (func (local i32) (drop (local.tee 1 (i32.const 0)))))
  "unknown local")

;; local types
(assert_invalid
  (module (func (param i32) (result i64) (local.get 0)))
  "type mismatch")
(assert_invalid
  (module (func (local f32) (local.set 0 (f64.const 0))))
  "type mismatch")
(assert_invalid
  (module (func (param i64) (result i32) (local.tee 0 (i64.const 0))))
  "type mismatch")
(assert_invalid
  (module (func (local i32 i64) (local.set 1 (i32.const 0))))
  "type mismatch")
(assert_invalid
  (module (func (local.set 0)))
  "unknown local")
(assert_invalid
  (module (func (local i32) (local.set 0)))
  "type mismatch")

;; global index bounds and types
(assert_invalid
  (module (func (result i32) (global.get 0)))
  "unknown global")
(assert_invalid
  (module
    (global i32 (i32.const 0))
    (func (global.set 1 (i32.const 0))))
  "unknown global")
(assert_invalid
  (module
    (global (mut i32) (i32.const 0))
    (func (global.set 0 (i64.const 0))))
  "type mismatch")
(assert_invalid
  (module
    (global i32 (i32.const 0))
    (func (result i64) (global.get 0)))
  "type mismatch")

;; global.set needs a mutable global, imported or defined
(assert_invalid
  (module
    (global i32 (i32.const 0))
    (func (global.set 0 (i32.const 1))))
  "global is immutable")
(assert_invalid
  (module
    (import "spectest" "global_i32" (global i32))
    (func (global.set 0 (i32.const 1))))
  "global is immutable")
;; valid, so linking is what fails
(assert_unlinkable
  (module
    (import "nowhere" "g" (global (mut i32)))
    (func (global.set 0 (i32.const 1))))
  "unknown import")
