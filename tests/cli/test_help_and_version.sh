# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# --help (top level and per command) exits 0 and documents the exit codes.
. "$(dirname "$0")/lib.sh"
run "$WASMCELL" --help
expect_rc 0 "--help"
expect_stdout_has "usage: wasmcell"
expect_stdout_has "134"
expect_stdout_has "125"
for cmd in run validate wast; do
    run "$WASMCELL" $cmd --help
    expect_rc 0 "$cmd --help"
    expect_stdout_has "usage: wasmcell $cmd"
done
run "$WASMCELL" run --help
expect_stdout_has "--dir HOST"
run "$WASMCELL" --version
expect_rc 0 "--version"
grep -Eq '^wasmcell [0-9]+\.[0-9]+\.[0-9]+$' "$TMP/out" || fail "bad --version output"
