# examples/hello.wasm is exactly what wat2wasm makes of examples/hello.wat.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
wat2wasm "$SRC/examples/hello.wat" -o "$TMP/hello.wasm" || fail "wat2wasm failed"
cmp "$TMP/hello.wasm" "$SRC/examples/hello.wasm" || fail "examples/hello.wasm is stale: regenerate it"
