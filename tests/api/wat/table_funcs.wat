;; gen: --debug-names
;; Tables from the host's side (test_table.c), export types, backtraces.
(module
  (type $ii (func (param i32) (result i32)))
  (import "host" "twice" (func $twice (param i32) (result i32)))
  (table (export "tab") 4 10 funcref)
  (elem (i32.const 0) $inc $twice)
  (func $inc (export "inc") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "call_at") (param i32 i32) (result i32)
    (call_indirect (type $ii) (local.get 1) (local.get 0)))
  (func $deep (param i32) (result i32) (unreachable))
  (func $trap_deep (export "trap_deep") (param i32) (result i32) (call $deep (local.get 0)))
  (global (export "g") (mut i32) (i32.const 5))
  (memory (export "mem") 1 2)
  (export "twice" (func $twice)))
