;; Imports a global, memory, table and function the host created
;; (test_host_objects.c), and the import types of test_embed_misc.c.
(module
  (type $ii (func (param i32) (result i32)))
  (import "host" "g" (global $g (mut i64)))
  (import "host" "mem" (memory 1 4))
  (import "host" "tab" (table 2 funcref))
  (import "host" "f" (func $f (param i32) (result i32)))
  (func (export "get_g") (result i64) (global.get $g))
  (func (export "set_g") (param i64) (global.set $g (local.get 0)))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "call_f") (param i32) (result i32) (call $f (local.get 0)))
  (func (export "call_tab") (param i32 i32) (result i32)
    (call_indirect (type $ii) (local.get 1) (local.get 0)))
  (func $own (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
  (elem $e func $own)
  (func (export "put_own") (param i32)
    (table.init 0 $e (local.get 0) (i32.const 0) (i32.const 1))))
