;; A _start without an exported memory: not a WASI program.
(module
  (func (export "_start")))
