# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# The baseline JIT in tier auto (src/exec/jit.h): a function the polls find
# running gets JIT code at once and its looping frame enters it (on-stack
# replacement on the interpreter's own frame); results equal the
# interpreter's; a trap in JIT code gives the interpreter's message and a
# backtrace naming the function; WASMCELL_JIT=0 and --tier interp make no
# JIT code. Read from WASMCELL_NATIVE_DEBUG=2.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
cd "$TMP" || fail "cd"
wat jit

run "$WASMCELL" run --tier interp --invoke sum jit.wasm 30000000
expect_rc 0 "interp sum"
want=$(cat "$TMP/out")
[ -n "$want" ] || fail "interp sum printed nothing"

run env WASMCELL_NATIVE_DEBUG=2 WASMCELL_LLVM_PLUGIN=/nonexistent "$WASMCELL" run --tier auto --no-cache \
    --invoke sum jit.wasm 30000000
expect_no_crash "auto sum"
expect_rc 0 "auto sum"
[ "$(cat "$TMP/out")" = "$want" ] || fail "auto sum: '$(cat "$TMP/out")', the interpreter says '$want'"
grep -q "^wasmcell: JIT func\[1\]: " "$TMP/err" || fail "sum was not JIT-compiled: $(cat "$TMP/err")"
grep -q "^wasmcell: on-stack replacement: function 1 entered JIT code" "$TMP/err" ||
    fail "sum's loop never entered its JIT code: $(cat "$TMP/err")"
grep -q "^wasmcell: JIT func\[0\]: " "$TMP/err" || fail "step (called in sum's loop) was not JIT-compiled: $(cat "$TMP/err")"

# the same with LLVM taking over (when this build has it): still the same result
run env WASMCELL_NATIVE_DEBUG=1 "$WASMCELL" run --tier auto --no-cache --invoke sum jit.wasm 30000000
expect_no_crash "auto sum with LLVM"
expect_rc 0 "auto sum with LLVM"
[ "$(cat "$TMP/out")" = "$want" ] || fail "auto sum with LLVM: '$(cat "$TMP/out")', the interpreter says '$want'"

# no JIT when it is off, nor in the interpreter tier
run env WASMCELL_JIT=0 WASMCELL_NATIVE_DEBUG=2 "$WASMCELL" run --tier auto --no-cache --invoke sum jit.wasm 3000000
expect_rc 0 "WASMCELL_JIT=0"
grep -q "JIT" "$TMP/err" && fail "WASMCELL_JIT=0 made JIT code: $(cat "$TMP/err")"
run env WASMCELL_NATIVE_DEBUG=2 "$WASMCELL" run --tier interp --invoke sum jit.wasm 3000000
expect_rc 0 "--tier interp"
grep -q "JIT" "$TMP/err" && fail "--tier interp made JIT code: $(cat "$TMP/err")"

# a trap in JIT code, found by tier auto: the interpreter's message, a
# backtrace that names the function
run "$WASMCELL" run --tier interp --invoke spin jit.wasm 20000000
[ "$rc" -eq 134 ] || fail "interp spin: exit $rc, want 134"
want=$(first_error_line)
run env WASMCELL_NATIVE_DEBUG=2 WASMCELL_LLVM_PLUGIN=/nonexistent "$WASMCELL" run --tier auto --no-cache \
    --invoke spin jit.wasm 20000000
expect_no_crash "auto spin"
[ "$rc" -eq 134 ] || fail "auto spin: exit $rc, want 134"
[ "$(first_error_line)" = "$want" ] || fail "auto spin: '$(first_error_line)', the interpreter says '$want'"
grep -q "entered JIT code" "$TMP/err" || fail "spin never entered JIT code: $(cat "$TMP/err")"
grep -qE "^  #0 func\[2\] <spin> @0x[0-9a-f]+$" "$TMP/err" ||
    fail "auto spin: frame #0 is not <spin> with an offset: $(cat "$TMP/err")"
# fuel: the least fuel that lets `run 50` finish in the interpreter lets it
# finish in JIT code, and one less runs out there too (calls into a
# function the JIT declines count one event, as the interpreter's)
wat jit_fuel
fuel_ok() { # MODE FUEL: 0 when run 50 finishes
    if [ "$1" = jit ]; then
        WASMCELL_JIT=all "$WASMCELL" run --tier interp --fuel "$2" --invoke run jit_fuel.wasm 50 >/dev/null 2>&1
    else
        "$WASMCELL" run --tier interp --fuel "$2" --invoke run jit_fuel.wasm 50 >/dev/null 2>&1
    fi
}
lo=1 hi=100000
fuel_ok interp "$hi" || fail "interp: run 50 does not finish with $hi fuel"
while [ $((hi - lo)) -gt 1 ]; do
    mid=$(((lo + hi) / 2))
    if fuel_ok interp "$mid"; then hi=$mid; else lo=$mid; fi
done
[ "$hi" -gt 100 ] || fail "interp: run 50 needs only $hi fuel"
fuel_ok jit "$hi" || fail "JIT: run 50 does not finish with $hi fuel, the interpreter's least"
fuel_ok jit $((hi - 1)) && fail "JIT: run 50 finishes with $((hi - 1)) fuel, less than the interpreter needs"

# division and remainder by constants (a multiply for 32-bit unsigned; no
# zero test for a nonzero constant): the interpreter's results over 300,000
# inputs and the edges, for 15 unsigned, 9 signed and 7 64-bit divisors
wat jit_divconst
run "$WASMCELL" run --tier interp --invoke check jit_divconst.wasm 300000
expect_rc 0 "interp check"
want=$(cat "$TMP/out")
run env WASMCELL_JIT=all WASMCELL_NATIVE_DEBUG=2 "$WASMCELL" run --tier interp --invoke check jit_divconst.wasm 300000
expect_rc 0 "JIT check"
[ "$(cat "$TMP/out")" = "$want" ] || fail "JIT check: '$(cat "$TMP/out")', the interpreter says '$want'"
grep -q "^wasmcell: JIT func\[1\]: " "$TMP/err" || fail "\$one was not JIT-compiled: $(cat "$TMP/err")"
for call in "div0 5" "rem0 5" "divm1 -2147483648" "divm1 -7" "remm1 -2147483648" "remm1 7"; do
    set -- $call
    run "$WASMCELL" run --tier interp --invoke "$1" jit_divconst.wasm -- "$2"
    want="$rc $(cat "$TMP/out") $(first_error_line)"
    run env WASMCELL_JIT=all "$WASMCELL" run --tier interp --invoke "$1" jit_divconst.wasm -- "$2"
    [ "$rc $(cat "$TMP/out") $(first_error_line)" = "$want" ] ||
        fail "JIT $call: '$rc $(cat "$TMP/out") $(first_error_line)', the interpreter: '$want'"
done

# ops whose interpreter handlers a compiler may merge still translate
wat jit_shared_handlers
run env WASMCELL_JIT=all WASMCELL_NATIVE_DEBUG=2 "$WASMCELL" run --tier interp --invoke mix \
    jit_shared_handlers.wasm 81985529216486895 1.5 -2.25
expect_rc 0 "JIT mix"
grep -q "JIT declines" "$TMP/err" && fail "the JIT declined mix: $(cat "$TMP/err")"
got=$(cat "$TMP/out")
run "$WASMCELL" run --tier interp --invoke mix jit_shared_handlers.wasm 81985529216486895 1.5 -2.25
[ "$(cat "$TMP/out")" = "$got" ] || fail "JIT mix: '$got', the interpreter says '$(cat "$TMP/out")'"
exit 0
