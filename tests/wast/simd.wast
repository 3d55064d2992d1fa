;; SIMD typing: v128 operands, lane indices within the shape, shuffle lane
;; indices below 32, memory alignment of vector loads and stores.

(module
  (memory 1)
  (func (export "lanes") (result i32)
    (i32.add
      (i32x4.extract_lane 3 (v128.const i32x4 1 2 3 40))
      (i8x16.extract_lane_u 15 (i8x16.replace_lane 15 (v128.const i64x2 0 0) (i32.const 2)))))
  (func (export "shuffle") (result i64)
    (i64x2.extract_lane 0
      (i8x16.shuffle 16 17 18 19 20 21 22 23 0 1 2 3 4 5 6 7
        (v128.const i64x2 1 2) (v128.const i64x2 3 4))))
  (func (export "mem") (result f64)
    (v128.store align=16 (i32.const 0) (v128.const f64x2 1.5 2.5))
    (f64x2.extract_lane 1 (v128.load64_splat align=8 (i32.const 8))))
  (func (export "load-lane") (result i32)
    (i32x4.extract_lane 2
      (v128.load32_lane align=4 2 (i32.const 0) (v128.const i32x4 0 0 0 0))))
  (func (export "bitselect") (result v128)
    (v128.bitselect (v128.const i32x4 -1 -1 -1 -1) (v128.const i32x4 0 0 0 0)
                    (v128.const i32x4 0 -1 0 -1)))
)
(assert_return (invoke "lanes") (i32.const 42))
(assert_return (invoke "shuffle") (i64.const 3))
(assert_return (invoke "mem") (f64.const 2.5))

;; lane indices
(assert_invalid
  (module (func (result i32) (i32x4.extract_lane 4 (v128.const i64x2 0 0))))
  "invalid lane index")
(assert_invalid
  (module (func (result i32) (i8x16.extract_lane_s 16 (v128.const i64x2 0 0))))
  "invalid lane index")
(assert_invalid
  (module (func (result v128) (i16x8.replace_lane 8 (v128.const i64x2 0 0) (i32.const 0))))
  "invalid lane index")
(assert_invalid
  (module (func (result f64) (f64x2.extract_lane 2 (v128.const i64x2 0 0))))
  "invalid lane index")
(assert_invalid
  (module (func (result v128)
    (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 32
      (v128.const i64x2 0 0) (v128.const i64x2 0 0))))
  "invalid lane index")
(assert_invalid
  (module (memory 1) (func (result v128)
    (v128.load16_lane 8 (i32.const 0) (v128.const i64x2 0 0))))
  "invalid lane index")
(assert_invalid
  (module (memory 1) (func
    (v128.store64_lane 2 (i32.const 0) (v128.const i64x2 0 0))))
  "invalid lane index")

;; alignment
(assert_invalid
  (module (memory 1) (func (drop (v128.load align=32 (i32.const 0)))))
  "alignment must not be larger than natural")
(assert_invalid
  (module (memory 1) (func (drop (v128.load8x8_s align=16 (i32.const 0)))))
  "alignment must not be larger than natural")
(assert_invalid
  (module (memory 1) (func (drop (v128.load32_zero align=8 (i32.const 0)))))
  "alignment must not be larger than natural")
(assert_invalid
  (module (memory 1) (func (drop (v128.load8_lane align=2 0 (i32.const 0) (v128.const i64x2 0 0)))))
  "alignment must not be larger than natural")
(assert_invalid
  (module (func (drop (v128.load (i32.const 0)))))
  "unknown memory")

;; operand types
(assert_invalid
  (module (func (result v128) (i32x4.add (v128.const i64x2 0 0) (i32.const 0))))
  "type mismatch")
(assert_invalid
  (module (func (result i32) (i32x4.extract_lane 0 (i32.const 0))))
  "type mismatch")
(assert_invalid
  (module (func (result v128) (i64x2.splat (i32.const 0))))
  "type mismatch")
(assert_invalid
  (module (func (result v128) (i32x4.shl (v128.const i64x2 0 0) (i64.const 1))))
  "type mismatch")
(assert_invalid
  (module (func (result i64) (i64x2.all_true (v128.const i64x2 0 0))))
  "type mismatch")
