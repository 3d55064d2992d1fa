;; finalize: a host import and three exports, instantiated many times.
(module
  (import "" "h" (func $h))
  (func (export "f") call $h)
  (func (export "g"))
  (func (export "i")))
