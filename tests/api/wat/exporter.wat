;; exporter.wat: a module whose exports others import.
(module
  (memory (export "mem") 1 4)
  (table (export "tab") 3 5 funcref)
  (table (export "tab_unbounded") 3 externref)
  (global (export "gm") (mut i32) (i32.const 7))
  (global (export "gi") i32 (i32.const 8))
  (func (export "f") (param i32) (result i32) (i32.add (local.get 0) (i32.const 100)))
  (func (export "call") (param i32) (result i32)
    (call_indirect (result i32) (local.get 0)))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
)
