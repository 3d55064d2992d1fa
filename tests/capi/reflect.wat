;; reflect: an import of each kind but memory (one memory per module) and
;; an export of each kind.
(module
  (import "host" "f" (func (param i64) (result f32 f64)))
  (import "host" "g" (global (mut i32)))
  (import "host" "t" (table 1 funcref))
  (func (export "func") (param i32 f64 f32) (result i32) unreachable)
  (global (export "global") f64 (f64.const 0))
  (table (export "table") 0 50 externref)
  (memory (export "memory") 1 7))
