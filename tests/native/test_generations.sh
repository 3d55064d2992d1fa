# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Tier auto compiles in generations, each holding only functions no earlier
# one took (tests/native/wat/phases.wat: a second phase gets hot after the
# first was compiled, and calls into it). The result is the interpreter's
# and the native tier's; WASMCELL_NATIVE_DEBUG=2 lists what each generation
# compiles, and no function is listed twice (but for one more compile that
# adds an OSR entry: a frame was found looping in code compiled without). How many generations a run
# makes depends on timing: nothing here asserts it.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
cd "$TMP" || fail "cd"
wat phases

# result TIER N: the printed result of one run.
result() {
    run "$WASMCELL" run --tier "$1" --no-cache --invoke run phases.wasm "$2"
    expect_no_crash "$1 $2"
    expect_rc 0 "$1 $2"
    cat "$TMP/out"
}

for n in 0 5 100000; do
    want=$(result interp "$n")
    for tier in native auto; do
        got=$(result "$tier" "$n")
        [ "$got" = "$want" ] || fail "$tier $n: '$got', interpreted '$want'"
    done
done

n=30000000
want=$(result native "$n")
WASMCELL_NATIVE_DEBUG=2 run "$WASMCELL" run --tier auto --no-cache --invoke run phases.wasm "$n"
expect_no_crash "auto $n"
expect_rc 0 "auto $n"
[ "$(cat "$TMP/out")" = "$want" ] || fail "auto $n: '$(cat "$TMP/out")', native '$want'"
grep -q 'background compile done' "$TMP/err" || fail "auto $n: nothing compiled: $(cat "$TMP/err")"
# once, or twice when the second compile adds an OSR entry the first lacked
dup=$(grep '^  func\[' "$TMP/err" | grep -v 'OSR entry' | grep -o '^  func\[[0-9]*\]' | sort | uniq -d)
[ -z "$dup" ] || fail "auto $n: compiled again in a later generation:$dup"
dup=$(grep '^  func\[.*OSR entry' "$TMP/err" | grep -o '^  func\[[0-9]*\]' | sort | uniq -d)
[ -z "$dup" ] || fail "auto $n: OSR entry compiled twice:$dup"
exit 0
