# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# examples/hello.wasm and what `wasmcell convert` makes of examples/hello.wat
# are both valid and print the same (the bytes differ: ours has a name section).
. "$(dirname "$0")/lib.sh"
wat2wasm "$SRC/examples/hello.wat" -o "$TMP/hello.wasm" || fail "convert failed"
run "$WASMCELL" validate "$TMP/hello.wasm"
expect_rc 0 "converted hello.wasm validates"
run "$WASMCELL" run "$TMP/hello.wasm"
expect_rc 0 "converted hello.wasm runs"
cp "$TMP/out" "$TMP/converted.out"
run "$WASMCELL" run "$SRC/examples/hello.wasm"
cmp -s "$TMP/out" "$TMP/converted.out" || fail "examples/hello.wasm and hello.wat differ in output"
