;; SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
;; Exception handling: throw/catch within a function, across calls, through
;; functions the native tier compiles (no EH instructions) between
;; interpreted ones that throw and catch, exnref round trips, legacy
;; try/catch/rethrow/delegate.

(module
  (tag $e (param i32))
  (tag $f)
  ;; interpreted (EH instructions)
  (func $thrower (param i32) (result i32)
    (if (local.get 0) (then (throw $e (local.get 0))))
    (i32.const 7))
  ;; no EH instructions: native code in --tier native
  (func $middle (param i32) (result i32)
    (i32.add (call $thrower (local.get 0)) (i32.const 1)))
  (func (export "outer") (param i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h) (call $middle (local.get 0)))
      (return))
    (i32.const 100)
    (i32.add))
  (func (export "uncaught") (param i32) (result i32) (call $middle (local.get 0)))
  ;; interpreted catcher between two native frames
  (func $catcher (param i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h) (call $middle (local.get 0)))
      (return))
    (i32.const 1000)
    (i32.add))
  (func $middle2 (param i32) (result i32) (i32.mul (call $catcher (local.get 0)) (i32.const 2)))
  (func (export "two-level") (param i32) (result i32) (call $middle2 (local.get 0)))
  ;; a native frame between a throw of $f and a catch_all three levels up
  (func $throw-f (throw $f))
  (func $mid-f (call $throw-f))
  (func $mid-f2 (call $mid-f))
  (func (export "catch-all-deep") (result i32)
    (block $h
      (try_table (catch_all $h) (call $mid-f2))
      (return (i32.const 0)))
    (i32.const 1))
  ;; the catching frame's own locals survive the unwind
  (func (export "locals-kept") (param i32) (result i32)
    (local $x i32)
    (local.set $x (i32.const 40))
    (block $h (result i32)
      (try_table (result i32) (catch $e $h) (call $middle (local.get 0)))
      (return))
    (local.get $x)
    (i32.add))
  ;; exnref: catch_ref then throw_ref to an outer handler
  (func (export "rethrow-ref") (param i32) (result i32)
    (block $outer (result i32)
      (try_table (result i32) (catch $e $outer)
        (block $inner (result i32 exnref)
          (try_table (result i32) (catch_ref $e $inner) (call $middle (local.get 0)))
          (return))
        (throw_ref)))
    (i32.const 1)
    (i32.sub))
  (func (export "throw-null") (throw_ref (ref.null exn)))
)

(assert_return (invoke "outer" (i32.const 0)) (i32.const 8))
(assert_return (invoke "outer" (i32.const 5)) (i32.const 105))
(assert_exception (invoke "uncaught" (i32.const 1)))
(assert_return (invoke "uncaught" (i32.const 0)) (i32.const 8))
(assert_return (invoke "two-level" (i32.const 0)) (i32.const 16))
(assert_return (invoke "two-level" (i32.const 3)) (i32.const 2006))
(assert_return (invoke "catch-all-deep") (i32.const 1))
(assert_return (invoke "locals-kept" (i32.const 2)) (i32.const 42))
(assert_return (invoke "rethrow-ref" (i32.const 9)) (i32.const 8))
(assert_return (invoke "rethrow-ref" (i32.const 0)) (i32.const 8))
(assert_trap (invoke "throw-null") "null exception reference")

;; tags across modules: an exported tag caught by its importer
(module $lib
  (tag $t (export "t") (param i64))
  (func (export "throw") (param i64) (throw $t (local.get 0))))
(register "lib" $lib)
(module
  (tag $t (import "lib" "t") (param i64))
  (func $throw (import "lib" "throw") (param i64))
  (tag $other (param i64))
  (func (export "catch-imported") (param i64) (result i64)
    (block $h (result i64)
      (try_table (result i64) (catch $t $h) (call $throw (local.get 0)) (i64.const 0))
      (return))
    (i64.const 1)
    (i64.add))
  ;; a tag of the same type is another tag
  (func (export "other-tag") (param i64) (result i64)
    (block $h (result i64)
      (try_table (result i64) (catch $other $h) (call $throw (local.get 0)) (i64.const 0))
      (return))))
(assert_return (invoke "catch-imported" (i64.const 41)) (i64.const 42))
(assert_exception (invoke "other-tag" (i64.const 1)))

;; legacy encoding: try/catch/catch_all/rethrow/delegate
(module
  (tag $e (param i32))
  (func $throw (param i32) (throw $e (local.get 0)))
  (func $via (param i32) (call $throw (local.get 0)))
  (func (export "try-catch") (param i32) (result i32)
    (try (result i32)
      (do (call $via (local.get 0)) (i32.const 0))
      (catch $e (i32.const 10) (i32.add))))
  (func (export "rethrow") (param i32) (result i32)
    (try (result i32)
      (do
        (try (result i32)
          (do (call $via (local.get 0)) (i32.const 0))
          (catch_all (rethrow 0))))
      (catch $e)))
  (func (export "delegate") (param i32) (result i32)
    (try $outer (result i32)
      (do
        (try (result i32)
          (do (call $via (local.get 0)) (i32.const 0))
          (delegate $outer)))
      (catch $e (i32.const 100) (i32.add))))
  (func (export "uncaught") (param i32) (call $via (local.get 0)))
  ;; many throws caught: exceptions nothing refers to are freed
  (func (export "loop") (param i32) (result i32)
    (local $sum i32)
    (loop $l
      (local.set $sum
        (i32.add (local.get $sum)
          (try (result i32) (do (call $via (local.get 0)) (i32.const 0)) (catch $e))))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (local.get $sum))
)
(assert_return (invoke "try-catch" (i32.const 5)) (i32.const 15))
(assert_return (invoke "rethrow" (i32.const 6)) (i32.const 6))
(assert_return (invoke "delegate" (i32.const 7)) (i32.const 107))
(assert_exception (invoke "uncaught" (i32.const 1)))
(assert_return (invoke "loop" (i32.const 100000)) (i32.const 705082704))
