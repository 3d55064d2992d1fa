;; Export names are any UTF-8, NUL included: invoke and get find them by
;; their bytes (wasmcell_instance_export_n), not as C strings.
(module
  (func (export "a\00b") (result i32) (i32.const 1))
  (func (export "a") (result i32) (i32.const 2))
  (func (export "a\00") (result i32) (i32.const 3))
  (func (export "") (result i32) (i32.const 4))
  (global (export "g\00") i32 (i32.const 5)))
(assert_return (invoke "a\00b") (i32.const 1))
(assert_return (invoke "a") (i32.const 2))
(assert_return (invoke "a\00") (i32.const 3))
(assert_return (invoke "") (i32.const 4))
(assert_return (get "g\00") (i32.const 5))
