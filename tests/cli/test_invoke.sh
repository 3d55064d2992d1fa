# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# --invoke: ARGS are the export's arguments, results print one per line;
# a reactor's _initialize runs first.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
run "$WASMCELL" run --invoke add "$WAT/calc.wat" 2 40
expect_rc 0 "add"
expect_stdout 'i32:42\n'
run "$WASMCELL" run --invoke add "$WAT/calc.wat" -5 3
expect_rc 0 "add negative"
expect_stdout 'i32:-2\n'
run "$WASMCELL" run --invoke add "$WAT/calc.wat" 010 0x10
expect_stdout 'i32:26\n'
run "$WASMCELL" run --invoke=mul64 "$WAT/calc.wat" 4294967296 3
expect_stdout 'i64:12884901888\n'
run "$WASMCELL" run --invoke half "$WAT/calc.wat" 5
expect_stdout 'f64:2.5\n'
run "$WASMCELL" run --invoke pair "$WAT/calc.wat"
expect_stdout 'i32:-1\nf32:1.5\n'
run "$WASMCELL" run --invoke get "$WAT/reactor.wat"
expect_rc 0 "reactor"
expect_stdout 'i32:42\n'
run "$WASMCELL" run --invoke nope "$WAT/calc.wat"
expect_rc 125 "unknown export"
expect_stderr_has "no function 'nope'"
run "$WASMCELL" run --invoke add "$WAT/calc.wat" 1
expect_rc 125 "wrong argument count"
run "$WASMCELL" run --invoke add "$WAT/calc.wat" 1 x
expect_rc 125 "bad argument"
expect_stderr_has "not a valid i32"
exit 0
