;; script_features.wast — the script format as `wasmcell wast` reads it with
;; its own parser: module forms, definitions and instances, register, get,
;; result patterns (either, NaN lanes, references), text assert_malformed,
;; annotations and quoted ids. Every command here must pass.

(module definition $D
  (global $g (export "g") (mut i32) (i32.const 41))
  (func (export "bump") (result i32)
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (global.get $g)))
(module instance $I1 $D)
(module instance $I2 $D)
(assert_return (invoke $I1 "bump") (i32.const 42))
(assert_return (invoke $I1 "bump") (i32.const 43))
(assert_return (invoke $I2 "bump") (i32.const 42)) ;; its own global
(assert_return (get $I1 "g") (i32.const 43))
(register "counter" $I1)

(module $"quoted id" (@annotation with (nested "parens)" ) tokens)
  (import "counter" "bump" (func $bump (result i32)))
  (func $"the func" (export "twice") (result i32)
    (drop (call $bump))
    (call $bump)))
(assert_return (invoke $"quoted id" "twice") (i32.const 45))

(module binary
  "\00asm" "\01\00\00\00"
  "\01\05\01\60\00\01\7f"       ;; type () -> i32
  "\03\02\01\00"                ;; one function
  "\07\05\01\01\66\00\00"       ;; export "f"
  "\0a\06\01\04\00\41\07\0b")   ;; i32.const 7
(assert_return (invoke "f") (either (i32.const 6) (i32.const 7)))

(module quote
  "(func (export \"nan\") (result f32 v128)"
  "  (f32.add (f32.const nan:0x200000) (f32.const 1))"
  "  (v128.const f32x4 nan 1 -0 inf))")
(assert_return (invoke "nan")
  (f32.const nan:arithmetic)
  (v128.const f32x4 nan:canonical 1 -0 inf))

(module
  (func (export "null") (result funcref externref) (ref.null func) (ref.null extern))
  (func (export "id") (param externref) (result externref) (local.get 0)))
(assert_return (invoke "null") (ref.null func) (ref.null))
(assert_return (invoke "id" (ref.extern 5)) (ref.extern 5))
(assert_return (invoke "id" (ref.extern 5)) (ref.extern))

(assert_malformed (module quote "(func (i32.const 0x1_0000_0000) drop)") "constant out of range")
(assert_malformed (module quote "(func (local.get $nope))") "unknown local")
(assert_malformed (module quote "(func) (import \"\" \"\" (func))") "import after function")
(assert_malformed (module quote "(func (result i32) (i32.const 1) (local i32))") "unexpected token")
(assert_malformed (module quote "(module (func \"x\"y))") "unknown operator")
(assert_invalid (module (func (result i32) (i64.const 1))) "type mismatch")
(assert_trap (module (func $s unreachable) (start $s)) "unreachable")
(assert_unlinkable (module (import "counter" "nope" (func))) "unknown import")
