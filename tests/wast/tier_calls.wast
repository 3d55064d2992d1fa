;; Calls between functions of every signature the JIT's typed entry takes
;; (jit_x64.c, typed_entry: parameters in rdx, rcx, r8, r9 and xmm0-xmm7,
;; the rest on the stack; one i32, i64, f32 or f64 result in rax or xmm0)
;; and some it does not.
;; Callers have even defined indices, callees odd: with
;; WASMCELL_NATIVE_DECLINE=odd (the _mixed runs) LLVM's code compiles only
;; the callers, so every call goes from LLVM's code into JIT code, and the
;; callees' calls back ($back) the other way. Runs in every tier.

(module
  (table 2 funcref)
  (elem (i32.const 0) $mix $five)

  ;; 0: caller of 1
  (func (export "mix") (param i32 i64 f32 f64) (result f64)
    (call $mix (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  ;; 1: i32 zero-extended from its register, i64, f32 and f64 as given
  (func $mix (param i32 i64 f32 f64) (result f64)
    (f64.add
      (f64.add (f64.convert_i64_u (i64.extend_i32_u (local.get 0)))
               (f64.convert_i64_s (local.get 1)))
      (f64.add (f64.promote_f32 (local.get 2)) (local.get 3))))

  ;; 2: caller of 3
  (func (export "ret_f32") (param f32 f32) (result f32)
    (call $ret_f32 (local.get 0) (local.get 1)))
  ;; 3
  (func $ret_f32 (param f32 f32) (result f32) (f32.sub (local.get 0) (local.get 1)))

  ;; 4: caller of 5, an i32 result from a wrapped i64 (its register's upper half is the caller's to ignore)
  (func (export "ret_i32") (param i64) (result i32)
    (i32.add (call $ret_i32 (local.get 0)) (i32.const 1)))
  ;; 5
  (func $ret_i32 (param i64) (result i32) (i32.wrap_i64 (local.get 0)))

  ;; 6: caller of 7: four integer and eight float parameters, the most in registers
  (func (export "many") (result f64)
    (call $many (i32.const 1) (i64.const 2) (i32.const 3) (i64.const 4)
      (f32.const 0.5) (f64.const 0.25) (f32.const 8) (f64.const 16)
      (f32.const 32) (f64.const 64) (f32.const 128) (f64.const 256)))
  ;; 7
  (func $many (param i32 i64 i32 i64 f32 f64 f32 f64 f32 f64 f32 f64) (result f64)
    (f64.add
      (f64.convert_i64_s
        (i64.add (i64.add (i64.extend_i32_u (local.get 0)) (i64.mul (local.get 1) (i64.const 10)))
                 (i64.add (i64.mul (i64.extend_i32_u (local.get 2)) (i64.const 100))
                          (i64.mul (local.get 3) (i64.const 1000)))))
      (f64.add
        (f64.add (f64.add (f64.promote_f32 (local.get 4)) (local.get 5))
                 (f64.add (f64.promote_f32 (local.get 6)) (local.get 7)))
        (f64.add (f64.add (f64.promote_f32 (local.get 8)) (local.get 9))
                 (f64.add (f64.promote_f32 (local.get 10)) (local.get 11))))))

  ;; 8: caller of 9: five integer parameters (the fifth on the stack)
  (func (export "five") (param i32) (result i64)
    (call $five (local.get 0) (i32.const 2) (i32.const 3) (i32.const 4) (i32.const 5)))
  ;; 9
  (func $five (param i32 i32 i32 i32 i32) (result i64)
    (i64.extend_i32_u (i32.add (local.get 0)
      (i32.mul (i32.add (local.get 1) (local.get 2)) (i32.add (local.get 3) (local.get 4))))))

  ;; 10: caller of 11, which traps
  (func (export "trap") (param i32) (result i32) (call $trap (local.get 0)))
  ;; 11
  (func $trap (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))

  ;; 12: down and back up through both tiers until the stack runs out
  (func $down (export "down") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 0))
      (else (i64.add (call $back (i64.sub (local.get 0) (i64.const 1))) (i64.const 1)))))
  ;; 13
  (func $back (param i64) (result i64) (call $down (local.get 0)))

  ;; 14: call_indirect into 1 and 9
  (func (export "indirect") (param i32) (result f64)
    (f64.add
      (call_indirect (param i32 i64 f32 f64) (result f64)
        (local.get 0) (i64.const -3) (f32.const 1.5) (f64.const 0.25) (i32.const 0))
      (f64.convert_i64_u
        (call_indirect (param i32 i32 i32 i32 i32) (result i64)
          (local.get 0) (i32.const 1) (i32.const 1) (i32.const 1) (i32.const 1) (i32.const 1)))))
  ;; 15: no results, no parameters, called for its effect
  (global $g (mut i32) (i32.const 0))
  (func $bump (global.set $g (i32.add (global.get $g) (i32.const 1))))
  ;; 16
  (func (export "bumps") (param i32) (result i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get 0)))
        (call $bump)
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $l)))
    (global.get $g))
  ;; 17: $a and $b are read most, so the JIT keeps them in registers
  ;; (r15, then r8: where $c arrives); $c and $d must still arrive whole
  (func $pinned (param $a i32) (param $b i32) (param $c i32) (param $d i32) (result i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $a)))
        (local.set $b (i32.add (local.get $b) (i32.and (local.get $a) (local.get $b))))
        (local.set $b (i32.xor (local.get $b) (i32.shl (local.get $a) (i32.const 1))))
        (local.set $a (i32.sub (local.get $a) (i32.const 1)))
        (br $l)))
    (i32.add (i32.mul (local.get $c) (local.get $d)) (i32.and (local.get $b) (i32.const 0))))
  ;; 18: a caller of 17
  (func (export "pinned") (param i32) (result i32)
    (call $pinned (local.get 0) (i32.const 3) (i32.const 1000) (i32.const 7)))
  ;; 19: six integer and eleven float parameters: e, f, o, p and q arrive
  ;; on the stack (an i32, an i64, an f32, an f64, an f32); each value is
  ;; weighted by its position, so any two swapped change the result
  (func $spill (param $a i32) (param $b i64) (param $c i32) (param $d i64) (param $e i32) (param $f i64)
               (param $g f32) (param $h f64) (param $i f32) (param $j f64) (param $k f32) (param $l f64)
               (param $m f32) (param $n f64) (param $o f32) (param $p f64) (param $q f32) (result f64)
    (f64.add
      (f64.convert_i64_s
        (i64.add (i64.add (i64.add (i64.extend_i32_u (local.get $a)) (i64.mul (local.get $b) (i64.const 10)))
                          (i64.add (i64.mul (i64.extend_i32_u (local.get $c)) (i64.const 100))
                                   (i64.mul (local.get $d) (i64.const 1000))))
                 (i64.add (i64.mul (i64.extend_i32_u (local.get $e)) (i64.const 10000))
                          (i64.mul (local.get $f) (i64.const 100000)))))
      (f64.add
        (f64.add (f64.add (f64.mul (f64.promote_f32 (local.get $g)) (f64.const 1))
                          (f64.mul (local.get $h) (f64.const 2)))
                 (f64.add (f64.mul (f64.promote_f32 (local.get $i)) (f64.const 3))
                          (f64.mul (local.get $j) (f64.const 4))))
        (f64.add
          (f64.add (f64.add (f64.mul (f64.promote_f32 (local.get $k)) (f64.const 5))
                            (f64.mul (local.get $l) (f64.const 6)))
                   (f64.add (f64.mul (f64.promote_f32 (local.get $m)) (f64.const 7))
                            (f64.mul (local.get $n) (f64.const 8))))
          (f64.add (f64.add (f64.mul (f64.promote_f32 (local.get $o)) (f64.const 9))
                            (f64.mul (local.get $p) (f64.const 10)))
                   (f64.mul (f64.promote_f32 (local.get $q)) (f64.const 11)))))))
  ;; 20: a caller of 19
  (func (export "spill") (param $e i32) (param $q f32) (result f64)
    (call $spill (i32.const 1) (i64.const 2) (i32.const 3) (i64.const 4) (local.get $e) (i64.const -3)
      (f32.const 2) (f64.const 4) (f32.const 8) (f64.const 16) (f32.const 32) (f64.const 64)
      (f32.const 128) (f64.const 256) (f32.const 512) (f64.const 1024) (local.get $q)))
)

