;; hello.wat — the "hello world" WASI program of the node:wasi documentation.
;; `wasmcell run examples/hello.wat` (or the converted hello.wasm) prints
;; "hello world", as `node --experimental-wasi-unstable-preview1` does.
(module
  ;; fd_write(fd, iovs, iovs_len, nwritten_ptr) -> errno
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))

  (memory 1)
  (export "memory" (memory 0))

  ;; The text lives at address 8; the iovec at address 0 points to it.
  (data (i32.const 8) "hello world\n")

  (func $main (export "_start")
    (i32.store (i32.const 0) (i32.const 8))   ;; iovec.buf
    (i32.store (i32.const 4) (i32.const 12))  ;; iovec.buf_len
    (call $fd_write
      (i32.const 1)    ;; stdout
      (i32.const 0)    ;; the iovec array
      (i32.const 1)    ;; one iovec
      (i32.const 20))  ;; where the number of bytes written goes
    drop))
