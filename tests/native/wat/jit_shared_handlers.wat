;; Ops whose interpreter handlers a compiler may merge (clang-19 does:
;; i32.wrap_i64 with i64.extend_i32_u, f32 loads with i32 loads,
;; unreachable's trap with the never-emitted v128.const): the JIT must
;; still translate a function that uses them (tests/native/test_jit.sh).
(module
  (memory 1)
  (func (export "mix") (param $x i64) (param $f f32) (param $d f64) (result i64)
    (local $w i32)
    (local.set $w (i32.wrap_i64 (local.get $x)))
    (f32.store (i32.const 16) (local.get $f))
    (f64.store (i32.const 24) (local.get $d))
    (i64.store32 (i32.const 40) (local.get $x))
    (i64.store8 (i32.const 44) (local.get $x))
    (i64.store16 (i32.const 46) (local.get $x))
    (if (i32.eq (local.get $w) (i32.const -1)) (then unreachable))
    (i64.add
      (i64.add (i64.extend_i32_u (local.get $w))
               (i64.reinterpret_f64 (f64.load (i32.const 24))))
      (i64.add
        (i64.add (i64.extend_i32_u (i32.reinterpret_f32 (f32.load (i32.const 16))))
                 (i64.load32_u (i32.const 40)))
        (i64.add (i64.load8_u (i32.const 44)) (i64.load16_u (i32.const 46)))))))
