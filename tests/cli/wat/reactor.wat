;; A WASI reactor: _initialize sets a global that `get` returns (--invoke
;; must call _initialize first, so `get` prints i32:42).
(module
  (memory (export "memory") 1)
  (global $g (mut i32) (i32.const 0))
  (func (export "_initialize") (global.set $g (i32.const 42)))
  (func (export "get") (result i32) (global.get $g)))
