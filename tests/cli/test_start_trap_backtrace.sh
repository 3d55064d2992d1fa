# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# A trap in the start function: the message, where, and a backtrace with
# the frames (names from the name section), exit 134.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
wat2wasm --debug-names "$WAT/start_trap.wat" -o "$TMP/start_trap.wasm" || fail "wat2wasm"
run "$WASMCELL" run "$TMP/start_trap.wasm"
expect_rc 134 "start trap"
head -n 1 "$TMP/err" | grep -q '^error: unreachable.*while instantiating' || fail "first line"
expect_stderr_has '^backtrace:$'
# the native tier may inline $inner into $init: then one frame shows
expect_stderr_has '#0 func\[[01]\] <in'
expect_stderr_has 'func\[1\] <init>'
exit 0
