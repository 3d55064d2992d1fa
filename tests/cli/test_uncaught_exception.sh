# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# An uncaught wasm exception: "error: exception of tag "NAME" thrown and not
# caught" (the export name, else the tag index) and a backtrace of the
# throw, exit 135; a caught one is an ordinary result; inspect lists tags.
. "$(dirname "$0")/lib.sh"
run "$WASMCELL" run "$WAT/uncaught.wat"
expect_rc 135 "uncaught.wat"
head -n 1 "$TMP/err" | grep -q '^error: exception of tag "oops" thrown and not caught$' ||
    fail "first stderr line does not name the tag"
grep -q '^backtrace:$' "$TMP/err" || fail "no backtrace"
grep -q '#0 func\[0\] <raise>' "$TMP/err" || fail "the backtrace does not start at the throw"
run "$WASMCELL" run --invoke quiet "$WAT/uncaught.wat"
expect_rc 135 "--invoke quiet"
head -n 1 "$TMP/err" | grep -q '^error: exception of tag 1 thrown and not caught$' ||
    fail "an unexported tag is not named by its index"
run "$WASMCELL" run --invoke caught "$WAT/uncaught.wat"
expect_rc 0 "--invoke caught"
expect_stdout 'i32:2\n'
run "$WASMCELL" inspect "$WAT/uncaught.wat"
expect_rc 0 "inspect"
grep -q '^export tag "oops" i:$' "$TMP/out" || fail "inspect does not list the tag with its signature"
# --wasm 2.0 refuses exception handling
run "$WASMCELL" run --wasm 2.0 "$WAT/uncaught.wat"
expect_rc 125 "--wasm 2.0"
grep -q 'malformed section id' "$TMP/err" || fail "--wasm 2.0 accepted the tag section"
exit 0
