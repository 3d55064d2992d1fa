# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# `wasmcell compile X -o X.cwasm` + `wasmcell run X.cwasm` gives the same
# stdout, exit status and error line as `run --tier interp X.wasm`, for
# WASI programs of tests/wasi and examples/hello.wasm (each compiled once;
# the tests/wasi cases themselves also run with --tier native: *_native).
# Every program is copied as prog.wasm / prog.cwasm so that argv[0] is the
# same in both runs.
. "$(dirname "$0")/lib.sh"
need_wasi printf qsort floatmath funcptr exit_code trap

# compiled PROG.wasm: copies it to $TMP/w/prog.wasm, compiles prog.cwasm, cds there.
compiled() {
    rm -rf "$TMP/w" && mkdir "$TMP/w" || fail "mkdir"
    cp "$1" "$TMP/w/prog.wasm" || fail "copy $1"
    cd "$TMP/w" || fail "cd"
    run "$WASMCELL" compile prog.wasm -o prog.cwasm
    expect_rc 0 "compile $1"
    [ -s prog.cwasm ] || fail "compile $1 wrote nothing"
}

# same NAME ARGS...: `run prog.cwasm ARGS` behaves as `run --tier interp prog.wasm ARGS`.
same() {
    name=$1; shift
    run "$WASMCELL" run --tier interp prog.wasm "$@"
    want_rc=$rc
    cp "$TMP/out" want.out
    want_err=$(first_error_line)
    run "$WASMCELL" run prog.cwasm "$@"
    expect_no_crash "$name: run prog.cwasm $*"
    [ "$rc" -eq "$want_rc" ] || fail "$name $*: exit $rc, the interpreter's is $want_rc"
    cmp -s want.out "$TMP/out" || fail "$name $*: stdout differs from the interpreter's"
    got_err=$(first_error_line)
    [ "$got_err" = "$want_err" ] || fail "$name $*: '$got_err', the interpreter says '$want_err'"
    if [ $# -eq 0 ] && [ -f "$SRC/tests/wasi/$name.expected" ]; then
        cmp -s "$SRC/tests/wasi/$name.expected" want.out || fail "$name: stdout differs from $name.expected"
    fi
}

compiled "$SRC/examples/hello.wasm"
same hello
[ "$(cat want.out)" = "hello world" ] || fail "hello: '$(cat want.out)'"
for p in printf qsort floatmath funcptr; do
    compiled "$WASI/$p.wasm"
    same "$p"
done
compiled "$WASI/exit_code.wasm"
for code in exit3 exit255 return7; do
    same exit_code "$code"
done
compiled "$WASI/trap.wasm"
for t in div0 unreachable oob indirect f2i stack; do
    same trap "$t"
    [ "$want_rc" -eq 134 ] || fail "trap $t: exit $want_rc, want 134"
done
exit 0
