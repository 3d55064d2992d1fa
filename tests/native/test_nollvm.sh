# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# A build without LLVM (-DWASMCELL_LLVM=OFF), configured and built here in
# the build tree: its binaries link no libLLVM and it has no LLVM plugin;
# `compile` exits 125 saying it was built "without LLVM"; it runs artifacts
# made by the LLVM build (the loader needs no LLVM), refuses damaged ones,
# and treats --tier native as the interpreter. Also the LLVM build itself:
# its runtime links no libLLVM either (LLVM is a dlopen'ed plugin), and with
# the plugin missing it behaves like the build without LLVM.
#   $1 wasmcell (LLVM build)  $2 source tree  $3 this directory's build
#   output  $4 tests/wasi's programs  $5 the no-LLVM build directory
. "$(dirname "$0")/lib.sh"
NOLLVM=$5
[ -n "$NOLLVM" ] || fail "no build directory given"
mkdir -p "$NOLLVM" || fail "mkdir $NOLLVM"
log=$NOLLVM/build.log
if ! { cmake -S "$SRC" -B "$NOLLVM" -DWASMCELL_LLVM=OFF -DBUILD_TESTING=OFF &&
       cmake --build "$NOLLVM" -j 2 --target wasmcell wasmcell_shared; } > "$log" 2>&1; then
    tail -n 40 "$log" >&2
    fail "the build without LLVM failed (log: $log)"
fi
NO=$NOLLVM/wasmcell
[ -x "$NO" ] || fail "$NO was not built"
grep -q "^WASMCELL_LLVM:BOOL=OFF" "$NOLLVM/CMakeCache.txt" || fail "WASMCELL_LLVM is not OFF in $NOLLVM"

# -- no libLLVM anywhere ----------------------------------------------------------
command -v ldd >/dev/null 2>&1 || fail "ldd missing"
ldd "$NO" > "$TMP/ldd" 2>&1 || fail "ldd $NO: $(cat "$TMP/ldd")"
grep -qi llvm "$TMP/ldd" && fail "the no-LLVM wasmcell links LLVM: $(grep -i llvm "$TMP/ldd")"
so=$(find "$NOLLVM" -maxdepth 1 -name 'libwasmcell.so*' -type f | head -n 1)
[ -n "$so" ] || fail "libwasmcell.so was not built"
ldd "$so" > "$TMP/ldd" 2>&1 || fail "ldd $so"
grep -qi llvm "$TMP/ldd" && fail "the no-LLVM libwasmcell.so links LLVM: $(grep -i llvm "$TMP/ldd")"
[ -z "$(find "$NOLLVM" -maxdepth 1 -name 'libwasmcell-llvm*')" ] || fail "the no-LLVM build made an LLVM plugin"
# the LLVM build's runtime does not link libLLVM either: only its plugin does
ldd "$WASMCELL" > "$TMP/ldd" 2>&1 || fail "ldd $WASMCELL"
grep -qi libLLVM "$TMP/ldd" && fail "$WASMCELL links libLLVM: $(grep -i llvm "$TMP/ldd")"
plugin=$(find "$(dirname "$WASMCELL")" -maxdepth 1 -name 'libwasmcell-llvm*.so*' | head -n 1)
if [ -n "$plugin" ]; then
    # it links libLLVM.so, or (WASMCELL_LLVM_STATIC) carries LLVM's code itself
    ldd "$plugin" | grep -qi libLLVM || grep -qa "X86 DAG->DAG Instruction Selection" "$plugin" ||
        fail "the plugin $plugin holds no LLVM (is the check blind?)"
fi

cd "$TMP" || fail "cd"
hello=$SRC/examples/hello.wasm

# -- compile is refused ----------------------------------------------------------
run "$NO" compile "$hello" -o x.cwasm
expect_rc 125 "compile without LLVM"
expect_stderr_has "without LLVM"
[ -e x.cwasm ] && fail "compile without LLVM wrote x.cwasm"

