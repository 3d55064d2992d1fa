;; unstable_seek: a module importing `wasi_unstable` (run with --wasi-version
;; unstable). Its fd_seek numbers whence CUR=0 END=1 SET=2 (preview1: SET=0
;; CUR=1 END=2) and its filestat is 56 bytes with a 32-bit nlink, size at 24.
;; Exit 0 when every answer is right, else the number of the failed check.
(module
  (import "wasi_unstable" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_filestat_get" (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_unstable" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "f.txt")
  (data (i32.const 32) "0123456789")
  (data (i32.const 48) "unstable ok\n")
  ;; 64: fd, 72: iovec, 80: nwritten, 88: offset (u64), 128: filestat (56 bytes)
  (func $check (param $ok i32) (param $code i32)
    (if (i32.eqz (local.get $ok)) (then (call $proc_exit (local.get $code)))))
  (func (export "_start")
    (local $fd i32)
    ;; create f.txt in the preopen (fd 3) with read/write/seek/filestat rights
    (call $check (i32.eqz (call $path_open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 5)
      (i32.const 1) (i64.const 0x20007e) (i64.const 0) (i32.const 0) (i32.const 64))) (i32.const 1))
    (local.set $fd (i32.load (i32.const 64)))
    (i32.store (i32.const 72) (i32.const 32))
    (i32.store (i32.const 76) (i32.const 10))
    (call $check (i32.eqz (call $fd_write (local.get $fd) (i32.const 72) (i32.const 1) (i32.const 80))) (i32.const 2))
    (call $check (i32.eq (i32.load (i32.const 80)) (i32.const 10)) (i32.const 3))
    ;; whence 2 = SET in wasi_unstable
    (call $check (i32.eqz (call $fd_seek (local.get $fd) (i64.const 2) (i32.const 2) (i32.const 88))) (i32.const 4))
    (call $check (i64.eq (i64.load (i32.const 88)) (i64.const 2)) (i32.const 5))
    ;; whence 1 = END
    (call $check (i32.eqz (call $fd_seek (local.get $fd) (i64.const -3) (i32.const 1) (i32.const 88))) (i32.const 6))
    (call $check (i64.eq (i64.load (i32.const 88)) (i64.const 7)) (i32.const 7))
    ;; whence 0 = CUR
    (call $check (i32.eqz (call $fd_seek (local.get $fd) (i64.const 1) (i32.const 0) (i32.const 88))) (i32.const 8))
    (call $check (i64.eq (i64.load (i32.const 88)) (i64.const 8)) (i32.const 9))
    ;; whence 3 is invalid
    (call $check (i32.eq (call $fd_seek (local.get $fd) (i64.const 0) (i32.const 3) (i32.const 88)) (i32.const 28)) (i32.const 10))
    ;; 56-byte filestat: poison bytes 56..63 of it must stay untouched
    (i64.store (i32.const 184) (i64.const -1))
    (call $check (i32.eqz (call $fd_filestat_get (local.get $fd) (i32.const 128))) (i32.const 11))
    (call $check (i32.eq (i32.load8_u (i32.const 144)) (i32.const 4)) (i32.const 12))   ;; filetype regular
    (call $check (i32.eq (i32.load (i32.const 148)) (i32.const 1)) (i32.const 13))      ;; nlink (u32)
    (call $check (i64.eq (i64.load (i32.const 152)) (i64.const 10)) (i32.const 14))    ;; size
    (call $check (i64.eq (i64.load (i32.const 184)) (i64.const -1)) (i32.const 15))    ;; nothing past 56 bytes
    (i32.store (i32.const 72) (i32.const 48))
    (i32.store (i32.const 76) (i32.const 12))
    (drop (call $fd_write (i32.const 1) (i32.const 72) (i32.const 1) (i32.const 80))))
)
