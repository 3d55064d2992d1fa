;; Relaxed SIMD: both tiers give the deterministic profile bit for bit
;; (docs/interpreter.md, "Relaxed SIMD"). "sweep_f32"/"sweep_f64" apply the
;; relaxed instructions to every pair (and a third operand) drawn from
;; tables of special values (zeros, infinities, NaNs with payloads, the
;; conversion limits, the FMA-detecting inputs) and store every result to
;; the exported memory, which difftest compares byte for byte; the other
;; exports take difftest's own v128 arguments. NaN lanes of float results
;; become the canonical NaN first: which NaN payload comes out of two NaN
;; operands is left open by the spec and depends on the operand order the
;; C compiler or LLVM picks (tests/diff/README.md). The two dot products are
;; covered by tests/wast/relaxed_simd.wast only: the wabt that converts this
;; file (1.0.32) still spells them by their pre-standard names.
(module
  (memory (export "memory") 1)
  ;; 16 f32 values, twice (a v128 load at 4*i takes lanes i..i+3)
  (data (i32.const 0)
    "\00\00\00\00" "\00\00\00\80" "\00\00\80\3f" "\00\00\80\bf"
    "\00\00\c0\3f" "\00\00\80\7f" "\00\00\80\ff" "\00\00\c0\7f"
    "\00\00\c0\ff" "\00\00\a0\7f" "\ff\ff\7f\7f" "\00\00\00\40"
    "\01\00\00\00" "\00\00\00\4f" "\01\00\00\cf" "\02\00\80\3f"
    "\00\00\00\00" "\00\00\00\80" "\00\00\80\3f" "\00\00\80\bf"
    "\00\00\c0\3f" "\00\00\80\7f" "\00\00\80\ff" "\00\00\c0\7f"
    "\00\00\c0\ff" "\00\00\a0\7f" "\ff\ff\7f\7f" "\00\00\00\40"
    "\01\00\00\00" "\00\00\00\4f" "\01\00\00\cf" "\02\00\80\3f")
  ;; 16 f64 values, twice, at 128
  (data (i32.const 128)
    "\00\00\00\00\00\00\00\00" "\00\00\00\00\00\00\00\80"
    "\00\00\00\00\00\00\f0\3f" "\00\00\00\00\00\00\f8\bf"
    "\00\00\00\00\00\00\f0\7f" "\00\00\00\00\00\00\f0\ff"
    "\00\00\00\00\00\00\f8\7f" "\01\00\00\00\00\00\f4\7f"
    "\ff\ff\ff\ff\ff\ff\ef\7f" "\00\00\00\00\00\00\00\40"
    "\00\00\c0\ff\ff\ff\df\41" "\00\00\00\00\00\00\e0\c1"
    "\00\00\00\00\00\00\f0\41" "\00\00\00\00\00\00\f0\c1"
    "\00\00\00\04\00\00\f0\3f" "\00\00\20\00\00\00\f0\3f"
    "\00\00\00\00\00\00\00\00" "\00\00\00\00\00\00\00\80"
    "\00\00\00\00\00\00\f0\3f" "\00\00\00\00\00\00\f8\bf"
    "\00\00\00\00\00\00\f0\7f" "\00\00\00\00\00\00\f0\ff"
    "\00\00\00\00\00\00\f8\7f" "\01\00\00\00\00\00\f4\7f"
    "\ff\ff\ff\ff\ff\ff\ef\7f" "\00\00\00\00\00\00\00\40"
    "\00\00\c0\ff\ff\ff\df\41" "\00\00\00\00\00\00\e0\c1"
    "\00\00\00\00\00\00\f0\41" "\00\00\00\00\00\00\f0\c1"
    "\00\00\00\04\00\00\f0\3f" "\00\00\20\00\00\00\f0\3f")

  (func $canon32 (param v128) (result v128)
    (v128.bitselect (v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000) (local.get 0)
                    (f32x4.ne (local.get 0) (local.get 0))))
  (func $canon64 (param v128) (result v128)
    (v128.bitselect (v128.const i64x2 0x7ff8000000000000 0x7ff8000000000000) (local.get 0)
                    (f64x2.ne (local.get 0) (local.get 0))))

  ;; results: 16 x 16 pairs x 8 results x 16 bytes = 32 KiB at 1024
  (func (export "sweep_f32")
    (local $i i32) (local $j i32) (local $out i32) (local $a v128) (local $b v128) (local $c v128)
    (local.set $out (i32.const 1024))
    (loop $li
      (local.set $j (i32.const 0))
      (loop $lj
        (local.set $a (v128.load (i32.shl (local.get $i) (i32.const 2))))
        (local.set $b (v128.load (i32.shl (local.get $j) (i32.const 2))))
        (local.set $c (v128.load (i32.shl (i32.and (i32.add (local.get $i) (local.get $j))
                                                   (i32.const 15)) (i32.const 2))))
        (v128.store offset=0 (local.get $out) (call $canon32 (f32x4.relaxed_min (local.get $a) (local.get $b))))
        (v128.store offset=16 (local.get $out) (call $canon32 (f32x4.relaxed_max (local.get $a) (local.get $b))))
        (v128.store offset=32 (local.get $out)
          (call $canon32 (f32x4.relaxed_madd (local.get $a) (local.get $b) (local.get $c))))
        (v128.store offset=48 (local.get $out)
          (call $canon32 (f32x4.relaxed_nmadd (local.get $a) (local.get $b) (local.get $c))))
        (v128.store offset=64 (local.get $out) (i32x4.relaxed_trunc_f32x4_s (local.get $a)))
        (v128.store offset=80 (local.get $out) (i32x4.relaxed_trunc_f32x4_u (local.get $b)))
        (v128.store offset=96 (local.get $out)
          (i32x4.relaxed_laneselect (local.get $a) (local.get $b) (local.get $c)))
        (v128.store offset=112 (local.get $out) (i8x16.relaxed_swizzle (local.get $a) (local.get $b)))
        (local.set $out (i32.add (local.get $out) (i32.const 128)))
        (br_if $lj (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (i32.const 16))))
      (br_if $li (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 16)))))

  ;; results: 16 x 16 pairs x 8 results x 16 bytes = 32 KiB at 33792
  (func (export "sweep_f64")
    (local $i i32) (local $j i32) (local $out i32) (local $a v128) (local $b v128) (local $c v128)
    (local.set $out (i32.const 33792))
    (loop $li
      (local.set $j (i32.const 0))
      (loop $lj
        (local.set $a (v128.load offset=128 (i32.shl (local.get $i) (i32.const 3))))
        (local.set $b (v128.load offset=128 (i32.shl (local.get $j) (i32.const 3))))
        (local.set $c (v128.load offset=128 (i32.shl (i32.and (i32.add (local.get $i) (local.get $j))
                                                              (i32.const 15)) (i32.const 3))))
        (v128.store offset=0 (local.get $out) (call $canon64 (f64x2.relaxed_min (local.get $a) (local.get $b))))
        (v128.store offset=16 (local.get $out) (call $canon64 (f64x2.relaxed_max (local.get $a) (local.get $b))))
        (v128.store offset=32 (local.get $out)
          (call $canon64 (f64x2.relaxed_madd (local.get $a) (local.get $b) (local.get $c))))
        (v128.store offset=48 (local.get $out)
          (call $canon64 (f64x2.relaxed_nmadd (local.get $a) (local.get $b) (local.get $c))))
        (v128.store offset=64 (local.get $out) (i32x4.relaxed_trunc_f64x2_s_zero (local.get $a)))
        (v128.store offset=80 (local.get $out) (i32x4.relaxed_trunc_f64x2_u_zero (local.get $b)))
        (v128.store offset=96 (local.get $out)
          (i16x8.relaxed_laneselect (local.get $a) (local.get $b) (local.get $c)))
        (v128.store offset=112 (local.get $out) (i16x8.relaxed_q15mulr_s (local.get $a) (local.get $b)))
        (local.set $out (i32.add (local.get $out) (i32.const 128)))
        (br_if $lj (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (i32.const 16))))
      (br_if $li (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 16)))))

  (func (export "swizzle") (param v128 v128) (result v128)
    (i8x16.relaxed_swizzle (local.get 0) (local.get 1)))
  (func (export "laneselect") (param v128 v128 v128) (result v128 v128 v128 v128)
    (i8x16.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2))
    (i16x8.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2))
    (i32x4.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2))
    (i64x2.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "madd") (param v128 v128 v128) (result v128 v128 v128 v128)
    (call $canon32 (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
    (call $canon32 (f32x4.relaxed_nmadd (local.get 0) (local.get 1) (local.get 2)))
    (call $canon64 (f64x2.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
    (call $canon64 (f64x2.relaxed_nmadd (local.get 0) (local.get 1) (local.get 2))))
  (func (export "minmax_trunc") (param v128 v128) (result v128 v128 v128 v128)
    (call $canon32 (f32x4.relaxed_min (local.get 0) (local.get 1)))
    (call $canon64 (f64x2.relaxed_max (local.get 0) (local.get 1)))
    (i32x4.relaxed_trunc_f32x4_u (local.get 0))
    (i32x4.relaxed_trunc_f64x2_s_zero (local.get 1))))
