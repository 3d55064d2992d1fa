# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Modules `run` cannot start as a WASI command get a message that says what
# to do (--invoke, rebuild for WASI), not the API's function names; exit 125.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
no_api_names() {
    grep -q 'wasmcell_\|instance\.exports' "$TMP/err" && fail "$1: API names in the message"
    [ -s "$TMP/out" ] && fail "$1: the guest must not run"
    return 0
}
run "$WASMCELL" run "$WAT/reactor.wat"
expect_rc 125 "reactor without --invoke"
expect_stderr_has "reactor"
expect_stderr_has "--invoke NAME"
no_api_names "reactor"
run "$WASMCELL" run "$WAT/no_memory.wat"
expect_rc 125 "no memory"
expect_stderr_has 'exports no memory named "memory"'
expect_stderr_has "--invoke NAME"
no_api_names "no memory"
run "$WASMCELL" run "$WAT/calc.wat"
expect_rc 125 "no _start"
expect_stderr_has "has no _start function"
expect_stderr_has "--invoke NAME"
no_api_names "no _start"
# with --invoke, the same modules work
run "$WASMCELL" run --invoke get "$WAT/reactor.wat"
expect_rc 0 "reactor with --invoke"
expect_stdout 'i32:42\n'
exit 0
