# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# --tier auto (the default of `run`): with a cold cache (the interpreter
# starts at once, native code arrives in the background or before the run)
# and with a warm one (filled by --tier native: native from the start),
# programs print and exit exactly as in the interpreter; a trap keeps its
# message. The default tier (no --tier, no WASMCELL_TIER) runs correctly.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
need_wasi printf trap
cd "$TMP" || fail "cd"
wat compute
cp "$WASI/printf.wasm" printf.wasm && cp "$WASI/trap.wasm" trap.wasm || fail "copy"

# same_as_interp WHAT PROG.wasm ARGS...: the auto run matches the interpreter's.
D=$TMP/cache
same_as_interp() {
    what=$1; shift
    run "$WASMCELL" run --tier interp "$@"
    want_rc=$rc
    cp "$TMP/out" want.out
    want_err=$(first_error_line)
    run "$WASMCELL" run --tier auto --cache-dir "$D" "$@"
    expect_no_crash "$what"
    [ "$rc" -eq "$want_rc" ] || fail "$what: exit $rc, the interpreter's is $want_rc"
    cmp -s want.out "$TMP/out" || fail "$what: stdout differs from the interpreter's"
    [ "$(first_error_line)" = "$want_err" ] || fail "$what: '$(first_error_line)', want '$want_err'"
}

for pass in cold warm; do
    if [ $pass = warm ]; then
        for p in "$SRC/examples/hello.wasm" compute.wasm printf.wasm trap.wasm; do
            "$WASMCELL" run --tier native --cache-dir "$D" "$p" >/dev/null 2>&1
        done
        [ "$(find "$D" -type f | wc -l)" -eq 4 ] || fail "--tier native made $(find "$D" -type f | wc -l) cache entries, want 4"
        find "$D" -type f -exec stat -c '%i %s %y %n' {} + | sort > "$TMP/before"
    fi
    same_as_interp "$pass: hello" "$SRC/examples/hello.wasm"
    same_as_interp "$pass: compute" compute.wasm
    same_as_interp "$pass: printf" printf.wasm
    same_as_interp "$pass: trap div0" trap.wasm div0
    same_as_interp "$pass: trap oob" trap.wasm oob
done
find "$D" -type f -exec stat -c '%i %s %y %n' {} + | sort > "$TMP/after"
cmp -s "$TMP/before" "$TMP/after" || fail "auto rewrote warm cache entries"

# the default tier is auto: it runs correctly and uses the default cache dir
run "$WASMCELL" run printf.wasm
expect_rc 0 "default tier"
cmp -s "$TMP/out" "$SRC/tests/wasi/printf.expected" || fail "default tier: stdout differs from printf.expected"
exit 0
