;; The second element segment is out of bounds: the first one's write stays; no data is written.
(module
  (import "ex" "tab" (table 3 funcref))
  (import "ex" "mem" (memory 1))
  (func $nine (result i32) (i32.const 9))
  (elem (i32.const 0) $nine)
  (elem (i32.const 2) $nine $nine)
  (data (i32.const 20) "q"))
