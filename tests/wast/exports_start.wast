;; Exports: unique names, existing indices of every kind. Start function:
;; must exist and have type [] -> [].

(module
  (import "spectest" "print_i32" (func $print (param i32)))
  (func $f (result i32) (i32.const 1))
  (global $g i32 (i32.const 2))
  (table $t 1 funcref)
  (memory $m 1)
  (export "f" (func $f))
  (export "print" (func $print))
  (export "g" (global $g))
  (export "t" (table $t))
  (export "m" (memory $m))
  (export "f2" (func $f))
  (export "" (func $f))
  (export "F" (func $f))
)
(assert_return (invoke "f2") (i32.const 1))
(assert_return (invoke "") (i32.const 1))
(assert_return (get "g") (i32.const 2))

(assert_invalid
  (module (func) (export "a" (func 0)) (export "a" (func 0)))
  "duplicate export name")
(assert_invalid
  (module (func) (global i32 (i32.const 0)) (export "a" (func 0)) (export "a" (global 0)))
  "duplicate export name")
(assert_invalid
  (module (memory 1) (table 0 funcref) (export "x" (memory 0)) (export "y" (table 0)) (export "x" (table 0)))
  "duplicate export name")
(assert_invalid
  (module (func) (export "" (func 0)) (export "" (func 0)))
  "duplicate export name")
(assert_invalid (module (export "a" (func 0))) "unknown function")
(assert_invalid (module (func) (export "a" (func 1))) "unknown function")
(assert_invalid (module (export "a" (global 0))) "unknown global")
(assert_invalid (module (table 1 funcref) (export "a" (table 1))) "unknown table")
(assert_invalid (module (export "a" (memory 0))) "unknown memory")

;; start
(module
  (global $x (mut i32) (i32.const 0))
  (func $init (global.set $x (i32.const 5)))
  (func (export "x") (result i32) (global.get $x))
  (start $init))
(assert_return (invoke "x") (i32.const 5))
(assert_invalid (module (func $s (param i32)) (start $s)) "start function")
(assert_invalid (module (func $s (result i32) (i32.const 0)) (start $s)) "start function")
(assert_invalid (module (start 0)) "unknown function")
(assert_invalid
  (module (import "spectest" "print_i32" (func $p (param i32))) (start $p))
  "start function")
