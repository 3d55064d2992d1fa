;; hostref: host references (externref) through parameters, results, a
;; host import, a table and a global.
(module
  (import "" "echo" (func $echo (param externref) (result externref)))
  (table $t (export "table") 2 externref)
  (global $g (export "global") (mut externref) (ref.null extern))
  (func (export "id") (param externref) (result externref) local.get 0)
  (func (export "via_host") (param externref) (result externref) (call $echo (local.get 0)))
  (func (export "store") (param i32 externref) (table.set $t (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result externref) (table.get $t (local.get 0)))
  (func (export "set_global") (param externref) (global.set $g (local.get 0)))
  (func (export "is_null") (param externref) (result i32) (ref.is_null (local.get 0))))
