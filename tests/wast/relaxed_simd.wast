;; Relaxed SIMD (Wasm 3.0) with wasmcell's documented choice, the spec's
;; deterministic profile (docs/interpreter.md, "Relaxed SIMD"): every result
;; here is exact, no (either ...). The edge cases are the ones where a
;; hardware lowering would differ: swizzle indices >= 16, NaN and
;; out-of-range truncation, fused vs unfused multiply-add, laneselect masks
;; that are neither all ones nor all zeros, NaN and signed-zero min/max,
;; q15mulr overflow, and dot products whose second operand is negative.

(module
  (func (export "swizzle") (param v128 v128) (result v128)
    (i8x16.relaxed_swizzle (local.get 0) (local.get 1)))
  (func (export "trunc_f32x4_s") (param v128) (result v128)
    (i32x4.relaxed_trunc_f32x4_s (local.get 0)))
  (func (export "trunc_f32x4_u") (param v128) (result v128)
    (i32x4.relaxed_trunc_f32x4_u (local.get 0)))
  (func (export "trunc_f64x2_s_zero") (param v128) (result v128)
    (i32x4.relaxed_trunc_f64x2_s_zero (local.get 0)))
  (func (export "trunc_f64x2_u_zero") (param v128) (result v128)
    (i32x4.relaxed_trunc_f64x2_u_zero (local.get 0)))
  (func (export "f32x4.madd") (param v128 v128 v128) (result v128)
    (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "f32x4.nmadd") (param v128 v128 v128) (result v128)
    (f32x4.relaxed_nmadd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "f64x2.madd") (param v128 v128 v128) (result v128)
    (f64x2.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "f64x2.nmadd") (param v128 v128 v128) (result v128)
    (f64x2.relaxed_nmadd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "i8x16.laneselect") (param v128 v128 v128) (result v128)
    (i8x16.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "i16x8.laneselect") (param v128 v128 v128) (result v128)
    (i16x8.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "i32x4.laneselect") (param v128 v128 v128) (result v128)
    (i32x4.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "i64x2.laneselect") (param v128 v128 v128) (result v128)
    (i64x2.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "f32x4.min") (param v128 v128) (result v128)
    (f32x4.relaxed_min (local.get 0) (local.get 1)))
  (func (export "f32x4.max") (param v128 v128) (result v128)
    (f32x4.relaxed_max (local.get 0) (local.get 1)))
  (func (export "f64x2.min") (param v128 v128) (result v128)
    (f64x2.relaxed_min (local.get 0) (local.get 1)))
  (func (export "f64x2.max") (param v128 v128) (result v128)
    (f64x2.relaxed_max (local.get 0) (local.get 1)))
  (func (export "q15mulr") (param v128 v128) (result v128)
    (i16x8.relaxed_q15mulr_s (local.get 0) (local.get 1)))
  (func (export "dot") (param v128 v128) (result v128)
    (i16x8.relaxed_dot_i8x16_i7x16_s (local.get 0) (local.get 1)))
  (func (export "dot_add") (param v128 v128 v128) (result v128)
    (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get 0) (local.get 1) (local.get 2)))

  ;; Operands known at compile time: the native tier must not fold them
  ;; differently (an FMA, a blend) from what it computes at run time.
  (func (export "madd_const") (result v128)
    (f32x4.relaxed_madd (v128.const f32x4 0x1.fffffep+127 0x1.000004p+0 2 0)
                        (v128.const f32x4 2 0x1.0002p+0 3 inf)
                        (v128.const f32x4 -0x1.fffffep+127 -0x1.000204p+0 4 1)))
  (func (export "laneselect_const") (result v128)
    (i32x4.relaxed_laneselect (v128.const i32x4 0x92341234 0x12341234 -1 0)
                              (v128.const i32x4 0x56785678 0x56785678 0 -1)
                              (v128.const i32x4 0x80000000 0x0000ffff 0x7fffffff 0x00000001)))
  (func (export "swizzle_const") (result v128)
    (i8x16.relaxed_swizzle (v128.const i8x16 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25)
                           (v128.const i8x16 15 16 17 31 32 127 128 255 0 1 2 3 4 5 6 7)))
)

