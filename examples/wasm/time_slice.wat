;; SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
;; time_slice.wat — the guest of examples/time_slice.c: a long computation
;; (sum of i*i for i < n) that a host runs in slices of fuel.
(module
  (func $sum_squares (export "sum_squares") (param $n i32) (result i64)
    (local $i i32) (local $acc i64)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i64.add (local.get $acc)
          (i64.mul (i64.extend_i32_u (local.get $i)) (i64.extend_i32_u (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc)))
