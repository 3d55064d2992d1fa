# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# --trace logs every WASI call with its arguments and errno on stderr;
# the program's own output is unchanged.
. "$(dirname "$0")/lib.sh"
run "$WASMCELL" run --trace "$SRC/examples/hello.wasm"
expect_rc 0 "--trace hello"
expect_stdout 'hello world\n'
expect_stderr_has 'fd_write(1, 0, 1, 20) -> 0 (success)'
if command -v wat2wasm >/dev/null 2>&1; then
    run "$WASMCELL" run --trace "$SRC/tests/cli/wat/exit.wat"
    expect_rc 7 "--trace exit"
    expect_stderr_has 'proc_exit(7) -> exit(7)'
fi
exit 0
