;; Tail calls (WebAssembly 3.0): return_call and return_call_indirect run in
;; constant stack space, reach host functions and other instances' functions,
;; and keep call_indirect's checks.

(module $M
  (func (export "add1") (param i64) (result i64) (i64.add (local.get 0) (i64.const 1)))
  ;; counts down here, then hands back to the caller's instance
  (func (export "down") (param i64 i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (local.get 1))
      (else (return_call 1 (i64.sub (local.get 0) (i64.const 1))
                           (i64.add (local.get 1) (i64.const 1)))))))
(register "m" $M)

(module
  (import "m" "add1" (func $add1 (param i64) (result i64)))
  (import "m" "down" (func $down (param i64 i64) (result i64)))
  (import "spectest" "print_i32" (func $print (param i32)))
  (type $i64_i64 (func (param i64) (result i64)))
  (type $i32_i32 (func (param i32) (result i32)))
  (table 8 funcref)
  (elem (i32.const 0) $even $odd $add1 $print_ret $sum3)

  ;; mutual recursion 2,000,000 deep: the call stack (100,000 frames by
  ;; default) would overflow without tail calls
  (func $even (export "even") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 1))
      (else (return_call $odd (i64.sub (local.get 0) (i64.const 1))))))
  (func $odd (export "odd") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 0))
      (else (return_call $even (i64.sub (local.get 0) (i64.const 1))))))

  ;; the same through the table
  (func $even_ind (export "even_ind") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 1))
      (else (return_call_indirect (type $i64_i64)
              (i64.sub (local.get 0) (i64.const 1)) (i32.const 5)))))
  (func $odd_ind (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 0))
      (else (return_call_indirect (type $i64_i64)
              (i64.sub (local.get 0) (i64.const 1)) (i32.const 6)))))
  (elem (i32.const 5) $odd_ind $even_ind)

  ;; a loop through a frame with more locals than its callee and back
  (func $wide (param i64 i64) (result i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64)
    (local.set 2 (i64.const 7))
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.add (local.get 1) (local.get 9)))
      (else (return_call $narrow (i64.sub (local.get 0) (i64.const 1))
                                 (i64.add (local.get 1) (local.get 2))))))
  (func $narrow (param i64 i64) (result i64)
    (return_call $wide (local.get 0) (local.get 1)))
  (func (export "wide") (param i64) (result i64) (return_call $wide (local.get 0) (i64.const 0)))

  ;; tail calls to an imported wasm function of another instance, which
  ;; itself tail-calls a million times
  (func (export "to_import") (param i64) (result i64) (return_call $add1 (local.get 0)))
  (func (export "to_other_loop") (param i64) (result i64)
    (return_call $down (local.get 0) (i64.const 0)))
  (func (export "ind_import") (param i64) (result i64)
    (return_call_indirect (type $i64_i64) (local.get 0) (i32.const 2)))

  ;; a tail call to a host function: its results are ours
  (func $print_ret (param i32) (return_call $print (local.get 0)))
  (func (export "to_host") (param i32) (result i32)
    (call $print_ret (local.get 0))
    (local.get 0))
  (func (export "to_host_ind") (param i32)
    (return_call_indirect (param i32) (local.get 0) (i32.const 3)))

  ;; several parameters, several results
  (func $sum3 (param i32 i32 i32) (result i32 i32) (i32.add (local.get 0) (i32.add (local.get 1) (local.get 2))) (local.get 2))
  (func (export "multi") (param i32) (result i32 i32)
    (return_call $sum3 (local.get 0) (i32.const 10) (i32.const 100)))

  ;; call_indirect's checks
  (func (export "bad_type") (param i32) (result i32)
    (return_call_indirect (type $i32_i32) (local.get 0) (i32.const 0)))
  (func (export "bad_index") (result i64)
    (return_call_indirect (type $i64_i64) (i64.const 0) (i32.const 100)))
  (func (export "null_elem") (result i64)
    (return_call_indirect (type $i64_i64) (i64.const 0) (i32.const 7)))

  ;; a tail call from inside blocks with values on the stack below
  (func (export "nested") (param i64) (result i64)
    (i64.const 99)
    (block (result i64)
      (loop (result i64)
        (return_call $even (local.get 0))))
    (drop) (drop) (i64.const -1))
)

(assert_return (invoke "even" (i64.const 2000000)) (i64.const 1))
(assert_return (invoke "even" (i64.const 2000001)) (i64.const 0))
(assert_return (invoke "odd" (i64.const 2000001)) (i64.const 1))
(assert_return (invoke "even_ind" (i64.const 1000000)) (i64.const 1))
(assert_return (invoke "even_ind" (i64.const 1000001)) (i64.const 0))
(assert_return (invoke "wide" (i64.const 1000000)) (i64.const 7000000))
(assert_return (invoke "to_import" (i64.const 41)) (i64.const 42))
(assert_return (invoke "to_other_loop" (i64.const 1000000)) (i64.const 1000000))
(assert_return (invoke "ind_import" (i64.const 1)) (i64.const 2))
(assert_return (invoke "to_host" (i32.const 7)) (i32.const 7))
(assert_return (invoke "to_host_ind" (i32.const 8)))
(assert_return (invoke "multi" (i32.const 1)) (i32.const 111) (i32.const 100))
(assert_trap (invoke "bad_type" (i32.const 0)) "indirect call type mismatch")
(assert_trap (invoke "bad_index") "undefined element")
(assert_trap (invoke "null_elem") "uninitialized element")
(assert_return (invoke "nested" (i64.const 100001)) (i64.const 0))

;; Validation: the callee's results must be the caller's exactly.
(assert_invalid
  (module (func $f (result i64) (i64.const 0)) (func (result i32) (return_call $f)))
  "type mismatch")
(assert_invalid
  (module (func $f (result i32 i32) (i32.const 0) (i32.const 0)) (func (result i32) (return_call $f)))
  "type mismatch")
(assert_invalid
  (module (func $f) (func (result i32) (return_call $f)))
  "type mismatch")
(assert_invalid
  (module (func $f (result i32) (i32.const 0)) (func (return_call $f)))
  "type mismatch")
(assert_invalid
  (module (func $f (param i32)) (func (return_call $f (i64.const 0))))
  "type mismatch")
(assert_invalid
  (module (func $f (param i32)) (func (return_call $f)))
  "type mismatch")
(assert_invalid
  (module (type $t (func (result i64))) (table 1 funcref)
    (func (result i32) (return_call_indirect (type $t) (i32.const 0))))
  "type mismatch")
(assert_invalid
  (module (type $t (func)) (table 1 funcref)
    (func (return_call_indirect (type $t) (i64.const 0))))
  "type mismatch")
(assert_invalid
  (module (type $t (func)) (table 1 externref)
    (func (return_call_indirect (type $t) (i32.const 0))))
  "type mismatch")
(assert_invalid
  (module (func (return_call 5)))
  "unknown function")
(assert_invalid
  (module (type $t (func)) (func (return_call_indirect (type $t) (i32.const 0))))
  "unknown table")
(assert_invalid
  (module (table 1 funcref) (func (return_call_indirect (type 3) (i32.const 0))))
  "unknown type")
;; what follows a tail call is unreachable (stack-polymorphic)
(module (func $f (result i32) (i32.const 1))
  (func (result i32) (return_call $f) (i64.const 0) (drop)))
