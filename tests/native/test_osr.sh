# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# On-stack replacement (tier auto) at a loop with values on the operand
# stack (tests/native/wat/osr_stack.wat): a long loop entered once moves to
# native code in its middle (WASMCELL_NATIVE_DEBUG reports it) and gives the
# result of the native tier, which itself gives the interpreter's on short
# runs.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || fail "cd"
cp "$NWAT/osr_stack.wat" osr.wat || fail "copy osr_stack.wat"

# result TIER EXPORT N: the printed result of one run.
result() {
    run "$WASMCELL" run --tier "$1" --no-cache --invoke "$2" osr.wat "$3"
    expect_no_crash "$1 $2 $3"
    expect_rc 0 "$1 $2 $3"
    cat "$TMP/out"
}

for export in run twice; do
    for n in 1 2 1000; do
        want=$(result interp "$export" "$n")
        for tier in native auto; do
            got=$(result "$tier" "$export" "$n")
            [ "$got" = "$want" ] || fail "$tier $export $n: '$got', interpreted '$want'"
        done
    done
done

# Long enough that the background compile finishes while the loop runs.
n=100000000
for export in run twice; do
    want=$(result native "$export" "$n")
    WASMCELL_NATIVE_DEBUG=1 run "$WASMCELL" run --tier auto --no-cache --invoke "$export" osr.wat "$n"
    expect_no_crash "auto $export $n"
    expect_rc 0 "auto $export $n"
    [ "$(cat "$TMP/out")" = "$want" ] || fail "auto $export $n: '$(cat "$TMP/out")', native '$want'"
    grep -q 'on-stack replacement: function 1 entered native code at loop 0 (ran to its end)' "$TMP/err" ||
        fail "auto $export $n: no on-stack replacement into \$loop: $(cat "$TMP/err")"
done
exit 0
