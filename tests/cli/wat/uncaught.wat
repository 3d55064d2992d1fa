;; SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
;; An exception nobody catches: thrown two calls below _start (the middle
;; function has no EH instructions, so the native tier compiles it).
(module
  (tag $oops (export "oops") (param i32))
  (tag $quiet (param i64))
  (memory (export "memory") 1)
  (func $raise (param i32) (throw $oops (local.get 0)))
  (func $middle (param i32) (call $raise (i32.add (local.get 0) (i32.const 1))))
  (func (export "_start") (call $middle (i32.const 41)))
  (func (export "quiet") (throw $quiet (i64.const 1)))
  (func (export "caught") (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $oops $h) (call $middle (i32.const 1)) (i32.const 0))
      (return))))
