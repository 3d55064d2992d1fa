;; Prints the guest name of preopen fd 3 (fd_prestat_get + fd_prestat_dir_name),
;; or exits 1 when fd 3 is not a preopen.
(module
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $dir_name (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (local $len i32)
    ;; prestat at 16: tag (u8), then the name length (u32) at 20
    (if (call $prestat_get (i32.const 3) (i32.const 16))
      (then (call $proc_exit (i32.const 1))))
    (local.set $len (i32.load (i32.const 20)))
    (if (call $dir_name (i32.const 3) (i32.const 64) (local.get $len))
      (then (call $proc_exit (i32.const 2))))
    (i32.store8 (i32.add (i32.const 64) (local.get $len)) (i32.const 10))
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.add (local.get $len) (i32.const 1)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
