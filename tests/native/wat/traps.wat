;; One export per trap kind, each trapping in a named function called from
;; another named function (wat2wasm --debug-names keeps the names), so a
;; backtrace must name both: "func[N] <trap_...>" and "func[M] <call_...>".
(module $traps
  (type $v_i (func (result i32)))
  (type $i_i (func (param i32) (result i32)))
  (memory (export "memory") 1)
  (table $t 4 funcref)
  (elem (i32.const 0) $ret7 $id)
  (global $zero (mut i32) (i32.const 0))
  (func $ret7 (type $v_i) (i32.const 7))
  (func $id (type $i_i) (local.get 0))

  (func $trap_unreachable unreachable)
  (func $trap_div_zero (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
  (func $trap_rem_zero (param i64) (result i64) (i64.rem_s (i64.const 1) (local.get 0)))
  (func $trap_overflow (param i32) (result i32) (i32.div_s (i32.const 0x80000000) (local.get 0)))
  (func $trap_conversion (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
  (func $trap_load (param i32) (result i64) (i64.load offset=8 (local.get 0)))
  (func $trap_store (param i32) (i32.store16 (local.get 0) (i32.const 1)))
  (func $trap_fill (param i32) (memory.fill (local.get 0) (i32.const 0) (i32.const 100)))
  (func $trap_indirect_type (param i32) (result i32) (call_indirect $t (type $v_i) (local.get 0)))
  (func $trap_table_get (param i32) (result funcref) (table.get $t (local.get 0)))

  ;; the callers: a trap must not lose them either
  (func (export "unreachable") (call $trap_unreachable))
  (func (export "div_zero") (result i32) (call $trap_div_zero (global.get $zero)))
  (func (export "rem_zero") (result i64) (call $trap_rem_zero (i64.extend_i32_u (global.get $zero))))
  (func (export "overflow") (result i32) (call $trap_overflow (i32.const -1)))
  (func (export "conversion") (result i32) (call $trap_conversion (f64.const nan)))
  (func (export "load") (result i64) (call $trap_load (i32.const 65530)))
  (func (export "store") (call $trap_store (i32.const 65535)))
  (func (export "fill") (call $trap_fill (i32.const 65500)))
  ;; element 1 is $id, of another type; 2 is null; 9 is past the table
  (func (export "indirect_type") (result i32) (call $trap_indirect_type (i32.const 1)))
  (func (export "indirect_null") (result i32) (call $trap_indirect_type (i32.const 2)))
  (func (export "indirect_oob") (result i32) (call $trap_indirect_type (i32.const 9)))
  (func (export "table_get") (result i32) (ref.is_null (call $trap_table_get (i32.const 4))))
  ;; a deeper chain: outer -> middle -> inner, which traps. The calls are
  ;; indirect: LLVM may inline small direct callees, and inlined frames are
  ;; not named (docs/native.md), which is not what this checks.
  (table $chain 2 funcref)
  (elem (table $chain) (i32.const 0) func $middle $inner)
  (func $inner (param i32) (result i32)
    (if (i32.eqz (local.get 0)) (then unreachable))
    (i32.add (local.get 0) (i32.const 1)))
  (func $middle (param i32) (result i32)
    (i32.mul (call_indirect $chain (type $i_i) (local.get 0) (i32.const 1)) (i32.const 3)))
  (func $outer (export "chain") (result i32)
    (i32.add (call_indirect $chain (type $i_i) (global.get $zero) (i32.const 0)) (i32.const 5))))
