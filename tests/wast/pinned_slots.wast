;; The baseline JIT keeps a function's most used slots in registers
;; (jit_x64.c, "pinned slots"): their frame copies must be written and read
;; back around everything that uses the frame or clobbers registers —
;; direct, indirect and recursive calls, numeric helpers, bulk memory
;; instructions, memory.grow, multi-value returns — and parameters entered
;; through the fast entry. Each function loops, so its locals weigh the
;; most; the results were worked out by hand (the comments).

(module
  (memory 1)
  (table 2 funcref)
  (elem (i32.const 0) $sq $inc)
  (type $un (func (param i32) (result i32)))

  ;; 0 + 1 + ... + (n - 1), with hot locals of its own
  (func $tri (param $n i32) (result i32) (local $i i32) (local $s i32)
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $s (i32.add (local.get $s) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    (local.get $s))
  (func $sq (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
  (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))

  ;; sum over k < n of tri(k) + k*k + (k + 1) + floor(k / 2)
  (func (export "calls") (param $n i32) (result i64)
    (local $k i32) (local $acc i64) (local $a i32) (local $b i32) (local $c i32) (local $f f64)
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $k) (local.get $n)))
      (local.set $a (call $tri (local.get $k)))
      (local.set $b (call_indirect (type $un) (local.get $k) (i32.const 0)))
      (local.set $c (call_indirect (type $un) (local.get $k) (i32.const 1)))
      (local.set $f (f64.floor (f64.div (f64.convert_i32_u (local.get $k)) (f64.const 2))))
      (local.set $acc (i64.add (local.get $acc)
        (i64.extend_i32_u (i32.add (i32.add (local.get $a) (local.get $b)) (local.get $c)))))
      (local.set $acc (i64.add (local.get $acc) (i64.trunc_f64_u (local.get $f))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $l)))
    (local.get $acc))

  ;; the parameters are the results' slots: both pinned, both returned
  ;; after a loop; (x, y) -> (x + n, y + 2n) for n turns
  (func $walk (param $x i32) (param $y i32) (param $n i32) (result i32 i32)
    (block $d (loop $l
      (br_if $d (i32.eqz (local.get $n)))
      (local.set $x (i32.add (local.get $x) (i32.const 1)))
      (local.set $y (i32.add (local.get $y) (i32.const 2)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $l)))
    (local.get $x) (local.get $y))
  ;; sum over k < n of walk(k, 3k, k): (2k) + (5k) = 7k, so 7 n (n - 1) / 2
  (func (export "multi") (param $n i32) (result i32)
    (local $k i32) (local $s i32) (local $p i32) (local $q i32)
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $k) (local.get $n)))
      (call $walk (local.get $k) (i32.mul (local.get $k) (i32.const 3)) (local.get $k))
      (local.set $q) (local.set $p)
      (local.set $s (i32.add (local.get $s) (i32.add (local.get $p) (local.get $q))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $l)))
    (local.get $s))

  ;; bulk instructions take their operands from the frame: fill byte k
  ;; of [k*16, k*16+16) for k < n, copy it all 4096 bytes up, and sum the
  ;; copy's bytes: 16 * (0 + 1 + ... + (n - 1)), n <= 256
  (func (export "bulk") (param $n i32) (result i32)
    (local $k i32) (local $at i32) (local $len i32) (local $s i32) (local $i i32)
    (local.set $len (i32.const 16))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $k) (local.get $n)))
      (local.set $at (i32.mul (local.get $k) (local.get $len)))
      (memory.fill (local.get $at) (local.get $k) (local.get $len))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $l)))
    (local.set $len (i32.mul (local.get $n) (i32.const 16)))
    (memory.copy (i32.const 4096) (i32.const 0) (local.get $len))
    (block $d2 (loop $l2
      (br_if $d2 (i32.ge_u (local.get $i) (local.get $len)))
      (local.set $s (i32.add (local.get $s) (i32.load8_u offset=4096 (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l2)))
    (local.get $s))

  ;; memory.grow (a helper call) with hot locals around it: grows by 1
  ;; page n times, summing the old sizes: n * p0 + n (n - 1) / 2
  (func (export "grow") (param $n i32) (result i32)
    (local $k i32) (local $s i32)
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $k) (local.get $n)))
      (local.set $s (i32.add (local.get $s) (memory.grow (i32.const 1))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $l)))
    (local.get $s))

  ;; recursion: each frame's pinned locals survive its callees; the sum
  ;; of tri(i) for i <= d, over every node of a binary tree of depth d:
  ;; rec(d) = 2 rec(d - 1) + tri(d + 1), rec(0) = tri(1) = 0
  (func $rec (export "rec") (param $d i32) (result i64) (local $l i64) (local $r i64)
    (if (i32.eqz (local.get $d)) (then (return (i64.const 0))))
    (local.set $l (call $rec (i32.sub (local.get $d) (i32.const 1))))
    (local.set $r (call $rec (i32.sub (local.get $d) (i32.const 1))))
    (i64.add (i64.add (local.get $l) (local.get $r))
             (i64.extend_i32_u (call $tri (i32.add (local.get $d) (i32.const 1))))))

  ;; more hot locals than registers: eight counters stepping by 1..8,
  ;; n turns: sum 1..8 = 36 per turn, then the xor mix of them
  (func (export "many") (param $n i32) (result i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32)
    (local $e i32) (local $f i32) (local $g i32) (local $h i32) (local $k i32)
    (block $x (loop $l
      (br_if $x (i32.ge_u (local.get $k) (local.get $n)))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (local.set $b (i32.add (local.get $b) (i32.const 2)))
      (local.set $c (i32.add (local.get $c) (i32.const 3)))
      (local.set $d (i32.add (local.get $d) (i32.const 4)))
      (local.set $e (i32.add (local.get $e) (i32.const 5)))
      (local.set $f (i32.add (local.get $f) (i32.const 6)))
      (local.set $g (i32.add (local.get $g) (i32.const 7)))
      (local.set $h (i32.add (local.get $h) (i32.const 8)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $l)))
    (i32.add (i32.add (i32.add (local.get $a) (local.get $b)) (i32.add (local.get $c) (local.get $d)))
             (i32.add (i32.add (local.get $e) (local.get $f)) (i32.add (local.get $g) (local.get $h)))))

  ;; byte operations on pinned registers (rsi and rdi need a REX prefix
  ;; for their low bytes): the same eight counters, each sign-extended
  ;; from its low byte: n = 1000 gives -24 -48 -72 -96 -120 112 88 64 = -96
  (func (export "bytes") (param $n i32) (result i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32)
    (local $e i32) (local $f i32) (local $g i32) (local $h i32) (local $k i32)
    (block $x (loop $l
      (br_if $x (i32.ge_u (local.get $k) (local.get $n)))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (local.set $b (i32.add (local.get $b) (i32.const 2)))
      (local.set $c (i32.add (local.get $c) (i32.const 3)))
      (local.set $d (i32.add (local.get $d) (i32.const 4)))
      (local.set $e (i32.add (local.get $e) (i32.const 5)))
      (local.set $f (i32.add (local.get $f) (i32.const 6)))
      (local.set $g (i32.add (local.get $g) (i32.const 7)))
      (local.set $h (i32.add (local.get $h) (i32.const 8)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $l)))
    (i32.add
      (i32.add (i32.add (i32.extend8_s (local.get $a)) (i32.extend8_s (local.get $b)))
               (i32.add (i32.extend8_s (local.get $c)) (i32.extend8_s (local.get $d))))
      (i32.add (i32.add (i32.extend8_s (local.get $e)) (i32.extend8_s (local.get $f)))
               (i32.add (i32.extend8_s (local.get $g)) (i32.extend8_s (local.get $h))))))

  ;; i64 and f64 locals pinned too: a running f64 sum of k / 4 and an i64
  ;; product mod 1000003 of (k + 1)
  (func (export "wide") (param $n i32) (result f64 i64)
    (local $k i32) (local $s f64) (local $p i64)
    (local.set $p (i64.const 1))
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $k) (local.get $n)))
      (local.set $s (f64.add (local.get $s) (f64.div (f64.convert_i32_u (local.get $k)) (f64.const 4))))
      (local.set $p (i64.rem_u (i64.mul (local.get $p) (i64.extend_i32_u (i32.add (local.get $k) (i32.const 1))))
                               (i64.const 1000003)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $l)))
    (local.get $s) (local.get $p))
)
(assert_return (invoke "calls" (i32.const 300)) (i64.const 13477650))
(assert_return (invoke "multi" (i32.const 300)) (i32.const 313950))
(assert_return (invoke "bulk" (i32.const 200)) (i32.const 318400))
(assert_return (invoke "grow" (i32.const 10)) (i32.const 55))
(assert_return (invoke "rec" (i32.const 12)) (i64.const 16278))
(assert_return (invoke "many" (i32.const 1000)) (i32.const 36000))
(assert_return (invoke "bytes" (i32.const 1000)) (i32.const -96))
(assert_return (invoke "wide" (i32.const 500)) (f64.const 31187.5) (i64.const 144305))
