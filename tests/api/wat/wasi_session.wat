;; A WASI command touching the main host paths: stdout, args, a file created
;; in a preopen, close, proc_exit(7). Used by test_fault_wasi.c.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 8) "hello\n")
  (data (i32.const 32) "out.txt")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 8))
    (i32.store (i32.const 4) (i32.const 6))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))
    (drop (call $args_sizes_get (i32.const 64) (i32.const 68)))
    ;; path_open(preopen fd 3, "out.txt", O_CREAT, rights fd_write)
    (if (i32.eqz (call $path_open (i32.const 3) (i32.const 0) (i32.const 32) (i32.const 7)
                                  (i32.const 1) (i64.const 0x40) (i64.const 0) (i32.const 0)
                                  (i32.const 72)))
      (then
        (drop (call $fd_write (i32.load (i32.const 72)) (i32.const 0) (i32.const 1) (i32.const 16)))
        (drop (call $fd_close (i32.load (i32.const 72))))))
    (call $proc_exit (i32.const 7))))
