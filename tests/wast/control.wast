;; Structured control: block, loop and if with value and type-index block
;; types (multi-value parameters), labels and their types, branches.

(module
  (type $i2i (func (param i32) (result i32)))
  (type $ii2ii (func (param i32 i32) (result i32 i32)))
  (func (export "block-params") (param i32) (result i32)
    (local.get 0)
    (block (type $i2i) (i32.const 1) (i32.add)))
  (func (export "block-swap") (param i32 i32) (result i32 i32)
    (local.get 0) (local.get 1)
    (block (type $ii2ii) (local.set 0) (local.set 1) (local.get 0) (local.get 1)))
  (func (export "loop-params") (param i32) (result i32)
    ;; counts down to zero; the loop label takes the loop's parameter
    (local.get 0)
    (loop $l (type $i2i)
      (local.set 0)
      (local.get 0)
      (if (param i32) (result i32) (i32.eqz (local.get 0))
        (then)
        (else (drop) (br $l (i32.sub (local.get 0) (i32.const 1)))))))
  (func (export "if-multi") (param i32) (result i32 i32)
    (if (result i32 i32) (local.get 0)
      (then (i32.const 1) (i32.const 2))
      (else (i32.const 3) (i32.const 4))))
  (func (export "if-param-no-else") (param i32) (result i32)
    ;; an if without else is valid when its parameters equal its results
    (i32.const 7)
    (if (param i32) (result i32) (local.get 0) (then (drop) (i32.const 8))))
  (func (export "br-value") (result i32)
    (block (result i32) (br 0 (i32.const 5)) (i32.const 6)))
  (func (export "br-if-value") (param i32) (result i32)
    (block (result i32) (drop (br_if 0 (i32.const 9) (local.get 0))) (i32.const 10)))
  (func (export "nested") (result i32)
    (block (result i32) (block (result i32) (block (br 2 (i32.const 3))) (i32.const 1))))
)
(assert_return (invoke "block-params" (i32.const 4)) (i32.const 5))
(assert_return (invoke "block-swap" (i32.const 1) (i32.const 2)) (i32.const 2) (i32.const 1))
(assert_return (invoke "loop-params" (i32.const 5)) (i32.const 0))
(assert_return (invoke "if-multi" (i32.const 1)) (i32.const 1) (i32.const 2))
(assert_return (invoke "if-multi" (i32.const 0)) (i32.const 3) (i32.const 4))
(assert_return (invoke "if-param-no-else" (i32.const 1)) (i32.const 8))
(assert_return (invoke "if-param-no-else" (i32.const 0)) (i32.const 7))
(assert_return (invoke "br-value") (i32.const 5))
(assert_return (invoke "br-if-value" (i32.const 1)) (i32.const 9))
(assert_return (invoke "br-if-value" (i32.const 0)) (i32.const 10))
(assert_return (invoke "nested") (i32.const 3))

;; block results
(assert_invalid
  (module (func (result i32) (block (result i32))))
  "type mismatch")
(assert_invalid
  (module (func (block (i32.const 1))))
  "type mismatch")
(assert_invalid
  (module (func (result i32) (block (result i32) (f32.const 0))))
  "type mismatch")
(assert_invalid
  (module (func (result i64) (block (result i32) (i32.const 0))))
  "type mismatch")

;; block parameters come from the enclosing stack
(assert_invalid
  (module
    (type $t (func (param i32) (result i32)))
    (func (result i32) (block (type $t) (i32.const 1) (i32.add))))
  "type mismatch")
(assert_invalid
  (module
    (type $t (func (param i64) (result i64)))
    (func (result i64) (i32.const 0) (block (type $t))))
  "type mismatch")
(assert_invalid
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"       ;; type section: [] -> []
    "\03\02\01\00"             ;; function section
    "\0a\07\01"                ;; code section
    "\05\00\02\05\0b\0b"       ;; body: block (type 5) end end
  )
  "unknown type")

;; loop labels carry the parameters, not the results
(module (func (result i32) (loop (result i32) (br 0 (i32.const 1)))))
(assert_invalid
  (module (func (i32.const 0) (loop (param i32) (drop) (br 0 (f32.const 1)))))
  "type mismatch")

;; if: condition, both branches, missing else
(assert_invalid
  (module (func (if (f32.const 0) (then))))
  "type mismatch")
(assert_invalid
  (module (func (if (then))))
  "type mismatch")
(assert_invalid
  (module (func (result i32) (if (result i32) (i32.const 1) (then (i32.const 1)))))
  "type mismatch")
(assert_invalid
  (module (func (result i32)
    (if (result i32) (i32.const 1) (then (i32.const 1)) (else (i64.const 1)))))
  "type mismatch")
(assert_invalid
  (module (func (result i32)
    (if (result i32) (i32.const 1) (then (i32.const 1)) (else (i32.const 1) (i32.const 2)))))
  "type mismatch")
(assert_invalid
  (module (func (param i32) (result i64)
    (i32.const 1)
    (if (param i32) (result i64) (local.get 0) (then (drop) (i64.const 1)))))
  "type mismatch")

;; labels
(assert_invalid
  (module (func (br 1)))
  "unknown label")
(assert_invalid
  (module (func (block (block (br_if 3 (i32.const 0))))))
  "unknown label")
(assert_invalid
  (module (func (result i32) (block (result i32) (br 0))))
  "type mismatch")
(assert_invalid
  (module (func (block (result i32) (br 0 (f64.const 1)))))
  "type mismatch")
(assert_invalid
  (module (func (result i32) (block (result i32) (br_if 0 (i32.const 1) (i64.const 1)))))
  "type mismatch")
;; br_if leaves the label's values: a block of i32 cannot end with them plus more
(assert_invalid
  (module (func (result i32)
    (block (result i32) (br_if 0 (i32.const 1) (i32.const 1)) (i32.const 2))))
  "type mismatch")

;; the function body is the outermost label: br 0 returns
(module
  (func (export "br-func") (result i32) (br 0 (i32.const 11)) (i32.const 12)))
(assert_return (invoke "br-func") (i32.const 11))
(assert_invalid
  (module (func (result i32) (br 0 (i64.const 1))))
  "type mismatch")

;; return
(module
  (func (export "ret") (result i32 i64) (return (i32.const 1) (i64.const 2))))
(assert_return (invoke "ret") (i32.const 1) (i64.const 2))
(assert_invalid
  (module (func (result i32) (return)))
  "type mismatch")
(assert_invalid
  (module (func (result i32) (return (i64.const 1))))
  "type mismatch")

;; bodies must be properly nested and ended (binary-only structure errors)
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"       ;; type section: [] -> []
    "\03\02\01\00"             ;; function section
    "\0a\05\01"                ;; code section
    "\03\00\02\40"             ;; body: block (no end at all)
  )
  "unexpected end")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\0a\06\01"
    "\04\00\01\0b\01"          ;; body: nop end nop (bytes after the final end)
  )
  "section size mismatch")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"
    "\03\02\01\00"
    "\0a\07\01"
    "\05\00\02\40\05\0b"       ;; body: block else end (else outside if); function end missing
  )
  "END opcode expected")
