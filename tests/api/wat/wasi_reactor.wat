;; A WASI reactor: _initialize sets a global that `get` returns. test_wasi_lifecycle.c
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (global $g (mut i32) (i32.const 0))
  (func (export "_initialize") (global.set $g (i32.const 42)))
  (func (export "get") (result i32) (global.get $g)))
