;; trap: a host import that traps, and a function that reaches unreachable.
(module
  (import "" "callback" (func $callback (result i32)))
  (func (export "callback") (result i32) call $callback)
  (func (export "unreachable") (result i32) unreachable))
