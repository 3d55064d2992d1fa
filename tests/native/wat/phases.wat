;; Tier auto, generations (tests/native/test_generations.sh): two phases,
;; each a long loop in a function of its own. $a (phase 1) gets hot first;
;; $b (phase 2) later, in a generation of its own, and calls $mix and $a,
;; which an earlier generation compiled (calls across generations).
(module
  (func $mix (param $x i32) (param $i i32) (result i32)
    (i32.xor (i32.mul (local.get $x) (i32.const 31)) (local.get $i)))
  (func $a (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (local.set $acc (i32.const 7))
    (block $out
      (loop $top
        (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (call $mix (local.get $acc) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))
    (local.get $acc))
  (func $b (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (local.set $acc (i32.const 3))
    (block $out
      (loop $top
        (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (call $mix (local.get $acc) (local.get $i))
                                 (i32.rotl (local.get $acc) (i32.const 5))))
        (if (i32.eqz (i32.and (local.get $i) (i32.const 0xfffff)))
          (then (local.set $acc (i32.add (local.get $acc) (call $a (i32.const 10))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))
    (local.get $acc))
  (func (export "run") (param $n i32) (result i32)
    (i32.add (call $a (local.get $n)) (call $b (local.get $n)))))
