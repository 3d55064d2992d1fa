;; failing.wast — every assertion here is wrong: `wasmcell wast` must
;; report each one as FAIL with its line and exit 1.
(module
  (func (export "one") (result i32) (i32.const 1))
  (func (export "quiet_payload") (result f32) (f32.const nan:0x600000)))
(assert_return (invoke "one") (i32.const 2))
(assert_trap (invoke "one") "unreachable")
(assert_invalid (module (func)) "type mismatch")
(assert_return (invoke "quiet_payload") (f32.const nan:canonical))
