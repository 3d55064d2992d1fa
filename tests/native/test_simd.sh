# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# SIMD in native code (tests/native/wat/simd.wat): `run N` and `run_table N`
# give the interpreter's result in tier native at every opt level, in tier
# auto from a cold cache (OSR into a loop with v128 locals live), and from
# artifacts for this CPU and for a generic x86-64 (no SSSE3: i8x16.swizzle
# lane by lane; no SSE4.1: rounding through libm). Every function is
# native code, run_table (a call_indirect with v128) included.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || fail "cd"
cp "$NWAT/simd.wat" simd.wat || fail "copy simd.wat"

# same WHAT EXPORT N CMD...: CMD prints what `run --tier interp` prints.
same() {
    what=$1 export=$2 n=$3
    shift 3
    run "$WASMCELL" run --tier interp --invoke "$export" simd.wat "$n"
    expect_rc 0 "$export $n interpreted"
    cp "$TMP/out" want.out
    run "$@" --invoke "$export" "$what" "$n"
    expect_no_crash "$what: $export $n"
    expect_rc 0 "$what: $export $n"
    cmp -s want.out "$TMP/out" || fail "$what: $export $n: '$(cat "$TMP/out")', interpreted '$(cat want.out)'"
}

for opt in 0 1 2 3; do
    for n in 1 2 7 1000; do
        same simd.wat run "$n" "$WASMCELL" run --tier native --no-cache --opt "$opt"
        same simd.wat run_table "$n" "$WASMCELL" run --tier native --no-cache --opt "$opt"
    done
done
for cpu in native generic; do
    WASMCELL_DUMP_OBJ=$cpu.o run "$WASMCELL" compile --target-cpu "$cpu" simd.wat -o "$cpu.cwasm"
    expect_rc 0 "compile --target-cpu $cpu"
    if command -v nm >/dev/null 2>&1; then
        nf=$(nm "$cpu.o" | grep -c ' [tT] f[0-9]*$')
        [ "$nf" -eq 6 ] || fail "--target-cpu $cpu: $nf functions native, want 6: $(nm "$cpu.o")"
    fi
    for n in 1 1000; do
        same "$cpu.cwasm" run "$n" "$WASMCELL" run
        same "$cpu.cwasm" run_table "$n" "$WASMCELL" run
    done
done
# tier auto: the loop gets hot in the interpreter and continues natively
for export in run run_table; do
    rm -rf "$XDG_CACHE_HOME"
    same simd.wat "$export" 400000 "$WASMCELL" run --tier auto
done
# the baseline JIT declines SIMD: such a hot function runs interpreted
# until LLVM's code arrives, so its compile is at level 0 (it delivers
# sooner); with the JIT off everything interprets and the level is 1
WASMCELL_NATIVE_DEBUG=1 same simd.wat run 400000 "$WASMCELL" run --tier auto --no-cache
grep -q 'JIT declines' "$TMP/err" || fail "auto: the JIT took a SIMD function: $(cat "$TMP/err")"
grep 'compile starts' "$TMP/err" | head -1 | grep -q '(level 256)' ||
    fail "auto: a hot SIMD function's first compile is not at level 0: $(cat "$TMP/err")"
WASMCELL_JIT=0 WASMCELL_NATIVE_DEBUG=1 same simd.wat run 400000 "$WASMCELL" run --tier auto --no-cache
grep 'compile starts' "$TMP/err" | head -1 | grep -q '(level 1)' ||
    fail "auto, JIT off: the first compile is not at level 1: $(cat "$TMP/err")"
exit 0
