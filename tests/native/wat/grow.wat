;; memory.grow: "grow" returns what memory.grow returned; "_start" exits 0
;; when growing by 10 pages (640 KiB) is refused, traps when it succeeds.
(module
  (memory (export "memory") 1)
  (func $grow (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func $size (export "size") (result i32) (memory.size))
  ;; grow, then store at the last byte of the new memory and read it back
  (func (export "grow_and_touch") (param i32) (result i32)
    (local $old i32)
    (local.set $old (memory.grow (local.get 0)))
    (if (i32.eq (local.get $old) (i32.const -1)) (then (return (i32.const -1))))
    (i32.store8 (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 1)) (i32.const 42))
    (i32.load8_u (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 1))))
  (func (export "_start")
    (if (i32.ne (call $grow (i32.const 10)) (i32.const -1))
      (then unreachable))))
