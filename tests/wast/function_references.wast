;; Typed function references (WebAssembly 3.0): (ref null? $t) types,
;; call_ref, return_call_ref, ref.as_non_null, br_on_null, br_on_non_null,
;; non-nullable locals, tables with an initializer, rec groups and type
;; equivalence across modules.

(module $lib
  (type $unop (func (param i32) (result i32)))
  (func $inc (export "inc") (type $unop) (i32.add (local.get 0) (i32.const 1)))
  (global (export "g-inc") (ref $unop) (ref.func $inc))
  ;; a non-nullable table starts filled with its initializer
  (table (export "ops") 4 (ref $unop) (ref.func $inc))
)
(register "lib" $lib)

(module
  (type $unop (func (param i32) (result i32)))
  (type $iter_t (func (param (ref $unop) i32 i32) (result i32)))
  (import "lib" "inc" (func $inc (type $unop)))
  (import "lib" "g-inc" (global $g (ref $unop)))
  (import "lib" "ops" (table $ops 4 (ref $unop)))
  (func $dbl (type $unop) (i32.mul (local.get 0) (i32.const 2)))
  (elem declare func $inc $dbl $iter)

  (func (export "via-global") (param i32) (result i32)
    (call_ref $unop (local.get 0) (global.get $g)))
  (func (export "via-table") (param i32 i32) (result i32)
    (call_ref $unop (local.get 0) (table.get $ops (local.get 1))))
  (func (export "set-dbl") (param i32)
    (table.set $ops (local.get 0) (ref.func $dbl)))

  ;; f applied n times to x, each step a return_call_ref: constant stack
  (func $iter (type $iter_t)
    (if (result i32) (i32.eqz (local.get 1))
      (then (local.get 2))
      (else
        (return_call_ref $iter_t
          (local.get 0)
          (i32.sub (local.get 1) (i32.const 1))
          (call_ref $unop (local.get 2) (local.get 0))
          (ref.func $iter)))))
  (func (export "count") (param i32) (result i32)
    (call $iter (ref.func $inc) (local.get 0) (i32.const 0)))

  (func (export "call-null") (result i32)
    (call_ref $unop (i32.const 1) (ref.null $unop)))

  ;; a nullable local holding $dbl when the argument is nonzero
  (func $pick (param i32) (result (ref null $unop))
    (if (result (ref null $unop)) (local.get 0)
      (then (ref.func $dbl))
      (else (ref.null $unop))))
  (func (export "as-non-null") (param i32) (result i32)
    (call_ref $unop (i32.const 21) (ref.as_non_null (call $pick (local.get 0)))))
  (func (export "on-null") (param i32) (result i32)
    (block $null
      (return (call_ref $unop (i32.const 10) (br_on_null $null (call $pick (local.get 0))))))
    (i32.const -1))
  (func (export "on-non-null") (param i32) (result i32)
    (local $f (ref $unop))
    (local.set $f
      (block $some (result (ref $unop))
        (br_on_non_null $some (call $pick (local.get 0)))
        (return (i32.const -1))))
    (call_ref $unop (i32.const 10) (local.get $f)))
  ;; a value below the reference rides along the branch
  (func (export "carry") (param i32) (result i32)
    (block $null (result i32)
      (call_ref $unop (br_on_null $null (i32.const 7) (call $pick (local.get 0))))))
  (func (export "is-null") (param i32) (result i32)
    (ref.is_null (call $pick (local.get 0))))
)