;; ---- i8x16.relaxed_swizzle: an index >= 16 (signed or not) gives 0 ----
(assert_return (invoke "swizzle"
                       (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)
                       (v128.const i8x16 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0))
               (v128.const i8x16 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0))
(assert_return (invoke "swizzle"
                       (v128.const i8x16 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25)
                       (v128.const i8x16 16 17 31 32 100 127 128 129 200 255 0 1 15 16 0x70 0x8f))
               (v128.const i8x16 0 0 0 0 0 0 0 0 0 0 10 11 25 0 0 0))
(assert_return (invoke "swizzle_const")
               (v128.const i8x16 25 0 0 0 0 0 0 0 10 11 12 13 14 15 16 17))

;; ---- relaxed_trunc: NaN -> 0, out of range saturates (trunc_sat) ----
(assert_return (invoke "trunc_f32x4_s" (v128.const f32x4 1.9 -1.9 nan 3e9))
               (v128.const i32x4 1 -1 0 2147483647))
(assert_return (invoke "trunc_f32x4_s" (v128.const f32x4 -3e9 inf -inf -nan))
               (v128.const i32x4 -2147483648 2147483647 -2147483648 0))
(assert_return (invoke "trunc_f32x4_s" (v128.const f32x4 -0x1p31 0x1.fffffep30 -0.9 nan:0x200000))
               (v128.const i32x4 -2147483648 2147483520 0 0))
(assert_return (invoke "trunc_f32x4_u" (v128.const f32x4 1.9 -1.9 nan 5e9))
               (v128.const i32x4 1 0 0 0xffffffff))
(assert_return (invoke "trunc_f32x4_u" (v128.const f32x4 -0.5 inf -inf 4294967040.0))
               (v128.const i32x4 0 0xffffffff 0 4294967040))
(assert_return (invoke "trunc_f32x4_u" (v128.const f32x4 0x1p31 -nan 0x1p32 2.5))
               (v128.const i32x4 0x80000000 0 0xffffffff 2))
(assert_return (invoke "trunc_f64x2_s_zero" (v128.const f64x2 nan 1e10))
               (v128.const i32x4 0 2147483647 0 0))
(assert_return (invoke "trunc_f64x2_s_zero" (v128.const f64x2 -1e10 -2.5))
               (v128.const i32x4 -2147483648 -2 0 0))
(assert_return (invoke "trunc_f64x2_s_zero" (v128.const f64x2 2147483647.9 -2147483648.9))
               (v128.const i32x4 2147483647 -2147483648 0 0))
(assert_return (invoke "trunc_f64x2_u_zero" (v128.const f64x2 -1.0 4294967295.9))
               (v128.const i32x4 0 0xffffffff 0 0))
(assert_return (invoke "trunc_f64x2_u_zero" (v128.const f64x2 -nan 1e20))
               (v128.const i32x4 0 0xffffffff 0 0))
(assert_return (invoke "trunc_f64x2_u_zero" (v128.const f64x2 -0.99 3000000000.5))
               (v128.const i32x4 0 3000000000 0 0))

;; ---- relaxed_madd / nmadd: rounded multiply, then rounded add (no FMA) ----
;; FLT_MAX * 2 - FLT_MAX: inf unfused (FLT_MAX with an FMA);
;; (1 + 2^-22)(1 + 2^-15) - (1 + 2^-15 + 2^-22): 0 unfused (2^-37 fused).
(assert_return (invoke "f32x4.madd"
                       (v128.const f32x4 0x1.fffffep+127 0x1.000004p+0 2 -0)
                       (v128.const f32x4 2 0x1.0002p+0 3 0)
                       (v128.const f32x4 -0x1.fffffep+127 -0x1.000204p+0 4 -0))
               (v128.const f32x4 inf 0 10 -0))
(assert_return (invoke "f32x4.madd"
                       (v128.const f32x4 0 nan 1 inf)
                       (v128.const f32x4 inf 1 1 1)
                       (v128.const f32x4 1 1 nan -inf))
               (v128.const f32x4 nan:canonical nan:canonical nan:canonical nan:canonical))
(assert_return (invoke "f32x4.madd"
                       (v128.const f32x4 nan:0x200000 1 1 1)
                       (v128.const f32x4 1 1 1 1)
                       (v128.const f32x4 1 1 1 nan:0x200000))
               (v128.const f32x4 nan:arithmetic 2 2 nan:arithmetic))
