# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# `wasmcell run examples/hello.wasm` prints exactly "hello world\n", exits 0.
. "$(dirname "$0")/lib.sh"
run "$WASMCELL" run "$SRC/examples/hello.wasm"
expect_rc 0 "hello.wasm"
expect_stdout 'hello world\n'
[ -s "$TMP/err" ] && fail "unexpected stderr"
exit 0
