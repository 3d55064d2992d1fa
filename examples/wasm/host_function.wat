;; host_function.wat — the guest of host_function.c. It imports three host
;; functions from module "env" and exports `run` and `checked`.
(module
  (import "env" "print" (func $print (param i32 i32)))          ;; "ii:"
  (import "env" "square" (func $square (param i64) (result i64))) ;; "I:I"
  (import "env" "check" (func $check (param i32)))              ;; "i:"

  (memory (export "memory") 1)
  (data (i32.const 0) "hello from wasm")

  ;; run(n): prints a greeting through the host, returns sum(square(k)), k=1..n
  (func (export "run") (param $n i32) (result i64)
    (local $k i32) (local $sum i64)
    (call $print (i32.const 0) (i32.const 15))
    (block $done
      (loop $next
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $done (i32.gt_s (local.get $k) (local.get $n)))
        (local.set $sum (i64.add (local.get $sum)
                                 (call $square (i64.extend_i32_s (local.get $k)))))
        (br $next)))
    (local.get $sum))

  ;; checked(x): the host function `check` traps when x is negative
  (func $checked (export "checked") (param $x i32) (result i32)
    (call $check (local.get $x))
    (i32.mul (local.get $x) (i32.const 2))))
