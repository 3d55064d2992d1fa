;; SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
;; On-stack replacement at a loop with values on the operand stack: below
;; the loop sit a constant (i64.const 7), a computed i32 and an f64, and the
;; loop carries its counter as a parameter. `run N` loops N times (a call
;; per iteration) and returns a checksum of all of them; tier auto enters
;; the native code in the middle of the loop and must give the
;; interpreter's result. `twice N` does it in both arms of an if (the copy
;; of the operand stack at the loop header runs in one arm only).
(module
  (func $mix (param i64 i32) (result i64)
    (i64.add (i64.mul (local.get 0) (i64.const 6364136223846793005))
             (i64.extend_i32_u (local.get 1))))
  (func $loop (param $n i32) (param $acc i64) (result i64)
    (local $k i32)
    (i64.const 7)
    (i32.add (local.get $n) (i32.const 3))
    (f64.convert_i32_u (local.get $n))
    (local.get $n)
    (loop $l (param i32) (result i32)
      (local.set $k)
      (local.set $acc (call $mix (local.get $acc) (local.get $k)))
      (local.tee $k (i32.sub (local.get $k) (i32.const 1)))
      (br_if $l (local.get $k)))
    (drop)
    (i64.trunc_f64_u)
    (local.set $acc (i64.add (local.get $acc)))
    (i64.extend_i32_u)
    (i64.add)
    (i64.add (local.get $acc)))
  (func (export "run") (param $n i32) (result i64)
    (call $loop (local.get $n) (i64.const 1)))
  (func (export "twice") (param $n i32) (result i64)
    (local $i i32) (local $acc i64)
    (loop $outer
      (local.set $acc
        (i64.add (local.get $acc)
          (i64.const 11)
          (if (param i64) (result i64) (i32.and (local.get $i) (i32.const 1))
            (then (i64.add (call $loop (local.get $n) (local.get $acc))))
            (else (i64.sub (i64.const 5))))))
      (br_if $outer (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 4))))
    (local.get $acc))
)
