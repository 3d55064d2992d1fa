;; The start function stores to memory; a second module's start traps.
(module
  (memory (export "mem") 1)
  (func $s (i32.store8 (i32.const 5) (i32.const 99)))
  (start $s))
