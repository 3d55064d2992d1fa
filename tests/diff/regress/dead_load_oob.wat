;; A load whose value is never used must still trap when it is out of
;; bounds (spec: the access itself traps). Found by diff_tiers (seed 10,
;; reduced with wasm-reduce): binaryen's hashMemory dropped such a load.
;; The native tier at the time returned 228 where the interpreter and V8
;; trap "out of bounds memory access": the dead load was optimised away,
;; so the guard page never saw it. Later (8f249a3..) a dropped load traps,
;; but a load feeding dead arithmetic (seed 5014: drop (i32.xor (load) 0))
;; still vanished, until loads became volatile (2aaa67d).
(module
  (memory 1)
  (func (export "dead_load8") (result i32)
    (drop (i32.load8_u offset=2 (i32.const -1)))
    (i32.const 228))
  (func (export "dead_load_past_end") (result i32)
    (drop (i32.load (i32.const 65536)))
    (i32.const 1))
  (func (export "dead_f64_load") (param i32) (result i32)
    (drop (f64.load offset=65530 (local.get 0)))
    (i32.const 2))
  (func (export "dead_i64_load") (param i32)
    (drop (i64.load32_s (local.get 0))))
  (func (export "dead_load_xor") (result i32)
    (drop (i32.xor (i32.const 0) (i32.load8_u (i32.const 2086293923))))
    (i32.const 32))
  (func (export "dead_load_overwritten") (result i32)
    (local i64)
    (local.set 0 (i64.load (i32.const -8)))
    (local.set 0 (i64.const 7))
    (i32.wrap_i64 (local.get 0))))
