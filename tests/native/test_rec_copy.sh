# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# A small function that calls itself gets, at levels 1 to 3, a copy its
# self-calls go to, which LLVM inlines (tests/native/wat/selfcall.wat): the
# exit status is the interpreter's, a trap one level down (inside the
# inlined copy) gives the interpreter's message and a backtrace naming the
# function, unbounded recursion still exhausts the stack, and the copy is
# really there (the code of $fib is larger than with WASMCELL_NO_REC_COPY).
. "$(dirname "$0")/lib.sh"
need_wat2wasm
cd "$TMP" || fail "cd"
wat selfcall

run "$WASMCELL" run --tier interp --no-cache selfcall.wasm
want=$rc
[ "$want" -ge 1 ] && [ "$want" -le 64 ] || fail "interp: exit $want, want 1..64"
for opt in 1 2 3; do
    run "$WASMCELL" compile --opt $opt selfcall.wasm -o selfcall$opt.cwasm
    expect_rc 0 "compile --opt $opt"
    run "$WASMCELL" run selfcall$opt.cwasm
    expect_no_crash "opt $opt"
    expect_rc "$want" "run selfcall.cwasm (--opt $opt)"
done

run "$WASMCELL" run --tier interp --invoke div_down selfcall.wasm 3
expect_rc 134 "interp div_down"
msg=$(first_error_line)
run "$WASMCELL" run --invoke div_down selfcall2.cwasm 3
expect_no_crash "div_down"
expect_rc 134 "native div_down"
[ "$(first_error_line)" = "$msg" ] || fail "div_down: '$(first_error_line)', the interpreter says '$msg'"
grep -qE "^  #[0-9]+ func\[[0-9]+\] <div_down>" "$TMP/err" || fail "div_down: backtrace: $(cat "$TMP/err")"

run "$WASMCELL" run --invoke forever selfcall2.cwasm 0
expect_no_crash "forever"
expect_rc 134 "native forever"
grep -q "call stack exhausted" "$TMP/err" || fail "forever: $(cat "$TMP/err")"

# $fib is func[1]: its code holds the inlined copy
fib_size() { "$WASMCELL" inspect --native "$1" | sed -n 's/^func\[1\] native \([0-9]*\) bytes$/\1/p'; }
for opt in 1 2; do
    with=$(fib_size selfcall$opt.cwasm)
    WASMCELL_NO_REC_COPY=1 run "$WASMCELL" compile --opt $opt selfcall.wasm -o plain.cwasm
    expect_rc 0 "compile --opt $opt without the copy"
    without=$(fib_size plain.cwasm)
    [ -n "$with" ] && [ -n "$without" ] || fail "inspect --native: no size for func[1]"
    [ "$with" -gt "$without" ] || fail "--opt $opt: fib's code: $with bytes with the copy, $without without"
done
exit 0
