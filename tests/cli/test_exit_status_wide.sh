# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# proc_exit codes above 255: the low 8 bits, or 1 when those are 0, so a
# failing guest never exits 0 (node's process.exit(256) does); 0..255 as is.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
wat2wasm "$WAT/exit_code.wat" -o "$TMP/exit_code.wasm" || fail "wat2wasm"
run "$WASMCELL" run "$TMP/exit_code.wasm"
expect_rc 1 "_start: proc_exit(256)"
[ -s "$TMP/err" ] && fail "proc_exit(256) is not an error"
check() { # CODE STATUS
    run "$WASMCELL" run --invoke exit "$TMP/exit_code.wasm" "$1"
    expect_rc "$2" "proc_exit($1)"
}
check 0 0
check 1 1
check 255 255
check 256 1
check 257 1
check 512 1
check 767 255
check 4294967295 255
check 2147483648 1
exit 0
