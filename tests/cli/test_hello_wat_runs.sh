# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# A .wat file runs directly (converted with wat2wasm).
. "$(dirname "$0")/lib.sh"
need_wat2wasm
run "$WASMCELL" run "$SRC/examples/hello.wat"
expect_rc 0 "hello.wat"
expect_stdout 'hello world\n'
