;; Types of imports and definitions: type indices exist, table and memory
;; limits are well formed; a valid import that cannot be resolved is a link
;; error, not a validation error.

(assert_invalid
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"             ;; type section: one type
    "\02\07\01\01m\01f\00\05"        ;; import "m" "f" (func (type 5))
  )
  "unknown type")
(assert_invalid
  (module binary
    "\00asm" "\01\00\00\00"
    "\01\04\01\60\00\00"             ;; type section: one type
    "\03\02\01\01"                   ;; function section: (type 1)
    "\0a\04\01\02\00\0b"             ;; code section: empty body
  )
  "unknown type")
(assert_invalid
  (module (import "spectest" "table" (table 10 5 funcref)))
  "size minimum must not be greater than maximum")
(assert_invalid
  (module (import "spectest" "memory" (memory 65537)))
  "memory size must be at most 65536 pages (4GiB)")
(assert_invalid
  (module (import "spectest" "memory" (memory 1 65537)))
  "memory size must be at most 65536 pages (4GiB)")

;; every kind of import, typed correctly, used by the body
(module
  (import "spectest" "print_i32" (func $print (param i32)))
  (import "spectest" "global_i32" (global $g i32))
  (import "spectest" "table" (table $t 10 funcref))
  (import "spectest" "memory" (memory 1))
  (func (export "use") (result i32)
    (call $print (global.get $g))
    (i32.add (table.size $t) (memory.size))))
(assert_return (invoke "use") (i32.const 11))

;; imported functions come first in the function index space
(module
  (import "spectest" "print_i32" (func (param i32)))
  (func (export "f") (result i32) (i32.const 7))
  (func (export "g") (result i32) (call 1)))
(assert_return (invoke "g") (i32.const 7))
(assert_invalid
  (module
    (import "spectest" "print_i32" (func (param i32)))
    (func (result i32) (i32.const 7))
    (func (result i32) (call 0)))
  "type mismatch")

(assert_unlinkable
  (module (import "nowhere" "f" (func)))
  "unknown import")
