;; Memories, tables and segments: existence of the memory/table/segment an
;; instruction names, limits, alignment, element types, the data count rule.

(module
  (memory 1 2)
  (table $f 2 funcref)
  (table $e 1 10 externref)
  (elem $seg func $id)
  (data $d "hello")
  (func $id (param i32) (result i32) (local.get 0))
  (func (export "load") (result i32)
    (i32.store8 offset=1 align=1 (i32.const 0) (i32.const 7))
    (i32.load8_u offset=1 (i32.const 0)))
  (func (export "init") (result i32)
    (memory.init $d (i32.const 8) (i32.const 1) (i32.const 4))
    (data.drop $d)
    (i32.load8_u (i32.const 8)))
  (func (export "grow") (result i32) (memory.grow (i32.const 1)))
  (func (export "tables") (result i32)
    (table.init $f $seg (i32.const 0) (i32.const 0) (i32.const 1))
    (elem.drop $seg)
    (table.copy $f $f (i32.const 1) (i32.const 0) (i32.const 1))
    (drop (table.grow $e (ref.null extern) (i32.const 1)))
    (table.fill $e (i32.const 0) (ref.null extern) (i32.const 2))
    (table.set $e (i32.const 0) (table.get $e (i32.const 1)))
    (i32.add (table.size $f) (table.size $e)))
  (func (export "bulk")
    (memory.fill (i32.const 0) (i32.const 1) (i32.const 4))
    (memory.copy (i32.const 4) (i32.const 0) (i32.const 4)))
)
(assert_return (invoke "load") (i32.const 7))
(assert_return (invoke "init") (i32.const 0x65))
(assert_return (invoke "tables") (i32.const 4))
(assert_return (invoke "grow") (i32.const 1))
(assert_return (invoke "grow") (i32.const -1))

;; natural alignment is the largest allowed
(module (memory 0)
  (func
    (drop (i64.load align=8 (i32.const 0)))
    (drop (i32.load16_s align=2 (i32.const 0)))
    (i64.store32 align=4 (i32.const 0) (i64.const 0))))
(assert_invalid
  (module (memory 0) (func (drop (i32.load align=8 (i32.const 0)))))
  "alignment must not be larger than natural")
(assert_invalid
  (module (memory 0) (func (drop (i64.load8_u align=2 (i32.const 0)))))
  "alignment must not be larger than natural")
(assert_invalid
  (module (memory 0) (func (i32.store16 align=4 (i32.const 0) (i32.const 0))))
  "alignment must not be larger than natural")
(assert_invalid
  (module (memory 0) (func (f64.store align=16 (i32.const 0) (f64.const 0))))
  "alignment must not be larger than natural")

;; memory instructions need a memory
(assert_invalid
  (module (func (drop (i32.load (i32.const 0)))))
  "unknown memory")
(assert_invalid
  (module (func (i64.store (i32.const 0) (i64.const 0))))
  "unknown memory")
(assert_invalid
  (module (func (drop (memory.size))))
  "unknown memory")
(assert_invalid
  (module (func (drop (memory.grow (i32.const 0)))))
  "unknown memory")
(assert_invalid
  (module (func (memory.fill (i32.const 0) (i32.const 0) (i32.const 0))))
  "unknown memory")
(assert_invalid
  (module (func (memory.copy (i32.const 0) (i32.const 0) (i32.const 0))))
  "unknown memory")
(assert_invalid
  (module (data "x") (func (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 0))))
  "unknown memory")
(assert_invalid
  (module (data (i32.const 0) "x"))
  "unknown memory")

;; operand types of memory instructions
(assert_invalid
  (module (memory 1) (func (drop (i32.load (i64.const 0)))))
  "type mismatch")
(assert_invalid
  (module (memory 1) (func (f32.store (i32.const 0) (i32.const 0))))
  "type mismatch")
(assert_invalid
  (module (memory 1) (func (result i64) (memory.size)))
  "type mismatch")
(assert_invalid
  (module (memory 1) (func (memory.fill (i32.const 0) (i64.const 0) (i32.const 0))))
  "type mismatch")

