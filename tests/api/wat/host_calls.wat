;; Calls host functions that read memory through the caller, trap, or exit.
(module
  (import "host" "sum_mem" (func $sum (param i32 i32) (result i32)))
  (import "host" "fail" (func $fail))
  (import "host" "quit" (func $quit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\01\02\03\04")
  (func (export "sum") (param i32 i32) (result i32) (call $sum (local.get 0) (local.get 1)))
  (func (export "fail") (call $fail))
  (func (export "quit") (param i32) (call $quit (local.get 0))))
