;; Writes into an imported table and memory, then an out-of-bounds data segment traps.
(module
  (import "ex" "tab" (table 3 funcref))
  (import "ex" "mem" (memory 1))
  (func $seven (result i32) (i32.const 7))
  (elem (i32.const 1) $seven)
  (data (i32.const 10) "xyz")
  (data (i32.const 65535) "ab"))