;; memory limits
(assert_invalid (module (memory 2 1)) "size minimum must not be greater than maximum")
(assert_invalid (module (memory 65537)) "memory size must be at most 65536 pages (4GiB)")
(assert_invalid (module (memory 0 65537)) "memory size must be at most 65536 pages (4GiB)")
(assert_invalid
  (module (import "spectest" "memory" (memory 3 2)))
  "size minimum must not be greater than maximum")
(module (memory 0 65536))

;; one memory at most in 2.0, several in 3.0 (multiple memories: `wasmcell
;; wast --wasm 2.0` refuses these, tests/cli/test_wasm_features.sh); several
;; tables are fine
(module (memory 1) (memory 1))
(module (import "spectest" "memory" (memory 1)) (memory 1))
(module (table 1 funcref) (table 2 externref) (table 0 funcref))

;; table limits and table instructions
(assert_invalid (module (table 2 1 funcref)) "size minimum must not be greater than maximum")
(assert_invalid
  (module (func (drop (table.size 0))))
  "unknown table")
(assert_invalid
  (module (table 1 funcref) (func (drop (table.get 1 (i32.const 0)))))
  "unknown table")
(assert_invalid
  (module (table 1 funcref) (func (table.set 0 (i32.const 0) (ref.null extern))))
  "type mismatch")
(assert_invalid
  (module (table 1 externref) (func (result funcref) (table.get 0 (i32.const 0))))
  "type mismatch")
(assert_invalid
  (module (table 1 externref) (func (drop (table.grow 0 (ref.null func) (i32.const 1)))))
  "type mismatch")
(assert_invalid
  (module (table 1 funcref) (func (table.fill 0 (i32.const 0) (ref.null func) (i64.const 1))))
  "type mismatch")
(assert_invalid
  (module (table $a 1 funcref) (table $b 1 externref)
    (func (table.copy $a $b (i32.const 0) (i32.const 0) (i32.const 0))))
  "type mismatch")
(assert_invalid
  (module (table 1 funcref)
    (func (table.copy 0 1 (i32.const 0) (i32.const 0) (i32.const 0))))
  "unknown table")

;; element segments
(assert_invalid
  (module (table 1 funcref) (elem externref (ref.null extern))
    (func (table.init 0 0 (i32.const 0) (i32.const 0) (i32.const 0))))
  "type mismatch")
(assert_invalid
  (module (table 1 funcref) (func (table.init 0 0 (i32.const 0) (i32.const 0) (i32.const 0))))
  "unknown elem segment")
(assert_invalid
  (module (func (elem.drop 2)))
  "unknown elem segment")
(assert_invalid
  (module (table 1 externref) (func $f) (elem (i32.const 0) func $f))
  "type mismatch")
(assert_invalid
  (module (elem (i32.const 0) func))
  "unknown table")
(assert_invalid
  (module (table 1 funcref) (elem (i32.const 0) func 3))
  "unknown function")
(assert_invalid
  (module (table 1 funcref) (elem (i64.const 0) func))
  "type mismatch")
(assert_invalid
  (module (table 1 funcref) (elem funcref (ref.null extern)))
  "type mismatch")

;; data segments: index bounds (text) and the data count section (binary)
(assert_invalid
  (module (memory 1) (data "a") (func (data.drop 1)))
  "unknown data segment")
(assert_invalid
  (module (memory 1) (data "a")
    (func (memory.init 1 (i32.const 0) (i32.const 0) (i32.const 0))))
  "unknown data segment")
(assert_invalid
  (module (memory 1) (data (i64.const 0) "a"))
  "type mismatch")
(assert_malformed
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"       ;; type section
    "\03\02\01\00"             ;; function section
    "\05\03\01\00\00"          ;; memory section
    "\0a\07\01"                ;; code section
    "\05\00\fc\09\00\0b"       ;; body: data.drop 0 end
    "\0b\03\01\01\00"          ;; data section: one passive segment
  )
  "data count section required")
(module binary
  "\00asm" "\01\00\00\00"
  "\01\04\01\60\00\00"         ;; type section
  "\03\02\01\00"               ;; function section
  "\05\03\01\00\00"            ;; memory section
  "\0c\01\01"                  ;; data count section: 1
  "\0a\07\01"                  ;; code section
  "\05\00\fc\09\00\0b"         ;; body: data.drop 0 end
  "\0b\03\01\01\00"            ;; data section: one passive segment
)
