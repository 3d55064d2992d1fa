# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# --wasi-version unstable serves the imports as "wasi_unstable".
. "$(dirname "$0")/lib.sh"
need_wat2wasm
sed 's/wasi_snapshot_preview1/wasi_unstable/' "$SRC/examples/hello.wat" >"$TMP/old.wat"
run "$WASMCELL" run --wasi-version unstable "$TMP/old.wat"
expect_rc 0 "unstable"
expect_stdout 'hello world\n'
run "$WASMCELL" run "$TMP/old.wat"
expect_rc 125 "wasi_unstable imports without --wasi-version unstable"
expect_stderr_has "error: cannot instantiate"
run "$WASMCELL" run --wasi-version unstable "$SRC/examples/hello.wasm"
expect_rc 125 "preview1 imports with --wasi-version unstable"
exit 0
