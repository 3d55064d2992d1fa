# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# A file that does not exist: a message naming it, exit 125 (validate too).
. "$(dirname "$0")/lib.sh"
run "$WASMCELL" run "$TMP/nope.wasm"
expect_rc 125 "run missing file"
expect_stderr_has "cannot open $TMP/nope.wasm"
run "$WASMCELL" run "$TMP/nope.wat"
expect_rc 125 "run missing .wat"
expect_stderr_has "nope.wat"
run "$WASMCELL" validate "$TMP/nope.wasm"
expect_rc 125 "validate missing file"
expect_stderr_has "nope.wasm"
run "$WASMCELL" run "$TMP"
expect_rc 125 "run a directory"
run env PATH=/nonexistent "$WASMCELL" run "$SRC/examples/hello.wat"
expect_rc 0 ".wat without any external tool on PATH"
expect_stdout 'hello world\n'
exit 0
