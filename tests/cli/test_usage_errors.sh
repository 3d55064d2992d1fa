# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# Bad command lines: a clear message on stderr and exit status 125.
. "$(dirname "$0")/lib.sh"
hello=$SRC/examples/hello.wasm
run "$WASMCELL"
expect_rc 125 "no command"
run "$WASMCELL" --bogus
expect_rc 125 "unknown global option"
expect_stderr_has "unknown option '--bogus'"
run "$WASMCELL" frobnicate
expect_rc 125 "unknown command"
expect_stderr_has "unknown command 'frobnicate'"
run "$WASMCELL" run --bogus "$hello"
expect_rc 125 "run --bogus"
expect_stderr_has "unknown option '--bogus'"
[ -s "$TMP/out" ] && fail "the guest must not run after a usage error"
run "$WASMCELL" run
expect_rc 125 "run without FILE"
expect_stderr_has "missing FILE"
run "$WASMCELL" run --fuel lots "$hello"
expect_rc 125 "--fuel lots"
run "$WASMCELL" run --max-memory 12X "$hello"
expect_rc 125 "--max-memory 12X"
run "$WASMCELL" run --wasi-version preview9 "$hello"
expect_rc 125 "--wasi-version preview9"
run "$WASMCELL" run --env =VALUE "$hello"
expect_rc 125 "--env without a name"
run "$WASMCELL" run --timeout
expect_rc 125 "--timeout without a value"
expect_stderr_has "needs a value"
run "$WASMCELL" validate --bogus
expect_rc 125 "validate --bogus"
run "$WASMCELL" wast
expect_rc 125 "wast without files"
exit 0
