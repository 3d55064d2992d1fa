;; Functions the native tier lowers and ones it leaves to the interpreter
;; (tests/native/test_inspect.sh): $add, $apply (call_ref), $loop (a
;; return_call of its own type: a musttail call) and $ping/$pong (tail
;; calls that change prototype: musttail between tailcc bodies) are
;; native; $catch (try_table) and $dispatch (return_call_indirect)
;; interpreted.
(module
  (type $bin (func (param i32 i32) (result i32)))
  (type $un (func (param i32) (result i32)))
  (tag $e (param i32))
  (table 1 funcref)
  (elem (i32.const 0) func $loop)
  (func $add (type $bin) (i32.add (local.get 0) (local.get 1)))
  (elem declare func $add)
  (func $apply (export "apply") (param i32 i32) (result i32)
    (call_ref $bin (local.get 0) (local.get 1) (ref.func $add)))
  (func $loop (export "loop") (type $un)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 7))
      (else (return_call $loop (i32.sub (local.get 0) (i32.const 1))))))
  (func $catch (export "catch") (param i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h) (throw $e (local.get 0)))))
  (func $dispatch (export "dispatch") (type $un)
    (return_call_indirect (type $un) (local.get 0) (i32.const 0)))
  (func $ping (export "ping") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 7))
      (else (return_call $pong (i64.extend_i32_u (local.get 0)) (f64.const 0.5) (local.get 0)))))
  (func $pong (param i64 f64 i32) (result i32)
    (return_call $ping (i32.sub (local.get 2) (i32.const 1)))))
