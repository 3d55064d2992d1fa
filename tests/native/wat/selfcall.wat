;; Small functions that call themselves (tests/native/test_rec_copy.sh): at
;; levels 1 to 3 each gets a copy its self-calls go to, inlined into it
;; (one level of recursion unrolled). Results, traps inside the inlined
;; copy and unbounded recursion must stay what the interpreter gives.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  ;; two self-calls per activation
  (func $fib (param $n i32) (result i32)
    (if (result i32) (i32.lt_s (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  ;; a self-call inside a loop, with memory traffic and two results
  (func $walk (param $d i32) (param $x i64) (result i64 i32) (local $i i32) (local $acc i64)
    (if (i32.eqz (local.get $d)) (then (return (local.get $x) (i32.const 1))))
    (loop $l
      (i64.store (i32.shl (local.get $d) (i32.const 3)) (local.get $x))
      (call $walk (i32.sub (local.get $d) (i32.const 1))
                  (i64.add (i64.load (i32.shl (local.get $d) (i32.const 3))) (i64.extend_i32_u (local.get $i))))
      (local.set $i (i32.add (local.get $i)))
      (local.set $acc (i64.add (local.get $acc)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 30))))
    (local.get $acc) (local.get $i))
  ;; divides by zero one level down (in the inlined copy of the entry)
  (func $div_down (export "div_down") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.div_s (i32.const 1) (local.get $n)))
      (else (i32.add (call $div_down (i32.sub (local.get $n) (i32.const 1))) (i32.const 1)))))
  ;; never ends: must exhaust the stack and trap
  (func $forever (export "forever") (param $n i32) (result i32)
    (i32.add (call $forever (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))
  (func (export "_start") (local $h i64) (local $c i32)
    (call $walk (i32.const 3) (i64.const 7))
    (local.set $c) (local.set $h)
    ;; exit status 1..64 from every result
    (call $exit (i32.add (i32.const 1)
      (i32.rem_u (i32.xor (i32.xor (call $fib (i32.const 24)) (local.get $c))
                          (i32.wrap_i64 (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 29)))))
                 (i32.const 64))))))
