;; v128 across every kind of call (test_v128_calls.sh): direct, call_indirect
;; to native and to interpreted callees, multi-value results mixing v128
;; with scalars, and tail calls. Functions holding a tail call ($sub_tail,
;; $tail_sum, run_tail) stay interpreted (docs/native.md); the other 5 are
;; native code, whose calls into $sub_tail take the slots path (wcn_call,
;; a v128 in two slots) and whose callers reach them through their slots
;; entries. `run N` and `run_tail N` return checksums that every tier and
;; artifact must agree on.
(module
  (type $vv_v (func (param v128 v128) (result v128)))
  (table 2 funcref)
  (elem (i32.const 0) $add $sub_tail)

  (func $add (type $vv_v)
    (i32x4.add (local.get 0) (local.get 1)))
  (func $sub_tail (type $vv_v)
    (if (i32.eqz (i32.and (i32x4.extract_lane 0 (local.get 1)) (i32.const 3)))
      (then (return_call $add (local.get 0) (local.get 1))))
    (i32x4.sub (local.get 0) (local.get 1)))
  ;; v128 results between scalars
  (func $split (param i64 v128 f32) (result v128 i64 v128)
    (i64x2.add (local.get 1) (i64x2.splat (local.get 0)))
    (i64.add (local.get 0) (i64.trunc_f32_s (local.get 2)))
    (f32x4.mul (f32x4.convert_i32x4_s (local.get 1)) (f32x4.splat (local.get 2))))
  (func $fold (param v128 i64 v128) (result v128)
    (v128.xor (i64x2.add (local.get 0) (i64x2.splat (local.get 1)))
              (i32x4.trunc_sat_f32x4_s (local.get 2))))

  (func (export "run") (param $n i32) (result i64)
    (local $i i32) (local $v v128) (local $w v128)
    (local.set $v (v128.const i32x4 1 2 3 4))
    (local.set $w (v128.const i32x4 7 -7 100 -100))
    (block $done
      (loop $top
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $v (call $add (local.get $v) (local.get $w)))
        (local.set $v (call $sub_tail (local.get $v) (i32x4.splat (local.get $i))))
        (local.set $w (call_indirect (type $vv_v) (local.get $w) (local.get $v)
                                     (i32.and (local.get $i) (i32.const 1))))
        (local.set $v (call $fold (call $split (i64.extend_i32_u (local.get $i)) (local.get $v)
                                               (f32.const 0.5))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))
    (i64.xor (i64x2.extract_lane 0 (i64x2.add (local.get $v) (local.get $w)))
             (i64x2.extract_lane 1 (v128.xor (local.get $v) (local.get $w)))))

  (func $tail_sum (param $v v128) (param $n i32) (result v128)
    (if (result v128) (i32.eqz (local.get $n))
      (then (local.get $v))
      (else (return_call $tail_sum (call $add (local.get $v) (i32x4.splat (local.get $n)))
                                   (i32.sub (local.get $n) (i32.const 1))))))
  (func (export "run_tail") (param $n i32) (result i64)
    (return_call $checksum (call $tail_sum (v128.const i32x4 0 1 2 3) (local.get $n))))
  (func $checksum (param v128) (result i64)
    (i64.add (i64x2.extract_lane 0 (local.get 0)) (i64x2.extract_lane 1 (local.get 0)))))
