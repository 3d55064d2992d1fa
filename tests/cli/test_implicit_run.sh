# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# `wasmcell FILE ARGS` is `wasmcell run FILE ARGS` when FILE ends in .wasm,
# .wat or .cwasm or exists; run's options may come first; command names win.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
hello=$SRC/examples/hello.wasm
run "$WASMCELL" "$hello"
expect_rc 0 "hello.wasm without run"
expect_stdout 'hello world\n'
wat2wasm "$WAT/args_env.wat" -o "$TMP/args_env.wasm" || fail "wat2wasm"
cd "$TMP" || fail "cd"
run "$WASMCELL" run args_env.wasm one "two words"
cp "$TMP/out" "$TMP/with_run"
run "$WASMCELL" args_env.wasm one "two words"
expect_rc 0 "args without run"
cmp -s "$TMP/with_run" "$TMP/out" || fail "'wasmcell FILE ARGS' differs from 'wasmcell run FILE ARGS'"
expect_stdout 'args_env.wasm\none\ntwo words\n--\n'
# an existing file without a known suffix
cp "$hello" "$TMP/prog"
run "$WASMCELL" ./prog
expect_rc 0 "an existing file without suffix"
expect_stdout 'hello world\n'
# run's options before FILE
run "$WASMCELL" --invoke add "$WAT/calc.wat" 2 40
expect_rc 0 "--invoke without run"
expect_stdout 'i32:42\n'
run "$WASMCELL" --env=A=1 args_env.wasm
expect_stdout 'args_env.wasm\n--\nA=1\n'
# a .wasm that does not exist is a run (and its error), not an unknown command
run "$WASMCELL" nosuch.wasm
expect_rc 125 "missing .wasm"
expect_stderr_has "cannot open nosuch.wasm"
# not a file, no suffix: still an unknown command; a directory is not a module
run "$WASMCELL" frobnicate
expect_rc 125 "unknown command"
expect_stderr_has "unknown command 'frobnicate'"
mkdir "$TMP/somedir"
run "$WASMCELL" somedir
expect_rc 125 "a directory"
expect_stderr_has "unknown command 'somedir'"
# a file named like a command: the command wins
cp "$hello" "$TMP/validate"
run "$WASMCELL" validate
expect_rc 125 "'validate' is the command"
expect_stderr_has "missing FILE"
run "$WASMCELL" ./validate
expect_rc 0 "./validate is the file"
expect_stdout 'hello world\n'
exit 0
