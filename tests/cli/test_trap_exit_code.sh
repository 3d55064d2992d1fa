# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# A trapping guest: "error: <message>" and a backtrace on stderr, exit 134.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
run "$WASMCELL" run "$WAT/trap.wat"
expect_rc 134 "trap.wat"
head -n 1 "$TMP/err" | grep -q '^error: .*unreachable' || fail "first stderr line is not 'error: ...unreachable'"
exit 0