# -- artifacts of the LLVM build run ---------------------------------------------
run "$WASMCELL" compile "$hello" -o hello.cwasm
expect_rc 0 "compile (LLVM build)"
run "$WASMCELL" compile --target-cpu generic "$hello" -o hello-generic.cwasm
expect_rc 0 "compile --target-cpu generic (LLVM build)"
for a in hello.cwasm hello-generic.cwasm; do
    run "$NO" run "$a"
    expect_no_crash "no-LLVM run $a"
    expect_rc 0 "no-LLVM run $a"
    expect_stdout 'hello world\n'
done
if [ -f "$WASI/printf.wasm" ] && [ -f "$WASI/trap.wasm" ]; then
    cp "$WASI/printf.wasm" prog.wasm && cp "$WASI/trap.wasm" trap.wasm || fail "copy"
    run "$WASMCELL" compile prog.wasm -o prog.cwasm
    expect_rc 0 "compile printf.wasm"
    run "$WASMCELL" run --tier interp prog.wasm
    cp "$TMP/out" want.out
    run "$NO" run prog.cwasm
    expect_rc 0 "no-LLVM run printf.cwasm"
    cmp -s want.out "$TMP/out" || fail "no-LLVM run printf.cwasm: stdout differs"
    run "$WASMCELL" compile trap.wasm -o trap.cwasm
    expect_rc 0 "compile trap.wasm"
    run "$NO" run trap.cwasm div0
    expect_no_crash "no-LLVM run trap.cwasm div0"
    expect_rc 134 "no-LLVM run trap.cwasm div0"
    expect_stderr_has "^error: integer divide by zero"
fi
wat2wasm "$SRC/tests/native/wat/loop.wat" -o loop.wasm || fail "wat2wasm loop.wat"
run "$WASMCELL" compile loop.wasm -o loop.cwasm
expect_rc 0 "compile loop.wasm"
run "$NO" run --fuel 100000 loop.cwasm
expect_rc 134 "no-LLVM: --fuel in native code"
expect_stderr_has "out of fuel"
run "$NO" run --timeout 1 loop.cwasm
expect_rc 124 "no-LLVM: --timeout in native code"

# -- damaged artifacts are refused -------------------------------------------------
size=$(wc -c < hello.cwasm)
head -c $((size - 1)) hello.cwasm > cut.cwasm
run "$NO" run cut.cwasm
expect_no_crash "no-LLVM: truncated artifact"
expect_rc 125 "no-LLVM: truncated artifact"
[ -s "$TMP/out" ] && fail "no-LLVM: the truncated artifact ran"

# -- the LLVM build without its plugin: compile refused, run interprets -------------
run env WASMCELL_LLVM_PLUGIN="$TMP/no-such-plugin.so" "$WASMCELL" compile "$hello" -o y.cwasm
expect_no_crash "compile with the plugin missing"
expect_rc 125 "compile with the plugin missing"
expect_stderr_has "no-such-plugin"
[ -e y.cwasm ] && fail "compile with the plugin missing wrote y.cwasm"
for tier in native auto; do
    run env WASMCELL_LLVM_PLUGIN="$TMP/no-such-plugin.so" "$WASMCELL" run --tier $tier --no-cache "$hello"
    expect_rc 0 "run --tier $tier with the plugin missing"
    expect_stdout 'hello world\n'
done
run env WASMCELL_LLVM_PLUGIN="$TMP/no-such-plugin.so" "$WASMCELL" run hello.cwasm
expect_rc 0 "run hello.cwasm with the plugin missing"
expect_stdout 'hello world\n'

# -- without LLVM, --tier native and auto are the interpreter ----------------------
for tier in native auto interp; do
    run "$NO" run --tier "$tier" "$hello"
    expect_rc 0 "no-LLVM run --tier $tier"
    expect_stdout 'hello world\n'
done
if command -v wast2json >/dev/null 2>&1; then
    run env WASMCELL_TIER=native "$NO" wast "$SRC/tests/wast/control.wast"
    expect_rc 0 "no-LLVM wast under WASMCELL_TIER=native"
fi
exit 0
