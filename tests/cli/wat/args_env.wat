;; Prints each argv string on its own line, then "--", then each
;; environment entry: both buffers are NUL-separated, so NULs become '\n'.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 32) "--\n")

  ;; Replace every NUL in [buf, buf+len) with '\n', then write it to stdout.
  (func $print_lines (param $buf i32) (param $len i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (if (i32.eqz (i32.load8_u (i32.add (local.get $buf) (local.get $i))))
          (then (i32.store8 (i32.add (local.get $buf) (local.get $i)) (i32.const 10))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (call $write (local.get $buf) (local.get $len)))

  (func $write (param $buf i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $buf))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  (func (export "_start")
    ;; sizes at 16 (count) and 20 (buffer bytes); pointers at 1024; strings at 8192
    (drop (call $args_sizes_get (i32.const 16) (i32.const 20)))
    (drop (call $args_get (i32.const 1024) (i32.const 8192)))
    (call $print_lines (i32.const 8192) (i32.load (i32.const 20)))
    (call $write (i32.const 32) (i32.const 3))
    (drop (call $environ_sizes_get (i32.const 16) (i32.const 20)))
    (drop (call $environ_get (i32.const 1024) (i32.const 8192)))
    (call $print_lines (i32.const 8192) (i32.load (i32.const 20)))))
