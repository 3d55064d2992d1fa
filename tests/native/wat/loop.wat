;; An endless loop in a named function, and the same with a call per turn.
(module
  (memory (export "memory") 1)
  (func $spin (loop $forever (br $forever)))
  (func $nop)
  (func $spin_calls (loop $forever (call $nop) (br $forever)))
  (func (export "_start") (call $spin))
  (func (export "spin_calls") (call $spin_calls)))
