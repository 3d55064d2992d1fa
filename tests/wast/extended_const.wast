;; Extended constant expressions (WebAssembly 3.0): i32/i64 add, sub, mul and
;; global.get of any earlier immutable global in initializers and offsets.

(module $G
  (global (export "base") i32 (i32.const 100))
  (global (export "base64") i64 (i64.const 7)))
(register "g" $G)

(module
  (global $imp (import "g" "base") i32)
  (global $imp64 (import "g" "base64") i64)
  (global $a i32 (i32.add (global.get $imp) (i32.const 5)))              ;; 105
  (global $b i32 (i32.mul (global.get $a) (i32.const 2)))                ;; 210 (earlier defined)
  (global $c i32 (i32.sub (i32.const 0) (global.get $b)))                ;; -210
  (global $d i64 (i64.mul (i64.add (global.get $imp64) (i64.const 3))
                          (i64.sub (i64.const 10) (i64.const 4))))       ;; 60
  (global $w i32 (i32.mul (i32.const 0x10000) (i32.const 0x10000)))      ;; wraps to 0
  (global $w64 i64 (i64.sub (i64.const 0) (i64.const 1)))                ;; -1
  (global $deep i32
    (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add
    (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add (i32.add
      (i32.const 1) (i32.const 1)) (i32.const 1)) (i32.const 1)) (i32.const 1))
      (i32.const 1)) (i32.const 1)) (i32.const 1)) (i32.const 1)) (i32.const 1))
      (i32.const 1)) (i32.const 1)) (i32.const 1)) (i32.const 1)) (i32.const 1))
      (i32.const 1)) (i32.const 1)) (i32.const 1)) (i32.const 1)))
  (global $deep2 i32
    (i32.const 1) (i32.const 1) (i32.const 1) (i32.const 1) (i32.const 1) (i32.const 1)
    (i32.const 1) (i32.const 1) (i32.const 1) (i32.const 1) (i32.const 1) (i32.const 1)
    (i32.const 1) (i32.const 1) (i32.const 1) (i32.const 1) (i32.const 1) (i32.const 1)
    (i32.add) (i32.add) (i32.add) (i32.add) (i32.add) (i32.add) (i32.add) (i32.add) (i32.add)
    (i32.add) (i32.add) (i32.add) (i32.add) (i32.add) (i32.add) (i32.add) (i32.add))
  (memory 1)
  (data (i32.add (global.get $a) (i32.const 1)) "x")                       ;; at 106
  (data (i32.sub (global.get $b) (i32.const 10)) "y")                      ;; at 200
  (table 10 funcref)
  (elem (i32.sub (global.get $imp) (i32.const 98)) $f)                   ;; slot 2
  (func $f (result i32) (i32.const 42))
  (func (export "a") (result i32) (global.get $a))
  (func (export "b") (result i32) (global.get $b))
  (func (export "c") (result i32) (global.get $c))
  (func (export "d") (result i64) (global.get $d))
  (func (export "w") (result i32) (global.get $w))
  (func (export "w64") (result i64) (global.get $w64))
  (func (export "deep") (result i32) (global.get $deep))
  (func (export "deep2") (result i32) (global.get $deep2))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "slot2") (result i32) (call_indirect (result i32) (i32.const 2))))

(assert_return (invoke "a") (i32.const 105))
(assert_return (invoke "b") (i32.const 210))
(assert_return (invoke "c") (i32.const -210))
(assert_return (invoke "d") (i64.const 60))
(assert_return (invoke "w") (i32.const 0))
(assert_return (invoke "w64") (i64.const -1))
(assert_return (invoke "deep") (i32.const 19))
(assert_return (invoke "deep2") (i32.const 18))
(assert_return (invoke "load" (i32.const 106)) (i32.const 0x78))
(assert_return (invoke "load" (i32.const 200)) (i32.const 0x79))
(assert_return (invoke "slot2") (i32.const 42))

;; An offset computed past the end still traps at instantiation.
(assert_trap
  (module (memory 1) (data (i32.mul (i32.const 0x8000) (i32.const 2)) "z"))
  "out of bounds memory access")

;; Validation stays exact.
(assert_invalid
  (module (global $m (mut i32) (i32.const 0)) (global i32 (i32.add (global.get $m) (i32.const 1))))
  "constant expression required")
(assert_invalid
  (module (global i32 (global.get 1)) (global i32 (i32.const 0)))
  "unknown global")
(assert_invalid
  (module (global i32 (global.get 0)))
  "unknown global")
(assert_invalid
  (module (global i32 (i32.add (i32.const 1) (i64.const 2))))
  "type mismatch")
(assert_invalid
  (module (global i64 (i32.add (i32.const 1) (i32.const 2))))
  "type mismatch")
(assert_invalid
  (module (global i32 (i32.const 1) (i32.add)))
  "type mismatch")
(assert_invalid
  (module (global i32 (i32.add)))
  "type mismatch")
(assert_invalid
  (module (global i32 (i32.const 1) (i32.const 2)))
  "type mismatch")
(assert_invalid
  (module (global i32 (i32.div_s (i32.const 1) (i32.const 2))))
  "constant expression required")
(assert_invalid
  (module (global i32 (i32.and (i32.const 1) (i32.const 2))))
  "constant expression required")
(assert_invalid
  (module (global f32 (f32.add (f32.const 1) (f32.const 2))))
  "constant expression required")
(assert_invalid
  (module (memory 1) (global $m (mut i32) (i32.const 0)) (data (global.get $m) "a"))
  "constant expression required")
;; Segments may read any immutable global, defined ones included.
(module (memory 1) (global i32 (i32.const 3)) (data (i32.add (global.get 0) (i32.const 1)) "a"))
(module (table 1 funcref) (global i32 (i32.const 0)) (elem (global.get 0) $f) (func $f))
