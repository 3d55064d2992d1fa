# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# --max-stack and --max-call-depth hold in native code as in the
# interpreter (docs/cli.md: "deep recursion traps cleanly"): the same
# recursion that fits the defaults traps "call stack exhausted" (134) under
# a small limit, in `run --tier native` and in `run X.cwasm`.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
cd "$TMP" || fail "cd"
wat recurse
run "$WASMCELL" compile recurse.wasm -o recurse.cwasm
expect_rc 0 "compile recurse.wasm"
for how in "--tier interp recurse.wasm" "--tier native --no-cache recurse.wasm" "recurse.cwasm"; do
    file=${how##* }; opts=${how% *}; [ "$opts" = "$file" ] && opts=""
    # shellcheck disable=SC2086
    {
    run "$WASMCELL" run $opts --invoke down $file 50000
    expect_no_crash "$how: 50000 deep"
    expect_rc 0 "$how: 50000 deep with the defaults"
    run "$WASMCELL" run $opts --max-call-depth 1000 --invoke down $file 900
    expect_rc 0 "$how: 900 deep under --max-call-depth 1000"
    run "$WASMCELL" run $opts --max-call-depth 1000 --invoke down $file 50000
    expect_no_crash "$how: --max-call-depth 1000"
    expect_rc 134 "$how: 50000 deep under --max-call-depth 1000"
    expect_stderr_has "call stack exhausted"
    run "$WASMCELL" run $opts --max-stack 64K --invoke down $file 50000
    expect_no_crash "$how: --max-stack 64K"
    expect_rc 134 "$how: 50000 deep under --max-stack 64K"
    expect_stderr_has "call stack exhausted"
    }
done
exit 0
