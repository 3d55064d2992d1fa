# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# v128 across calls in native code (tests/native/wat/v128_calls.wat): every
# function is native code, including those that call an interpreted
# function or call_indirect with v128 in the type, and those with tail
# calls ($sub_tail, $tail_sum: musttail; run_tail, whose return_call
# changes prototype, and its target $checksum get tailcc bodies t<i>):
# the object has 8 typed entries f<i>; `run N` and `run_tail N` print what
# the interpreter prints, in tier native at every opt level, from an
# artifact, and in tier auto from a cold cache (OSR into the loop).
. "$(dirname "$0")/lib.sh"
cd "$TMP" || fail "cd"
cp "$NWAT/v128_calls.wat" v128_calls.wat || fail "copy v128_calls.wat"

# same WHAT EXPORT N CMD...: CMD prints what `run --tier interp` prints.
same() {
    what=$1 export=$2 n=$3
    shift 3
    run "$WASMCELL" run --tier interp --invoke "$export" v128_calls.wat "$n"
    expect_rc 0 "$export $n interpreted"
    cp "$TMP/out" want.out
    run "$@" --invoke "$export" "$what" "$n"
    expect_no_crash "$what: $export $n"
    expect_rc 0 "$what: $export $n"
    cmp -s want.out "$TMP/out" || fail "$what: $export $n: '$(cat "$TMP/out")', interpreted '$(cat want.out)'"
}

WASMCELL_DUMP_OBJ=v128_calls.o run "$WASMCELL" compile v128_calls.wat -o v128_calls.cwasm
expect_rc 0 "compile"
if command -v nm >/dev/null 2>&1; then
    nf=$(nm v128_calls.o | grep -c ' [tT] f[0-9]*$')
    [ "$nf" -eq 8 ] || fail "$nf functions native, want 8: $(nm v128_calls.o)"
    nm v128_calls.o | grep -q ' [tT] f5$' || fail "\$tail_sum (a self tail call) is not native"
    nm v128_calls.o | grep -q ' [tT] t6$' || fail "run_tail (a tail call to another prototype) has no tailcc body"
    nm v128_calls.o | grep -q ' [tT] t7$' || fail "\$checksum (its target) has no tailcc body"
fi
for opt in 0 2; do
    for n in 0 1 5 1000; do
        same v128_calls.wat run "$n" "$WASMCELL" run --tier native --no-cache --opt "$opt"
        same v128_calls.wat run_tail "$n" "$WASMCELL" run --tier native --no-cache --opt "$opt"
    done
done
for n in 1 1000; do
    same v128_calls.cwasm run "$n" "$WASMCELL" run
    same v128_calls.cwasm run_tail "$n" "$WASMCELL" run
done
rm -rf "$XDG_CACHE_HOME"
same v128_calls.wat run 300000 "$WASMCELL" run --tier auto
exit 0
