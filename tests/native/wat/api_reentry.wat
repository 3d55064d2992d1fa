;; For test_native_api.c: "rec"(n) calls the host's "down"(n - 1), which
;; calls "rec" again through the API: n levels of host -> wasm re-entry.
(module $reentry
  (import "host" "down" (func $down (param i32) (result i32)))
  (func $rec (export "rec") (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.add (call $down (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
      (else (i32.const 0)))))
