;; Traps right away: `run` must print "error: unreachable..." and exit 134.
(module
  (memory (export "memory") 1)
  (func $inner unreachable)
  (func (export "_start") call $inner))
