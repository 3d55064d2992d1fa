;; hang.wast — an endless loop: `wasmcell wast --timeout 0.5` must fail that
;; one command (not hang, not count the interruption as the expected trap)
;; and go on with the next.
(module
  (func (export "spin") (loop $forever (br $forever)))
  (func (export "one") (result i32) (i32.const 1)))
(assert_trap (invoke "spin") "unreachable")
(assert_return (invoke "one") (i32.const 1))
