;; ref.func in a function body may name only a function "declared" outside
;; function bodies: in an element segment, an export, or a global's
;; initializer (the set C.refs of the spec).

(module
  (func $in-elem)
  (func $in-export (export "exported"))
  (func $in-global)
  (func $in-declare)
  (func $in-elem-expr)
  (global funcref (ref.func $in-global))
  (elem func $in-elem)
  (elem declare func $in-declare)
  (elem funcref (ref.func $in-elem-expr))
  (func (export "refs") (result i32)
    (drop (ref.func $in-elem))
    (drop (ref.func $in-export))
    (drop (ref.func $in-global))
    (drop (ref.func $in-declare))
    (ref.is_null (ref.func $in-elem-expr)))
)
(assert_return (invoke "refs") (i32.const 0))

;; an imported function can be declared too
(module
  (import "spectest" "print" (func $p))
  (elem declare func $p)
  (func (result funcref) (ref.func $p)))

(assert_invalid
  (module (func $f (drop (ref.func $f))))
  "undeclared function reference")
;; a reference from another function body does not declare
(assert_invalid
  (module
    (func $f)
    (func (drop (ref.func $f)))
    (func (drop (ref.func $f))))
  "undeclared function reference")
;; neither does the start section
(assert_invalid
  (module (func $f (drop (ref.func $f))) (start $f))
  "undeclared function reference")
(assert_invalid
  (module (func (drop (ref.func 9))))
  "unknown function")
(assert_invalid
  (module (global funcref (ref.func 1)))
  "unknown function")
(assert_invalid
  (module (func $f) (elem declare func $f) (func (result externref) (ref.func $f)))
  "type mismatch")

;; ref.null and ref.is_null
(module
  (func (export "null-func") (result i32) (ref.is_null (ref.null func)))
  (func (export "null-extern") (param externref) (result i32) (ref.is_null (local.get 0))))
(assert_return (invoke "null-func") (i32.const 1))
(assert_return (invoke "null-extern" (ref.extern 1)) (i32.const 0))
(assert_invalid
  (module (func (result i32) (ref.is_null (i32.const 0))))
  "type mismatch")
(assert_invalid
  (module (func (result funcref) (ref.null extern)))
  "type mismatch")
