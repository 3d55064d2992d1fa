# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# A plugin built for another runtime (another struct layout, e.g. left over
# from an older build or install) is refused with a clear message, never
# used: `compile` fails (exit 125: no usable LLVM), `run --tier native`
# still runs the program correctly in the interpreter.
. "$(dirname "$0")/lib.sh"
STALE=$TOOLS/libstale_plugin.so
[ -f "$STALE" ] || fail "$STALE not built"
cd "$TMP" || fail "cd"
WASMCELL_LLVM_PLUGIN=$STALE run "$WASMCELL" compile "$SRC/examples/hello.wasm" -o hello.cwasm
expect_no_crash "compile with a stale plugin"
[ "$rc" -eq 125 ] || fail "compile with a stale plugin: exit $rc, want 125"
grep -q "built for another wasmcell runtime" "$TMP/err" || fail "no layout message: $(cat "$TMP/err")"
grep -q "compile entry called" "$TMP/err" && fail "the stale plugin's compile entry was called"
WASMCELL_LLVM_PLUGIN=$STALE run "$WASMCELL" run --tier native --no-cache "$SRC/examples/hello.wasm"
expect_rc 0 "run with a stale plugin"
[ "$(cat "$TMP/out")" = "hello world" ] || fail "run with a stale plugin printed '$(cat "$TMP/out")'"
exit 0
