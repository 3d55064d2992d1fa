;; table: an exported funcref table of 2 elements (at most 10), element 1
;; set to $id; call_indirect through it.
(module
  (table (export "table") 2 10 funcref)
  (type $i2i (func (param i32) (result i32)))
  (func (export "call_indirect") (param i32 i32) (result i32)
    (call_indirect (type $i2i) (local.get 0) (local.get 1)))
  (func $id (export "id") (param i32) (result i32) local.get 0)
  (func (export "const_666") (param i32) (result i32) i32.const 666)
  (elem (i32.const 1) $id))
