;; The guest of examples/plugin_host.c: a plugin that imports a function and
;; a global the host created, and exports a table of callbacks (function
;; pointers) for the host to call.
(module
  (import "host" "log" (func $log (param i32)))
  (import "host" "scale" (global $scale i32))
  (table (export "callbacks") 3 funcref)
  (elem (i32.const 0) $scaled $square_logged $checked)
  (func $scaled (param i32) (result i32) (i32.mul (local.get 0) (global.get $scale)))
  (func $square_logged (param i32) (result i32)
    (call $log (local.get 0))
    (i32.mul (local.get 0) (local.get 0)))
  (func $checked (param i32) (result i32) (call $fail (local.get 0)))
  (func $fail (param i32) (result i32) (unreachable)))
