# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# validate: 0 for a valid module, 1 plus a diagnostic for malformed/invalid ones.
. "$(dirname "$0")/lib.sh"
run "$WASMCELL" validate "$SRC/examples/hello.wasm"
expect_rc 0 "valid hello.wasm"
printf 'this is not wasm' >"$TMP/garbage.wasm"
run "$WASMCELL" validate "$TMP/garbage.wasm"
expect_rc 1 "garbage"
expect_stderr_has "garbage.wasm: malformed"
head -c 30 "$SRC/examples/hello.wasm" >"$TMP/truncated.wasm"
run "$WASMCELL" validate "$TMP/truncated.wasm"
expect_rc 1 "truncated module"
expect_stderr_has "truncated.wasm: malformed"
if command -v wat2wasm >/dev/null 2>&1; then
    printf '(module (func (result i32) (i64.const 0)))' >"$TMP/bad.wat"
    wat2wasm --no-check "$TMP/bad.wat" -o "$TMP/invalid.wasm" || fail "wat2wasm --no-check"
    run "$WASMCELL" validate "$TMP/invalid.wasm"
    expect_rc 1 "type mismatch"
    expect_stderr_has "invalid.wasm: invalid"
    expect_stderr_has "type mismatch"
fi
exit 0
