;; trap_frames: a trap three calls deep, and one in a host function called
;; two calls deep.
(module
  (import "" "fail" (func $fail))
  (func $inner (result i32) (i32.div_s (i32.const 1) (i32.const 0)))
  (func $middle (result i32) (i32.add (call $inner) (i32.const 1)))
  (func (export "outer") (result i32) (i32.add (call $middle) (i32.const 1)))
  (func $via (call $fail))
  (func (export "host") (call $via)))
