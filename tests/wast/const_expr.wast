;; Constant expressions (global initializers, segment offsets, element
;; expressions): only t.const, ref.null, ref.func and global.get of an
;; imported immutable global, and exactly one value of the expected type.

(module
  (import "spectest" "global_i32" (global $gi i32))
  (global $a i32 (global.get $gi))
  (global $b i64 (i64.const -1))
  (global $c f32 (f32.const 1.25))
  (global $d f64 (f64.const -0.5))
  (global $e v128 (v128.const i32x4 1 2 3 4))
  (global $f funcref (ref.func $g))
  (global $h externref (ref.null extern))
  (memory 1)
  (table 4 funcref)
  (data (global.get $gi) "")
  (data (offset (i32.const 1)) "x")
  (elem (offset (i32.const 0)) funcref (ref.func $g) (ref.null func))
  (func $g)
  (func (export "a") (result i32) (global.get $a))
)
(assert_return (invoke "a") (i32.const 666))

;; not constant
(assert_invalid (module (global i32 (i32.and (i32.const 1) (i32.const 2)))) "constant expression required")
(assert_invalid (module (global i32 (i32.const 1) (nop))) "constant expression required")
(assert_invalid (module (global i64 (i64.extend_i32_u (i32.const 1)))) "constant expression required")
(assert_invalid (module (global i32 (local.get 0))) "constant expression required")
(assert_invalid
  (module (memory 1) (data (offset (i32.const 0) (i32.eqz)) ""))
  "constant expression required")
(assert_invalid
  (module (table 1 funcref) (elem (offset (block (result i32) (i32.const 0))) func))
  "constant expression required")
(assert_invalid
  (module (table 1 funcref) (elem funcref (ref.is_null (ref.null func))))
  "constant expression required")

;; global.get: imported or earlier globals (3.0; 2.0 allowed imported ones
;; only), and not mutable ones
(module (global i32 (i32.const 0)) (global i32 (global.get 0)))
(assert_invalid
  (module (global i32 (global.get 1)) (global i32 (i32.const 0)))
  "unknown global")
(assert_invalid
  (module (global i32 (global.get 0)))
  "unknown global")
(module (global $g i32 (i32.const 0)) (memory 1) (data (global.get $g) ""))
(assert_invalid
  (module (import "spectest" "global_i32" (global (mut i32))) (global i32 (global.get 0)))
  "constant expression required")
(assert_invalid
  (module (import "m" "g" (global (mut i32))) (memory 1) (data (global.get 0) ""))
  "constant expression required")

;; type and number of values
(assert_invalid (module (global i32 (i64.const 0))) "type mismatch")
(assert_invalid (module (global f32 (f64.const 0))) "type mismatch")
(assert_invalid (module (global funcref (ref.null extern))) "type mismatch")
(assert_invalid (module (global externref (ref.func 0)) (func)) "type mismatch")
(assert_invalid (module (global i32)) "type mismatch")
(assert_invalid (module (global i32 (i32.const 0) (i32.const 1))) "type mismatch")
(assert_invalid
  (module (import "spectest" "global_i32" (global i32)) (global i64 (global.get 0)))
  "type mismatch")
(assert_invalid
  (module (memory 1) (data (offset (i32.const 0) (i32.const 0)) ""))
  "type mismatch")
(assert_invalid
  (module binary
    "\00asm" "\01\00\00\00"
    "\05\03\01\00\01"          ;; memory section: one memory, min 1
    "\0b\04\01\00\0b\00"       ;; data section: active, empty offset expression, no bytes
  )
  "type mismatch")