(assert_return (invoke "via-global" (i32.const 41)) (i32.const 42))
(assert_return (invoke "via-table" (i32.const 1) (i32.const 3)) (i32.const 2))
(invoke "set-dbl" (i32.const 3))
(assert_return (invoke "via-table" (i32.const 5) (i32.const 3)) (i32.const 10))
(assert_return (invoke "via-table" (i32.const 5) (i32.const 2)) (i32.const 6))
(assert_trap (invoke "via-table" (i32.const 5) (i32.const 4)) "out of bounds table access")
(assert_return (invoke "count" (i32.const 1000000)) (i32.const 1000000))
(assert_trap (invoke "call-null") "null function reference")
(assert_return (invoke "as-non-null" (i32.const 1)) (i32.const 42))
(assert_trap (invoke "as-non-null" (i32.const 0)) "null reference")
(assert_return (invoke "on-null" (i32.const 1)) (i32.const 20))
(assert_return (invoke "on-null" (i32.const 0)) (i32.const -1))
(assert_return (invoke "on-non-null" (i32.const 1)) (i32.const 20))
(assert_return (invoke "on-non-null" (i32.const 0)) (i32.const -1))
(assert_return (invoke "carry" (i32.const 1)) (i32.const 14))
(assert_return (invoke "carry" (i32.const 0)) (i32.const 7))
(assert_return (invoke "is-null" (i32.const 0)) (i32.const 1))
(assert_return (invoke "is-null" (i32.const 1)) (i32.const 0))

;; ---- validation ----

;; a non-nullable local is read only after a set on the same path
(assert_invalid
  (module (type $t (func)) (func (local $f (ref $t)) (drop (local.get $f))))
  "uninitialized local")
(assert_invalid
  (module (type $t (func)) (elem declare func $g) (func $g)
    (func (local $f (ref $t))
      (block (local.set $f (ref.func $g)))
      (drop (local.get $f))))
  "uninitialized local")
(module (type $t (func)) (elem declare func $g) (func $g)
  (func (local $f (ref $t))
    (local.set $f (ref.func $g))
    (block (drop (local.get $f)))
    (call_ref $t (local.get $f))))
;; a nullable reference is no (ref $t); another function type is not $t
(assert_invalid
  (module (type $t (func)) (func (param (ref null $t)) (call_ref $t (ref.as_non_null (local.get 0))) (call $f (local.get 0)))
    (func $f (param (ref $t))))
  "type mismatch")
(assert_invalid
  (module (type $t (func)) (type $u (func (param i32)))
    (elem declare func $g) (func $g (type $t))
    (func (call_ref $u (i32.const 1) (ref.func $g))))
  "type mismatch")
(assert_invalid
  (module (type $t (func)) (table 1 (ref $t)))
  "type mismatch")
(assert_invalid
  (module (type $t (func (result i32)))
    (func (result i32) (br_on_non_null 0 (ref.null $t))))
  "type mismatch")
(assert_invalid
  (module (func (param (ref 7))))
  "unknown type")

;; ---- type equivalence (iso-recursive): rec groups match by shape and place ----

(module $defs
  (rec (type $a (func (param i32))) (type $b (func (param i32))))
  (type $plain (func (param i32)))
  (func (export "fa") (type $a))
  (func (export "fplain") (type $plain))
  (table (export "t") 2 funcref)
  (elem (i32.const 0) func 0 1))
(register "defs" $defs)

(module
  (rec (type $a (func (param i32))) (type $b (func (param i32))))
  (import "defs" "fa" (func (type $a))))
(assert_unlinkable
  (module
    (rec (type $a (func (param i32))) (type $b (func (param i32))))
    (import "defs" "fa" (func (type $b))))
  "incompatible import type")
(assert_unlinkable
  (module (type $p (func (param i32))) (import "defs" "fa" (func (type $p))))
  "incompatible import type")

(module
  (rec (type $a (func (param i32))) (type $b (func (param i32))))
  (type $p (func (param i32)))
  (import "defs" "t" (table 2 funcref))
  (func (export "call-a") (param i32) (call_indirect (type $a) (i32.const 0) (local.get 0)))
  (func (export "call-p") (param i32) (call_indirect (type $p) (i32.const 0) (local.get 0))))
(assert_return (invoke "call-a" (i32.const 0)))
(assert_trap (invoke "call-a" (i32.const 1)) "indirect call type mismatch")
(assert_return (invoke "call-p" (i32.const 1)))
(assert_trap (invoke "call-p" (i32.const 0)) "indirect call type mismatch")
