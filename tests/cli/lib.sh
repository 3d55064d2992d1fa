# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# lib.sh — sourced by the CLI tests: $1 = wasmcell binary, $2 = source tree.
WASMCELL=$1
SRC=$2
WAT=$SRC/tests/cli/wat
TMP=$(mktemp -d "${TMPDIR:-/tmp}/wasmcell-cli-test.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM

fail() {
    echo "FAIL: $*" >&2
    if [ -f "$TMP/out" ]; then echo "--- stdout:" >&2; cat "$TMP/out" >&2; fi
    if [ -f "$TMP/err" ]; then echo "--- stderr:" >&2; cat "$TMP/err" >&2; fi
    exit 1
}

# .wat -> .wasm with wasmcell's own parser (`wasmcell convert` takes
# wat2wasm's arguments), so the tests need no wabt.
wat2wasm() {
    "$WASMCELL" convert "$@"
}
need_wat2wasm() {
    :
}

# run CMD...: runs it with stdout/stderr captured in $TMP/out, $TMP/err; sets $rc.
run() {
    "$@" >"$TMP/out" 2>"$TMP/err"
    rc=$?
}

expect_rc() {
    [ "$rc" -eq "$1" ] || fail "expected exit status $1, got $rc: $2"
}

# expect_stdout TEXT: stdout must be exactly TEXT (printf format, e.g. 'a\nb\n').
expect_stdout() {
    printf "$1" >"$TMP/want"
    cmp -s "$TMP/want" "$TMP/out" || fail "stdout differs from $(printf '%s' "$1")"
}

expect_stderr_has() {
    grep -q -- "$1" "$TMP/err" || fail "stderr lacks '$1'"
}

expect_stdout_has() {
    grep -q -- "$1" "$TMP/out" || fail "stdout lacks '$1'"
}
