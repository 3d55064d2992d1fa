;; tags: a module exporting a tag between two functions (wasm.h has no tag
;; kind: the export vectors leave it out), and `needs_tag`, a second module
;; (tags_import.wat) importing one.
(module
  (tag $e (export "e") (param i32))
  (func (export "before") (result i32) (i32.const 1))
  (export "tag" (tag $e))
  (func (export "after") (result i32) (i32.const 2)))
