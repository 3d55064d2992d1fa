;; memory.grow by 10 pages (640 KiB): exits 0 when the grow is refused (-1),
;; traps when it succeeds. With --max-memory 128K it must be refused.
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (if (i32.ne (memory.grow (i32.const 10)) (i32.const -1))
      (then unreachable))))
