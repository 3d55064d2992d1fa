# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# argv[0] is FILE as given, then ARGS; env has only --env entries unless
# --inherit-env; a later --env NAME= replaces an earlier one.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
wat2wasm "$WAT/args_env.wat" -o "$TMP/args_env.wasm" || fail "wat2wasm"
cd "$TMP" || fail "cd"
run "$WASMCELL" run args_env.wasm one "two words" ""
expect_rc 0 "args"
expect_stdout 'args_env.wasm\none\ntwo words\n\n--\n'
run "$WASMCELL" run --env A=1 --env B=x=y --env A=2 args_env.wasm
expect_rc 0 "env"
expect_stdout 'args_env.wasm\n--\nA=2\nB=x=y\n'
WASMCELL_CLI_MARKER=present run "$WASMCELL" run args_env.wasm
grep -q WASMCELL_CLI_MARKER "$TMP/out" && fail "host env leaked without --inherit-env"
WASMCELL_CLI_MARKER=present run "$WASMCELL" run --inherit-env --env EXTRA=1 args_env.wasm
expect_rc 0 "inherit-env"
expect_stdout_has '^WASMCELL_CLI_MARKER=present$'
expect_stdout_has '^EXTRA=1$'
run "$WASMCELL" run -- args_env.wasm --not-an-option
expect_stdout 'args_env.wasm\n--not-an-option\n--\n'
exit 0
