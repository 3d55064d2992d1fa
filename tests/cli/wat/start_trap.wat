;; The start function traps (through a call): `run` must print the error
;; and a backtrace naming both frames, and exit 134.
(module
  (memory (export "memory") 1)
  (func $inner unreachable)
  (func $init call $inner)
  (start $init)
  (func (export "_start")))
