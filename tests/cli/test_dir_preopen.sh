# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# --dir HOST::GUEST preopens HOST as fd 3 under GUEST; GUEST defaults to HOST.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
wat2wasm "$WAT/preopen.wat" -o "$TMP/preopen.wasm" || fail "wat2wasm"
mkdir "$TMP/data"
run "$WASMCELL" run --dir "$TMP/data::/sandbox" "$TMP/preopen.wasm"
expect_rc 0 "HOST::GUEST"
expect_stdout '/sandbox\n'
run "$WASMCELL" run --dir "$TMP/data::/ro:readonly" "$TMP/preopen.wasm"
expect_rc 0 "readonly"
expect_stdout '/ro\n'
cd "$TMP" || fail "cd"
run "$WASMCELL" run --dir data "$TMP/preopen.wasm"
expect_rc 0 "HOST only"
expect_stdout 'data\n'
run "$WASMCELL" run "$TMP/preopen.wasm"
expect_rc 1 "no preopen: fd 3 is not a directory"
run "$WASMCELL" run --dir "$TMP/missing" "$TMP/preopen.wasm"
expect_rc 125 "missing preopen directory"
expect_stderr_has "error:"
exit 0
