# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# The CLI with text: convert both ways, validate a malformed .wat (exit 1,
# FILE: malformed: LINE:COL), and backtraces named from $ids in `run x.wat`.
# Usage: test_cli_text.sh WASMCELL SRC
. "$2/tests/cli/lib.sh"
cat >"$TMP/m.wat" <<'WAT'
(module
  (func $inner (unreachable))
  (func $outer (export "go") (call $inner)))
WAT
run "$WASMCELL" convert "$TMP/m.wat"
expect_rc 0 "convert .wat"
[ -f "$TMP/m.wasm" ] || fail "convert wrote no m.wasm"
run "$WASMCELL" convert "$TMP/m.wasm" -o -
expect_rc 0 "convert .wasm"
expect_stdout_has 'func (;0;) $"inner"'
run "$WASMCELL" run --invoke go "$TMP/m.wat"
expect_rc 134 "trap"
expect_stderr_has '<inner>'
expect_stderr_has '<outer>'
printf '(module\n  (func (i32.cons 1)))\n' >"$TMP/bad.wat"
run "$WASMCELL" validate "$TMP/bad.wat"
expect_rc 1 "validate malformed .wat"
expect_stderr_has "bad.wat: malformed: 2:10: unknown operator"
run "$WASMCELL" convert "$TMP/bad.wat"
expect_rc 1 "convert malformed .wat"
exit 0
