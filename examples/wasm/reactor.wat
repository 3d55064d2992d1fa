;; reactor.wat — the guest of reactor.c: a WASI reactor (a library module).
;; It exports `_initialize` instead of `_start`; the host calls
;; wasmcell_wasi_initialize once, then calls `next` as often as it likes.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))

  (memory (export "memory") 1)
  (data (i32.const 64) "reactor initialized\n")
  (global $counter (mut i32) (i32.const 0))

  (func (export "_initialize")
    (global.set $counter (i32.const 100))
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 20))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  ;; next(): returns the counter, then adds `step` to it
  (func (export "next") (param $step i32) (result i32)
    (global.get $counter)
    (global.set $counter (i32.add (global.get $counter) (local.get $step)))))