;; nmadd(a, b, c) = madd(-a, b, c): the same two roundings
(assert_return (invoke "f32x4.nmadd"
                       (v128.const f32x4 -0x1.000004p+0 0x1.000004p+0 2 0)
                       (v128.const f32x4 0x1.0002p+0 -0x1.0002p+0 3 5)
                       (v128.const f32x4 -0x1.000204p+0 -0x1.000204p+0 4 -0))
               (v128.const f32x4 0 0 -2 -0))
(assert_return (invoke "f32x4.nmadd"
                       (v128.const f32x4 0x1.fffffep+127 1 inf 0)
                       (v128.const f32x4 2 1 1 1)
                       (v128.const f32x4 0x1.fffffep+127 -1 inf 0))
               (v128.const f32x4 -inf -2 nan:canonical 0))
(assert_return (invoke "f64x2.madd"
                       (v128.const f64x2 0x1.fffffffffffffp+1023 0x1.00000004p+0)
                       (v128.const f64x2 2 0x1.000002p+0)
                       (v128.const f64x2 -0x1.fffffffffffffp+1023 -0x1.00000204p+0))
               (v128.const f64x2 inf 0))
(assert_return (invoke "f64x2.madd"
                       (v128.const f64x2 1.5 0)
                       (v128.const f64x2 -4 -inf)
                       (v128.const f64x2 0.25 1))
               (v128.const f64x2 -5.75 nan:canonical))
(assert_return (invoke "f64x2.nmadd"
                       (v128.const f64x2 -0x1.00000004p+0 0x1.00000004p+0)
                       (v128.const f64x2 0x1.000002p+0 -0x1.000002p+0)
                       (v128.const f64x2 -0x1.00000204p+0 -0x1.00000204p+0))
               (v128.const f64x2 0 0))
(assert_return (invoke "f64x2.nmadd"
                       (v128.const f64x2 1.5 nan:0x4000000000000)
                       (v128.const f64x2 -4 1)
                       (v128.const f64x2 0.25 1))
               (v128.const f64x2 6.25 nan:arithmetic))
(assert_return (invoke "madd_const") (v128.const f32x4 inf 0 10 nan:canonical))

;; ---- relaxed_laneselect: bitselect, bit by bit, whatever the mask ----
(assert_return (invoke "i8x16.laneselect"
                       (v128.const i8x16 0    1 0x12 0x12 0x80 0x7f 6 7 8 9 10 11 12 13 14 15)
                       (v128.const i8x16 16  17 0x34 0x34 0x01 0x00 22 23 24 25 26 27 28 29 30 31)
                       (v128.const i8x16 0xff 0 0xf0 0x0f 0x80 0x80 0x7f 0x01 0 0 0 0 0 0 0 0xff))
               (v128.const i8x16 0   17 0x14 0x32 0x81 0x00 6 23 24 25 26 27 28 29 30 15))
(assert_return (invoke "i16x8.laneselect"
                       (v128.const i16x8 0      1 0x1234 0x1234 0x1234 4 5 6)
                       (v128.const i16x8 8      9 0x5678 0x5678 0x5678 12 13 14)
                       (v128.const i16x8 0xffff 0 0xff00 0x00ff 0x0080 0x8000 0x7fff 0))
               (v128.const i16x8 0      9 0x1278 0x5634 0x5678 12 5 14))
(assert_return (invoke "i32x4.laneselect"
                       (v128.const i32x4 0x92341234 0x12341234 0x12341234 0x12341234)
                       (v128.const i32x4 0x56785678 0x56785678 0x56785678 0x56785678)
                       (v128.const i32x4 0x80000000 0xffff0000 0x0000ffff 0x00800080))
               (v128.const i32x4 0xd6785678 0x12345678 0x56781234 0x56785678))
(assert_return (invoke "i64x2.laneselect"
                       (v128.const i64x2 0x9234123412341234 0x1234123412341234)
                       (v128.const i64x2 0x5678567856785678 0x5678567856785678)
                       (v128.const i64x2 0x8000000000000000 0x00000000ffffffff))
               (v128.const i64x2 0xd678567856785678 0x5678567812341234))
(assert_return (invoke "laneselect_const")
               (v128.const i32x4 0xd6785678 0x56781234 0x7fffffff 0xfffffffe))

