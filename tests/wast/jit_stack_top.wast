;; JIT code writes ctx->stack_top (where a callee that is not JIT code
;; of the same instance puts its frame) only where it leaves JIT code,
;; and then as its own frame's end. $k's call of "h" (another instance's
;; function) leaves it at $k's frame end, below the 20 values $once keeps
;; live across its own call of "h": were that write not its own frame's
;; end, h's frame (its zeroed locals) would land on them. (A write of
;; slot 2 instead of the frame's end fails 2 of 3.) Runs in every tier.

(module $B
  (func (export "h") (param i32) (result i32)
    (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
    (local.set 1 (i32.add (local.get 1) (local.get 16)))
    (i32.add (i32.add (local.get 0) (i32.const 1))
      (i32.add (local.get 1) (i32.add (local.get 8) (local.get 15)))))
)
(register "B" $B)

(module
  (import "B" "h" (func $h (param i32) (result i32)))
  (func $k (param i32) (result i32) (call $h (local.get 0)))
  ;; 20 values live across the call of h, above $k's frame
  (func $once (param i32) (result i32)
    (drop (call $k (local.get 0)))
    local.get 0 i32.const 1 i32.add
    local.get 0 i32.const 2 i32.add
    local.get 0 i32.const 3 i32.add
    local.get 0 i32.const 4 i32.add
    local.get 0 i32.const 5 i32.add
    local.get 0 i32.const 6 i32.add
    local.get 0 i32.const 7 i32.add
    local.get 0 i32.const 8 i32.add
    local.get 0 i32.const 9 i32.add
    local.get 0 i32.const 10 i32.add
    local.get 0 i32.const 11 i32.add
    local.get 0 i32.const 12 i32.add
    local.get 0 i32.const 13 i32.add
    local.get 0 i32.const 14 i32.add
    local.get 0 i32.const 15 i32.add
    local.get 0 i32.const 16 i32.add
    local.get 0 i32.const 17 i32.add
    local.get 0 i32.const 18 i32.add
    local.get 0 i32.const 19 i32.add
    local.get 0 i32.const 20 i32.add
    local.get 0 i32.const 100 i32.add
    call $h
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add)
  (func (export "f") (param i32) (result i32) (local i32 i32)
    ;; several rounds: the later ones call $k as JIT code calls JIT code
    (local.set 2 (i32.const 4))
    (loop $l
      (local.set 1 (i32.add (local.get 1) (call $once (local.get 0))))
      (br_if $l (local.tee 2 (i32.sub (local.get 2) (i32.const 1)))))
    (local.get 1))
)
;; once = sum(x+1..x+20) + (x+101) = 21x + 311; four rounds
(assert_return (invoke "f" (i32.const 0)) (i32.const 1244))
(assert_return (invoke "f" (i32.const 1000)) (i32.const 85244))
(assert_return (invoke "f" (i32.const 7)) (i32.const 1832))
