;; limits.wat — the guest of limits.c.
(module
  (memory (export "memory") 1)

  ;; spin(): never returns by itself (fuel or an interrupt stops it)
  (func (export "spin")
    (loop $forever (br $forever)))

  ;; grow(pages): memory.grow; -1 when the engine's limit refuses it
  (func (export "grow") (param $pages i32) (result i32)
    (memory.grow (local.get $pages))))
