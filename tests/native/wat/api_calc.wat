;; For test_native_api.c: plain exports, a loop, a trap, memory.
(module $calc
  (memory (export "memory") 1)
  (data (i32.const 16) "native")
  (func $add (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $sum (export "sum") (param $n i64) (result i64) (local $s i64)
    (block $done
      (loop $top
        (br_if $done (i64.eqz (local.get $n)))
        (local.set $s (i64.add (local.get $s) (local.get $n)))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $top)))
    (local.get $s))
  (func $byte (export "byte") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func $boom (export "boom") unreachable))
