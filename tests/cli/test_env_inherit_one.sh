# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# --env NAME (no '=') passes the host's NAME; absent on the host, it is not
# set; --env NAME=VALUE still sets a value; --env =X and --env '' are errors.
. "$(dirname "$0")/lib.sh"
need_wat2wasm
wat2wasm "$WAT/args_env.wat" -o "$TMP/args_env.wasm" || fail "wat2wasm"
cd "$TMP" || fail "cd"
WASMCELL_CLI_ONE=from-host WASMCELL_CLI_OTHER=x run "$WASMCELL" run --env WASMCELL_CLI_ONE args_env.wasm
expect_rc 0 "--env NAME"
expect_stdout 'args_env.wasm\n--\nWASMCELL_CLI_ONE=from-host\n'
unset WASMCELL_CLI_ABSENT
run "$WASMCELL" run --env WASMCELL_CLI_ABSENT --env B=2 args_env.wasm
expect_rc 0 "--env NAME absent on the host"
expect_stdout 'args_env.wasm\n--\nB=2\n'
WASMCELL_CLI_ONE= run "$WASMCELL" run --env WASMCELL_CLI_ONE args_env.wasm
expect_rc 0 "--env NAME set to empty"
expect_stdout 'args_env.wasm\n--\nWASMCELL_CLI_ONE=\n'
WASMCELL_CLI_ONE=host run "$WASMCELL" run --env WASMCELL_CLI_ONE=cli args_env.wasm
expect_stdout 'args_env.wasm\n--\nWASMCELL_CLI_ONE=cli\n'
run "$WASMCELL" run --env =x args_env.wasm
expect_rc 125 "--env =x"
expect_stderr_has "expected NAME=VALUE or NAME"
run "$WASMCELL" run --env "" args_env.wasm
expect_rc 125 "--env ''"
exit 0
