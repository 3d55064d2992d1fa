;; A module without WASI for --invoke: plain exports with parameters/results.
(module
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func (export "mul64") (param i64 i64) (result i64)
    (i64.mul (local.get 0) (local.get 1)))
  (func (export "half") (param f64) (result f64)
    (f64.mul (local.get 0) (f64.const 0.5)))
  (func (export "pair") (result i32 f32)
    (i32.const -1) (f32.const 1.5)))