;; ---- relaxed_min / max: the 2.0 min/max (NaN wins, -0 < +0) ----
(assert_return (invoke "f32x4.min"
                       (v128.const f32x4 -nan nan 0 0)
                       (v128.const f32x4 0 0 -nan nan))
               (v128.const f32x4 nan:canonical nan:canonical nan:canonical nan:canonical))
(assert_return (invoke "f32x4.min"
                       (v128.const f32x4 +0.0 -0.0 1 -inf)
                       (v128.const f32x4 -0.0 +0.0 -1 inf))
               (v128.const f32x4 -0.0 -0.0 -1 -inf))
(assert_return (invoke "f32x4.min"
                       (v128.const f32x4 nan:0x200000 1 1 1)
                       (v128.const f32x4 1 1 1 nan:0x200000))
               (v128.const f32x4 nan:arithmetic 1 1 nan:arithmetic))
(assert_return (invoke "f32x4.max"
                       (v128.const f32x4 -nan nan 0 0)
                       (v128.const f32x4 0 0 -nan nan))
               (v128.const f32x4 nan:canonical nan:canonical nan:canonical nan:canonical))
(assert_return (invoke "f32x4.max"
                       (v128.const f32x4 +0.0 -0.0 1 -inf)
                       (v128.const f32x4 -0.0 +0.0 -1 inf))
               (v128.const f32x4 +0.0 +0.0 1 inf))
(assert_return (invoke "f64x2.min" (v128.const f64x2 -nan 0) (v128.const f64x2 0 nan))
               (v128.const f64x2 nan:canonical nan:canonical))
(assert_return (invoke "f64x2.min" (v128.const f64x2 +0.0 -0.0) (v128.const f64x2 -0.0 +0.0))
               (v128.const f64x2 -0.0 -0.0))
(assert_return (invoke "f64x2.max" (v128.const f64x2 -nan 0) (v128.const f64x2 0 nan))
               (v128.const f64x2 nan:canonical nan:canonical))
(assert_return (invoke "f64x2.max" (v128.const f64x2 +0.0 -0.0) (v128.const f64x2 -0.0 +0.0))
               (v128.const f64x2 +0.0 +0.0))
(assert_return (invoke "f64x2.max" (v128.const f64x2 -1 nan:0x4000000000000)
                                   (v128.const f64x2 -2 3))
               (v128.const f64x2 -1 nan:arithmetic))

;; ---- relaxed_q15mulr_s: -32768 * -32768 saturates to 32767 ----
(assert_return (invoke "q15mulr"
                       (v128.const i16x8 -32768 -32767 32767 0x4000 -0x4000 1 -1 16384)
                       (v128.const i16x8 -32768 -32768 32767 0x4000 0x4000 16384 16384 -1))
               (v128.const i16x8 32767 32767 32766 0x2000 -0x2000 1 0 0))

;; ---- relaxed_dot_i8x16_i7x16_s: signed x signed, pairs saturate to i16 ----
(assert_return (invoke "dot"
                       (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)
                       (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15))
               (v128.const i16x8 1 13 41 85 145 221 313 421))
(assert_return (invoke "dot"
                       (v128.const i8x16 -128 -128 -128 -128 127 127 -128 127 -1 -1 5 -7 0 0 0 0)
                       (v128.const i8x16 -128 -128 -127 -127 -128 -128 127 127 -1 -1 -3 -2 0 0 0 0))
               (v128.const i16x8 32767 32512 -32512 -127 2 -1 0 0))

;; ---- relaxed_dot_i8x16_i7x16_add_s: i16 dot, pairs added in i32, plus c (wrapping) ----
(assert_return (invoke "dot_add"
                       (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)
                       (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)
                       (v128.const i32x4 0 1 2 3))
               (v128.const i32x4 14 127 368 737))
(assert_return (invoke "dot_add"
                       (v128.const i8x16 -128 -128 -128 -128 -128 -128 -128 -128 -128 -128 -127 -127 1 1 1 1)
                       (v128.const i8x16 -128 -128 -128 -128 -127 -127 -127 -127 127 127 127 127 1 1 1 1)
                       (v128.const i32x4 1 0 0 0x7ffffffc))
               (v128.const i32x4 65535 65024 -64770 -2147483648))
