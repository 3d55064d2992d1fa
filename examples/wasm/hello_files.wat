;; hello_files.wat — the guest of embed_hello.c: a WASI command that prints
;; "hello world", then the contents of greeting.txt from its first preopened
;; directory (guest fd 3), then returns from _start (exit code 0).
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  ;; path_open(dirfd, dirflags, path, path_len, oflags, rights_base,
  ;;           rights_inheriting, fdflags, fd_out) -> errno
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close"
    (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit"
    (func $proc_exit (param i32)))

  (memory (export "memory") 1)
  (data (i32.const 64) "hello world\n")
  (data (i32.const 96) "greeting.txt")
  (data (i32.const 112) "cannot open greeting.txt\n")

  ;; write(fd, ptr, len): one iovec at address 0, nwritten at 8.
  (func $write (param $fd i32) (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))))

  (func (export "_start")
    (local $fd i32) (local $n i32)
    (call $write (i32.const 1) (i32.const 64) (i32.const 12))
    ;; open greeting.txt beneath fd 3 with the fd_read right (bit 1)
    (if (call $path_open (i32.const 3) (i32.const 0) (i32.const 96) (i32.const 12)
                         (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0)
                         (i32.const 16))
      (then
        (call $write (i32.const 2) (i32.const 112) (i32.const 25))
        (call $proc_exit (i32.const 2))))
    (local.set $fd (i32.load (i32.const 16)))
    ;; read up to 1024 bytes into address 1024 (iovec at 24, nread at 32)
    (i32.store (i32.const 24) (i32.const 1024))
    (i32.store (i32.const 28) (i32.const 1024))
    (drop (call $fd_read (local.get $fd) (i32.const 24) (i32.const 1) (i32.const 32)))
    (call $write (i32.const 1) (i32.const 1024) (i32.load (i32.const 32)))
    (drop (call $fd_close (local.get $fd)))))
