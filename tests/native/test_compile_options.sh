# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# compile --opt 0..3 and --target-cpu native|generic: every artifact runs
# correctly; `run --tier native --opt N` too; bad options and inputs are
# refused with the documented exit codes.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
[ -x "$EDIT" ] || fail "$EDIT not built"
cd "$TMP" || fail "cd"
wat compute
cp compute.wasm prog.wasm
run "$WASMCELL" run --tier interp prog.wasm
expect_rc 0 "compute.wat interpreted"
cp "$TMP/out" want.out
[ "$(wc -c < want.out)" -eq 17 ] || fail "compute.wat printed '$(cat want.out)'"

for opt in 0 1 2 3; do
    for cpu in native generic; do
        run "$WASMCELL" compile --opt "$opt" --target-cpu "$cpu" prog.wasm -o "p$opt$cpu.cwasm"
        expect_rc 0 "compile --opt $opt --target-cpu $cpu"
        run "$WASMCELL" run "p$opt$cpu.cwasm"
        expect_no_crash "run (--opt $opt --target-cpu $cpu)"
        expect_rc 0 "run (--opt $opt --target-cpu $cpu)"
        cmp -s want.out "$TMP/out" || fail "--opt $opt --target-cpu $cpu: stdout differs"
    done
    run "$WASMCELL" run --tier native --no-cache --opt "$opt" prog.wasm
    expect_rc 0 "run --tier native --opt $opt"
    cmp -s want.out "$TMP/out" || fail "run --tier native --opt $opt: stdout differs"
done

# a real C program (tests/wasi's qsort) at the unusual levels
if [ -f "$WASI/qsort.wasm" ]; then
    cp "$WASI/qsort.wasm" qsort.wasm || fail "copy qsort.wasm"
    run "$WASMCELL" run --tier interp qsort.wasm
    cp "$TMP/out" qsort.out
    run "$WASMCELL" compile --opt 0 --target-cpu generic qsort.wasm -o qsort.cwasm
    expect_rc 0 "compile qsort.wasm --opt 0 --target-cpu generic"
    run "$WASMCELL" run qsort.cwasm
    expect_rc 0 "qsort.cwasm (--opt 0, generic)"
    cmp -s qsort.out "$TMP/out" || fail "qsort.cwasm (--opt 0, generic): stdout differs"
fi

# generic code names no CPU features beyond what every x86-64 has
"$EDIT" p2generic.cwasm info > info.txt || fail "artifact_edit info"
grep -qE '^cpu (generic|x86-64)$' info.txt || fail "--target-cpu generic: $(grep '^cpu' info.txt)"
for f in avx avx2 avx512f bmi2 fma; do
    grep -qE "^features .*\+$f(,|$)" info.txt && fail "--target-cpu generic uses +$f"
done
"$EDIT" p0native.cwasm info > info0.txt || fail "artifact_edit info"
"$EDIT" p3native.cwasm info > info3.txt || fail "artifact_edit info"
[ "$(grep '^opt' info0.txt)" != "$(grep '^opt' info3.txt)" ] || fail "--opt 0 and --opt 3 record the same level"

# the hello example from its .wat, generic
run "$WASMCELL" compile --target-cpu generic "$SRC/examples/hello.wat" -o hello.cwasm
expect_rc 0 "compile hello.wat"
run "$WASMCELL" run hello.cwasm
expect_rc 0 "run hello.cwasm"
expect_stdout 'hello world\n'

# refused
run "$WASMCELL" compile --opt 4 prog.wasm -o x.cwasm
expect_rc 125 "--opt 4"
run "$WASMCELL" compile --target-cpu pentium prog.wasm -o x.cwasm
expect_rc 125 "--target-cpu pentium"
run "$WASMCELL" compile prog.wasm
expect_rc 125 "no -o"
run "$WASMCELL" compile "$TMP/missing.wasm" -o x.cwasm
expect_rc 125 "missing input"
run "$WASMCELL" compile prog.wasm -o "$TMP/no/such/dir/x.cwasm"
expect_rc 125 "unwritable output"
printf 'not wasm at all' > bad.wasm
run "$WASMCELL" compile bad.wasm -o x.cwasm
expect_rc 1 "malformed input"
expect_stderr_has "bad.wasm"
[ -e x.cwasm ] && fail "a failed compile left x.cwasm behind"
run "$WASMCELL" run --tier native --opt 9 prog.wasm
expect_rc 125 "run --opt 9"
run "$WASMCELL" run --tier turbo prog.wasm
expect_rc 125 "run --tier turbo"
run env WASMCELL_TIER=turbo "$WASMCELL" run prog.wasm
expect_rc 125 "WASMCELL_TIER=turbo"
exit 0
