# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# proc_exit(7) becomes the exit status; output before it is kept.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
run "$WASMCELL" run "$WAT/exit.wat"
expect_rc 7 "exit.wat"
expect_stdout 'exiting\n'
[ -s "$TMP/err" ] && fail "proc_exit is not an error"
exit 0
