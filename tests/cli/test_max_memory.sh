# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# --max-memory caps linear memory: memory.grow beyond it returns -1.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
wat2wasm "$WAT/grow.wat" -o "$TMP/grow.wasm" || fail "wat2wasm"
run "$WASMCELL" run --max-memory 128K "$TMP/grow.wasm"
expect_rc 0 "grow refused under --max-memory 128K"
run "$WASMCELL" run "$TMP/grow.wasm"
expect_rc 134 "grow allowed without a limit (the guest then traps)"
exit 0
