;; An out-of-bounds load must trap before any later instruction runs: when
;; a later instruction would trap too, the load's trap is the one reported.
;; Found by diff_tiers (fuzz.sh seed 20001, reduced): the native tier at the
;; time reported the later trap ("integer overflow", "integer divide by
;; zero") where the interpreter and V8 trap "out of bounds memory access":
;; the load, used only after the later check or not at all, was moved past
;; that check or removed (the same cause as dead_load_oob.wat).
(module
  (memory 1)
  (func (export "load_then_trunc") (result i32)
    (local i32)
    (local.set 0 (i32.load (i32.const 70000)))
    (drop (i32.trunc_f64_s (f64.const 5e9)))
    (local.get 0))
  (func (export "load_then_div") (result i32)
    (local i32)
    (local.set 0 (i32.load offset=65535 (i32.const 0)))
    (drop (i32.div_u (i32.const 1) (i32.const 0)))
    (local.get 0))
  (func (export "dead_load_then_trunc")
    (drop (i32.xor (i32.load8_u (i32.const 33554435)) (i32.const 0)))
    (drop (i32.trunc_f64_s (f64.const 4289817191)))))
