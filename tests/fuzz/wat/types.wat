;; Exports taking and returning every value type.
(module
  (global $g (mut i64) (i64.const 0))
  (func (export "all") (param i32 i64 f32 f64 v128 funcref externref)
        (result i32 i64 f32 f64 v128 funcref externref)
    (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4)
    (local.get 5) (local.get 6))
  (func (export "simd") (param v128) (result v128)
    (i32x4.add (local.get 0) (v128.const i32x4 1 2 3 4)))
  (func (export "count") (result i64)
    (loop $l
      (global.set $g (i64.add (global.get $g) (i64.const 1)))
      (br_if $l (i64.lt_u (global.get $g) (i64.const 1000000))))
    (global.get $g))
  (func (export "float") (param f32 f64) (result f64)
    (f64.add (f64.promote_f32 (f32.sqrt (local.get 0))) (f64.nearest (local.get 1)))))
