# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Bounds-checked linear memory (--bounds-checks, and the automatic fallback
# when the 8 GiB guard-page reservation fails): hello world runs under
# `ulimit -v 4000000`; tests/wast scripts that probe every kind of memory
# access at the bounds give the same results checked and guarded; a .cwasm
# compiled for guard pages is refused on checked memory with a clear
# message, one compiled with --bounds-checks runs in both modes.
. "$(dirname "$0")/lib.sh"
LIMIT=4000000 # KiB: less than one 8 GiB reservation
unset WASMCELL_BOUNDS_CHECKS # each run below chooses its mode itself

run "$WASMCELL" run --bounds-checks "$SRC/examples/hello.wasm"
expect_rc 0 "hello --bounds-checks"
expect_stdout 'hello world\n'
WASMCELL_BOUNDS_CHECKS=1 run "$WASMCELL" run "$SRC/examples/hello.wasm"
expect_rc 0 "hello WASMCELL_BOUNDS_CHECKS=1"
expect_stdout 'hello world\n'

for script in memory_bounds memory_table simd; do
    run "$WASMCELL" wast --bounds-checks "$SRC/tests/wast/$script.wast"
    expect_rc 0 "wast --bounds-checks $script.wast"
    expect_stdout_has ' 0 failed'
done

# A sanitizer build cannot start under the limit (its shadow memory alone
# needs terabytes of address space): the limited runs are skipped there.
if (ulimit -v $LIMIT && "$WASMCELL" --version) >/dev/null 2>&1; then
    limited=1
    run sh -c "ulimit -v $LIMIT && exec \"\$0\" run \"\$1\"" "$WASMCELL" "$SRC/examples/hello.wasm"
    expect_rc 0 "hello under ulimit -v $LIMIT"
    expect_stdout 'hello world\n'
    [ -s "$TMP/err" ] && fail "hello under ulimit -v: unexpected stderr"
    run sh -c "ulimit -v $LIMIT && exec \"\$0\" wast \"\$1\"" "$WASMCELL" "$SRC/tests/wast/memory_bounds.wast"
    expect_rc 0 "memory_bounds.wast under ulimit -v $LIMIT (memories grow by remapping)"
    expect_stdout_has ' 0 failed'
else
    limited=0
    echo "note: this build does not start under ulimit -v $LIMIT (sanitizer?): limited runs skipped"
fi

# Artifacts: the code's memory mode must match (needs LLVM to compile).
cat >"$TMP/mem.wat" <<'WAT'
(module
  (memory 1)
  (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))
WAT
run "$WASMCELL" compile "$TMP/mem.wat" -o "$TMP/guarded.cwasm"
if [ "$rc" -eq 125 ] && grep -q "LLVM" "$TMP/err"; then
    echo "note: no LLVM in this build: artifact checks skipped"
    exit 0
fi
expect_rc 0 "compile (guard pages)"
run "$WASMCELL" run --invoke peek "$TMP/guarded.cwasm" 65535
expect_rc 0 "guard-page artifact on guarded memory"
expect_stdout 'i32:0\n'
run "$WASMCELL" run --bounds-checks --invoke peek "$TMP/guarded.cwasm" 65535
expect_rc 125 "guard-page artifact with --bounds-checks"
expect_stderr_has "compiled for guard-page memory"
expect_stderr_has "wasmcell compile --bounds-checks"
run "$WASMCELL" compile --bounds-checks "$TMP/mem.wat" -o "$TMP/checked.cwasm"
expect_rc 0 "compile --bounds-checks"
for how in "" --bounds-checks; do
    run "$WASMCELL" run $how --invoke peek "$TMP/checked.cwasm" 65535
    expect_rc 0 "checked artifact, run $how"
    expect_stdout 'i32:0\n'
    run "$WASMCELL" run $how --invoke peek "$TMP/checked.cwasm" 65536
    expect_rc 134 "checked artifact out of bounds, run $how"
    expect_stderr_has "out of bounds memory access"
done
if [ "$limited" = 1 ]; then
    run sh -c "ulimit -v $LIMIT && exec \"\$0\" run --invoke peek \"\$1\" 1" "$WASMCELL" "$TMP/guarded.cwasm"
    expect_rc 125 "guard-page artifact under ulimit -v"
    expect_stderr_has "compiled for guard-page memory"
    run sh -c "ulimit -v $LIMIT && exec \"\$0\" run --invoke peek \"\$1\" 1" "$WASMCELL" "$TMP/checked.cwasm"
    expect_rc 0 "checked artifact under ulimit -v"
    expect_stdout 'i32:0\n'
fi
exit 0