(assert_return (invoke "mix" (i32.const -1) (i64.const -5) (f32.const 0.5) (f64.const 0.25))
  (f64.const 4294967290.75))
(assert_return (invoke "mix" (i32.const 7) (i64.const 0x7fffffff) (f32.const -2) (f64.const 1e10))
  (f64.const 12147483652))
(assert_return (invoke "ret_f32" (f32.const 1.5) (f32.const 0.25)) (f32.const 1.25))
(assert_return (invoke "ret_f32" (f32.const -0) (f32.const 0)) (f32.const -0))
(assert_return (invoke "ret_i32" (i64.const 0x1234567800000005)) (i32.const 6))
(assert_return (invoke "ret_i32" (i64.const -1)) (i32.const 0))
(assert_return (invoke "many") (f64.const 4825.75))
(assert_return (invoke "five" (i32.const 1)) (i64.const 46))
(assert_return (invoke "trap" (i32.const 1)) (i32.const 1))
(assert_trap (invoke "trap" (i32.const 0)) "integer divide by zero")
(assert_return (invoke "down" (i64.const 1000)) (i64.const 1000))
(assert_exhaustion (invoke "down" (i64.const 100000000)) "call stack exhausted")
(assert_return (invoke "down" (i64.const 10)) (i64.const 10))
(assert_return (invoke "indirect" (i32.const 4)) (f64.const 10.75))
(assert_return (invoke "bumps" (i32.const 1000)) (i32.const 1000))
(assert_return (invoke "pinned" (i32.const 50)) (i32.const 7000))
(assert_return (invoke "pinned" (i32.const 0)) (i32.const 7000))
(assert_return (invoke "spill" (i32.const -1) (f32.const 2048)) (f64.const 42949672695283))
(assert_return (invoke "spill" (i32.const 7) (f32.const 0.5)) (f64.const -207239.5))
