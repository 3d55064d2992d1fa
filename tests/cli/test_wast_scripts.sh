# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# wast: tiny.wast passes completely (its text assert_malformed counted too);
# failing.wast reports each wrong assertion with its line and exits 1;
# --opt takes a level 0-3 and nothing else.
. "$(dirname "$0")/lib.sh"
cd "$SRC/tests/cli" || fail "cd"
run "$WASMCELL" wast tiny.wast
expect_rc 0 "tiny.wast"
expect_stdout_has '^tiny.wast: 28 passed, 0 failed, 0 skipped$'
tail -n 1 "$TMP/out" | grep -q '^28 passed, 0 failed, 0 skipped$' || fail "bad total line"
run "$WASMCELL" wast failing.wast
expect_rc 1 "failing.wast"
for line in 6 7 8 9; do
    expect_stdout_has "^failing.wast:$line: FAIL"
done
expect_stdout_has '^failing.wast: 1 passed, 4 failed, 0 skipped$'
run "$WASMCELL" wast tiny.wast failing.wast
expect_rc 1 "two files"
tail -n 1 "$TMP/out" | grep -q '^29 passed, 4 failed, 0 skipped$' || fail "bad total over two files"
run "$WASMCELL" wast --timeout 0.5 hang.wast
expect_rc 1 "hang.wast with --timeout"
expect_stdout_has '^hang.wast:7: FAIL: assert_trap: "spin" timed out after 0.5 s$'
expect_stdout_has '^hang.wast: 2 passed, 1 failed, 0 skipped$'
# --opt chooses the native tier's level: the same verdicts at each
for o in 0 1 2 3; do
    run "$WASMCELL" wast --tier native --opt $o tiny.wast
    expect_rc 0 "tiny.wast --opt $o"
    tail -n 1 "$TMP/out" | grep -q '^28 passed, 0 failed, 0 skipped$' || fail "bad total at --opt $o"
done
run "$WASMCELL" wast --opt 4 tiny.wast
expect_rc 125 "wast --opt 4"
expect_stderr_has "0, 1, 2 or 3"
exit 0
