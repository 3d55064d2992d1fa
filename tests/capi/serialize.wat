;; serialize: a module compiled to native code, saved and loaded again.
(module
  (import "" "hello" (func $hello (param i32)))
  (func (export "run") (param i32) (result i32)
    (call $hello (i32.mul (local.get 0) (i32.const 3)))
    (i32.add (local.get 0) (i32.const 1))))
