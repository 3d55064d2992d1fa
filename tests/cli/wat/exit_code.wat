;; proc_exit with a code chosen by the caller: `--invoke exit N`, and
;; _start exits with 256 (whose low 8 bits are 0).
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "exit") (param i32) (call $proc_exit (local.get 0)))
  (func (export "_start") (call $proc_exit (i32.const 256))))
