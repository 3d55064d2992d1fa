# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# --max-stack / --max-call-depth: deep recursion traps cleanly ("call stack
# exhausted", exit 134, a bounded backtrace) instead of overflowing the host.
. "$(dirname "$0")/lib.sh"
command -v wat2wasm >/dev/null 2>&1 || exit 77
cat >"$TMP/rec.wat" <<'WAT'
(module
  (func $f (export "f") (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.add (call $f (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
      (else (i32.const 0)))))
WAT
run "$WASMCELL" run --invoke f "$TMP/rec.wat" 50000
expect_rc 0 "50000 deep with the defaults"
expect_stdout_has "i32:50000"
run "$WASMCELL" run --max-call-depth 1000 --invoke f "$TMP/rec.wat" 50000
expect_rc 134 "depth limit 1000"
expect_stderr_has "call stack exhausted"
expect_stderr_has "more frames"
run "$WASMCELL" run --max-call-depth 1000 --invoke f "$TMP/rec.wat" 900
expect_rc 0 "900 deep under a limit of 1000"
run "$WASMCELL" run --max-stack 64K --invoke f "$TMP/rec.wat" 50000
expect_rc 134 "value stack limit 64K"
expect_stderr_has "call stack exhausted"
run "$WASMCELL" run --invoke f "$TMP/rec.wat" 10000000
expect_rc 134 "runaway recursion with the defaults"
expect_stderr_has "call stack exhausted"
run "$WASMCELL" run --max-stack 12 --invoke f "$TMP/rec.wat" 1
expect_rc 125 "nonsense --max-stack"
run "$WASMCELL" run --max-call-depth 0 --invoke f "$TMP/rec.wat" 1
expect_rc 125 "zero --max-call-depth"
exit 0
