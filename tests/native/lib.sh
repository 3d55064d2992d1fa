# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# lib.sh — sourced by the native-tier tests: $1 = wasmcell binary, $2 = the
# source tree, $3 = this directory's build output (artifact_edit), $4 = the
# WASI test programs built by tests/wasi (printf.wasm, ...). Builds on
# tests/cli/lib.sh (run, expect_rc, expect_stdout, fail, $TMP).
. "$2/tests/cli/lib.sh"
TOOLS=$3
WASI=$4
NWAT=$SRC/tests/native/wat
EDIT=$TOOLS/artifact_edit
# Every test here picks its tier itself and never uses the default cache.
unset WASMCELL_TIER
export XDG_CACHE_HOME="$TMP/xdg-cache"

# need_wasi PROG...: skip (77) when tests/wasi could not build the programs.
need_wasi() {
    for p in "$@"; do
        [ -f "$WASI/$p.wasm" ] || { echo "SKIP: $WASI/$p.wasm not built (clang-19 wasm32-wasi missing?)"; exit 77; }
    done
}

# wat NAME: $NWAT/NAME.wat -> $TMP/NAME.wasm, with its names (name section).
wat() {
    wat2wasm --debug-names "$NWAT/$1.wat" -o "$TMP/$1.wasm" || fail "wat2wasm $1.wat"
}

# A sanitizer build reports on stderr: never acceptable.
expect_no_sanitizer_report() {
    if grep -qE 'ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:' "$TMP/err"; then
        fail "a sanitizer reported an error: $1"
    fi
}

# expect_no_crash WHAT: the last command did not die of a signal (other
# than the 134 that `run` uses for traps).
expect_no_crash() {
    case $rc in
        132|133|135|136|137|139) fail "$1: the runtime crashed (exit $rc, signal $((rc - 128)))" ;;
    esac
    expect_no_sanitizer_report "$1"
}

# first_error_line: the "error: ..." line of the last command's stderr.
first_error_line() {
    grep -m1 '^error:' "$TMP/err"
}
