# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# lib.sh — host side of the sandbox escape tests, sourced by each test script:
#   . lib.sh RUNNER WASM_DIR [HOST_BIN_DIR]
# sb_setup makes a fresh tree:
#   $W/secret.txt                 "TOP-SECRET-<token>"   (just above the preopen)
#   $W/outside/secret2.txt        "TOP-SECRET outside"   (a sibling directory)
#   $W/outside/TOP-SECRET-name    (a name that must never show in a listing)
#   $W/TOP-SECRET-marker          (the same, for a listing of $W itself)
#   $W/root/                      the preopen, guest name /sandbox, guest fd 3
#   $W/root/inside.txt "inside", $W/root/sub/inside.txt "sub-inside"
# sb_tool runs tests/sandbox/sbtool.wasm with steps; sb_finish checks that
# nothing outside $W/root changed (names, types, sizes, modes, times, link
# targets, contents) and that no output leaked a secret, then reports.
set -u
RUNNER=$1
WASM_DIR=$2
HOST_BIN_DIR=${3:-}
SB_NAME=$(basename "$0" .sh)
SB_FAIL=0

sb_fail() { echo "FAIL $SB_NAME: $*"; SB_FAIL=1; }

sb_snapshot() {
    (cd "$W" && find . -path ./root -prune -o -printf '%p|%y|%s|%m|%T@|%l\n' | LC_ALL=C sort
     find . -path ./root -prune -o -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum) \
        > "$1"
}

sb_setup() {
    W=$(mktemp -d "${TMPDIR:-/tmp}/wasmcell-sandbox.XXXXXX") || exit 1
    W=$(cd "$W" && pwd -P)
    ROOT=$W/root
    trap 'chmod -R u+rwx "$W" 2>/dev/null; rm -rf "$W"' EXIT
    mkdir -p "$ROOT/sub" "$W/outside/dir"
    printf 'TOP-SECRET-%s\n' "$$" > "$W/secret.txt"
    printf 'TOP-SECRET outside\n' > "$W/outside/secret2.txt"
    printf 'TOP-SECRET in dir\n' > "$W/outside/dir/secret3.txt"
    : > "$W/outside/TOP-SECRET-name"
    : > "$W/TOP-SECRET-marker"   # a listing of $W would show it
    printf 'inside\n' > "$ROOT/inside.txt"
    printf 'sub-inside\n' > "$ROOT/sub/inside.txt"
}

# Call after the host side has finished preparing $W (links etc.).
sb_begin() { sb_snapshot "$W.before"; trap 'chmod -R u+rwx "$W" 2>/dev/null; rm -rf "$W" "$W.before" "$W.after" "$W.out" "$W.err"' EXIT; }

# sb_run WASM [wasmcell-run options...] -- [guest args...]: runs a guest with
# the preopen $W/root as /sandbox; stdout in $W.out, stderr in $W.err.
sb_run() {
    local wasm=$1; shift
    local opts=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    # shellcheck disable=SC2086   # RUNNER may be a command with arguments
    (cd "$WASM_DIR" && exec timeout -k 5 "${SB_TIMEOUT:-60}" $RUNNER run --dir "$ROOT::/sandbox" "${opts[@]}" \
        "$wasm.wasm" "$@") > "$W.out" 2> "$W.err" < /dev/null
    SB_RC=$?
    cat "$W.out"
    if [ -s "$W.err" ]; then echo "--- stderr:"; head -c 2000 "$W.err"; echo; fi
    if [ "$SB_RC" -ge 124 ]; then sb_fail "$wasm: exit status $SB_RC (timeout, crash or signal)"; fi
    if grep -q 'TOP-SECRET\|root:x:0:' "$W.out" "$W.err"; then sb_fail "$wasm: a secret reached the output"; fi
    if grep -qE 'ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:' "$W.err"; then
        sb_fail "$wasm: a sanitizer reported an error"
    fi
}

# sb_tool STEP...: runs sbtool; every step must meet its expectation.
sb_tool() {
    sb_run sbtool -- "$@"
    [ "$SB_RC" -eq 0 ] || sb_fail "sbtool: exit status $SB_RC (a step failed)"
    grep -q '^sbtool: ' "$W.out" || sb_fail "sbtool did not finish"
}

sb_finish() {
    sb_snapshot "$W.after"
    if ! cmp -s "$W.before" "$W.after"; then
        sb_fail "the host tree outside the preopen changed:"
        diff "$W.before" "$W.after" | head -40
    fi
    if [ "$SB_FAIL" -ne 0 ]; then exit 1; fi
    echo "PASS $SB_NAME"
    exit 0
}
