# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# lib.sh — shared by run.sh and fuzz.sh: module generation for the tier
# differential test. Needs DIFFTEST (the difftest binary) and WASMCELL (the
# CLI, for `validate`) set by the caller.

# The runtime dlopens the LLVM plugin from beside the executable (difftest
# is elsewhere) or from the install directory: use the one beside $WASMCELL.
if [ -z "${WASMCELL_LLVM_PLUGIN:-}" ] && [ -f "$(dirname "$WASMCELL")/libwasmcell-llvm.so" ]; then
    WASMCELL_LLVM_PLUGIN=$(cd "$(dirname "$WASMCELL")" && pwd)/libwasmcell-llvm.so
    export WASMCELL_LLVM_PLUGIN
fi

# Features both tiers run. Binaryen 108's "reference-types" is the older
# proposal (anyref, typed refs in its output) which a 2.0 engine rejects
# in most modules: each seed is first tried with reference types and, when
# that module does not validate, generated again without them.
DIFF_FEATURES="--mvp-features --enable-sign-ext --enable-nontrapping-float-to-int
  --enable-bulk-memory --enable-mutable-globals --enable-multivalue
  --disable-simd --disable-threads --disable-gc --disable-exception-handling
  --disable-tail-call --disable-memory64 --disable-typed-function-references
  --disable-relaxed-simd --disable-extended-const"

# SIMD: DIFF_WASM_OPT_FLAGS=--enable-simd (difftest defines log-v128); not
# by default: seed 5 then holds an out-of-bounds load whose value is dead,
# which LLVM deletes (docs/native.md), and diff_tiers fails in some builds.
# DIFF_WASM_OPT_FLAGS: more wasm-opt flags, e.g. --no-fuzz-oob (accesses
# kept in bounds: to look past a known out-of-bounds bug) or
# "--fuzz-passes" (binaryen optimisation passes over the module).
# diff_gen SEED OUT.wasm: a module from seed SEED; prints its flavour
# ("ref" / "noref") on stdout, or returns 1 when no flavour validates.
# --denan makes the module free of NaNs (binaryen's fuzzer does the same
# before comparing engines): NaN payloads are nondeterministic in the spec,
# and a NaN bit pattern stored to memory or reinterpreted as an integer would
# be a difference the spec allows. The driver still passes NaN arguments.
# DIFF_DENAN=0 leaves NaNs in (a mismatch may then be the spec's freedom).
diff_gen() {
    seed=$1 out=$2
    denan=--denan
    [ "${DIFF_DENAN:-1}" = 0 ] && denan=
    size=$(( 2000 + (seed * 7919) % 14000 ))
    "$DIFFTEST" --random-bytes "$seed" "$size" > "$out.bin" || return 1
    for flavour in ref noref; do
        extra=
        [ $flavour = ref ] && extra=--enable-reference-types
        # shellcheck disable=SC2086
        if wasm-opt $DIFF_FEATURES $extra ${DIFF_WASM_OPT_FLAGS:-} -ttf "$out.bin" $denan -o "$out" 2>/dev/null &&
           "$WASMCELL" validate "$out" >/dev/null 2>&1; then
            rm -f "$out.bin"
            echo $flavour
            return 0
        fi
    done
    rm -f "$out.bin" "$out"
    return 1
}
