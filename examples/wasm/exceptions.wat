;; SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
;; The guest of examples/exceptions.c: "run" calls the host's "fail", which
;; throws the host tag "env" "error"; "safe_run" catches that exception.
(module
  (import "env" "error" (tag $error (param i32)))
  (import "env" "fail" (func $fail (param i32)))
  (func $work (param i32) (call $fail (local.get 0)))
  (func $run (export "run") (call $work (i32.const 7)))
  (func (export "safe_run") (result i32)
    (block $caught (result i32)
      (try_table (catch $error $caught)
        (call $work (i32.const 9)))
      (i32.const 0)
      (return))))
