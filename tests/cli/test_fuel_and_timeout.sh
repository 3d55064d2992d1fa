# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# An endless loop is stopped by --fuel (a trap: 134) or --timeout (124).
. "$(dirname "$0")/lib.sh"
need_wat2wasm
wat2wasm "$WAT/loop.wat" -o "$TMP/loop.wasm" || fail "wat2wasm"
run "$WASMCELL" run --fuel 100000 "$TMP/loop.wasm"
expect_rc 134 "--fuel"
expect_stderr_has "^error: .*fuel"
start=$(date +%s)
run "$WASMCELL" run --timeout 0.5 "$TMP/loop.wasm"
end=$(date +%s)
expect_rc 124 "--timeout"
expect_stderr_has "^error: timed out"
[ $((end - start)) -le 10 ] || fail "--timeout 0.5 took $((end - start)) s"
run "$WASMCELL" run --timeout 30 --fuel 1000000 "$SRC/examples/hello.wasm"
expect_rc 0 "limits that are not reached"
expect_stdout 'hello world\n'
exit 0
